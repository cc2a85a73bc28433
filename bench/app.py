"""The composer app on a 100,000-article archive: time to first paint, and search as you type.

First paint: the app is started in a fresh interpreter on a real pseudo-terminal (120x40),
as `newsletter edit` starts it, and notes when the first frame of its main screen is handed
to the terminal; an empty Textual app is started the same way and notes its first frame.
Both run with bytecode caches, as installed software does (see NO_BYTECODE). The figure is
the ratio of the medians (goal <= 1.5x). The times until the archive list and the preview
are filled (they load in workers, after the first paint) are reported beside it.

Search as you type: the app runs headless in this process on the same archive; phrases are
typed letter by letter (keys posted to the app as the terminal driver posts them) and each
keystroke is timed until the archive list holds that query's results (the pane's
rows_listed signal; the event loop waits idle meanwhile, as it does in use, rather than
polling and competing with the search thread for the GIL), and until the frame showing them
has been drawn. Goal: p95 under 16 ms. bench/search.py times the archive search alone.

The synthetic archive comes from bench/_corpus.py through bench.search.build_archive
(cached in the temp folder and shared with bench/search.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from fcntl import ioctl
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._timing import percentile  # noqa: E402
from bench.search import TYPED, build_archive  # noqa: E402

SIZE = 100_000
PAINT_GOAL = 1.5
KEY_GOAL_MS = 16.0
PAINT_RUNS = int(os.environ.get("BENCH_APP_RUNS", "9"))
SEARCH_ROUNDS = int(os.environ.get("BENCH_APP_SEARCH_ROUNDS", "3"))
COLUMNS, LINES = 120, 40
TIMEOUT = 120.0
# Both apps start as installed software does: with bytecode caches (pip compiles them at
# install time). An environment that forbids writing them would otherwise make every start
# of the composer compile its own modules from source, while Textual's ship precompiled.
# The caches go to a private folder (PYTHONPYCACHEPREFIX), filled by the warm-up runs.
NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE"}

# Runs in a fresh interpreter on the pseudo-terminal: start an app, note when it painted.
# "paint" is when the first frame of the app's screen (the composer's main screen) is handed
# to the terminal: Textual's App._display with a frame, outside a batch of updates.
# The composer is started as `newsletter edit` starts it (newsletter.cli: make_app(...).run()).
PROBE = r"""
import json, sys, time
from pathlib import Path

kind, report = sys.argv[1], Path(sys.argv[2])
marks = {}


def mark(name):
    marks.setdefault(name, time.time())


def mark_first_frame(app_class, is_target):
    display = app_class._display

    def watched(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count and is_target(screen):
            mark("paint")
            if "exit_at_paint" in marks:
                self.exit()

    app_class._display = watched


if kind == "empty":
    from textual.app import App

    class Empty(App):
        pass

    marks["exit_at_paint"] = 0
    mark_first_frame(App, lambda screen: True)
    app = Empty()
else:
    from newsletter.tui import make_app
    from newsletter.workspace import Workspace

    root = Path(sys.argv[3])
    app = make_app(Workspace(root), root / "issues" / "bench.toml")

    from textual.app import App  # imported by make_app already

    from newsletter.tui.screens.main import MainScreen

    mark_first_frame(App, lambda screen: isinstance(screen, MainScreen))
    asked = set()

    def progress():
        screen = app.screen
        if not isinstance(screen, MainScreen) or not screen.is_mounted:
            return
        for name, ready in (
            ("list", bool(screen.archive_pane.rows)),
            ("preview", screen.rendered is not None),
        ):
            if ready and name not in asked:
                asked.add(name)
                screen.call_after_refresh(mark, name)
        if {"paint", "list", "preview"} <= set(marks):
            app.exit()

    app.call_later(app.set_interval, 0.002, progress)

app.run()
marks.pop("exit_at_paint", None)
report.write_text(json.dumps(marks))
"""


def make_workspace(archive: Path, folder: Path) -> Path:
    """A workspace on the synthetic archive with an issue of six of its articles."""
    from newsletter.archive import Archive

    root = folder / "workspace"
    (root / "issues").mkdir(parents=True, exist_ok=True)
    config = (ROOT / "newsletter.toml").read_text(encoding="utf-8")
    config = config[: config.index("[archive]")] + f'[archive]\npath = "{archive}"\n'
    (root / "newsletter.toml").write_text(config, encoding="utf-8")
    with Archive.open(archive) as opened:
        ids = [row.id for row in opened.list(limit=6)]
    items = "".join(f'\n[[sections.items]]\narticle = "{i}"\nparagraphs = 1\n' for i in ids)
    (root / "issues" / "bench.toml").write_text(
        'number = 1\ndate = 2026-12-01\nsubject = "Bench"\n\n[[sections]]\ntitle = "News"\n'
        + items,
        encoding="utf-8",
    )
    return root


def start_on_pty(kind: str, workspace: Path, report: Path) -> dict[str, float]:
    """Start the probe on a new pseudo-terminal; its marks as seconds after the start."""
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", *NO_BYTECODE}}
    env["TERM"] = "xterm-256color"
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONPYCACHEPREFIX"] = str(report.parent / "pycache")

    def drain() -> None:  # be the terminal: read what the app writes
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    report.unlink(missing_ok=True)
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-c", PROBE, kind, str(report), str(workspace)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=workspace,
        start_new_session=True,
    )
    os.close(slave)
    try:
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
        reader.join(timeout=5)
    marks: dict[str, float] = json.loads(report.read_text(encoding="utf-8"))
    return {name: when - started for name, when in marks.items()}


def first_paint(workspace: Path, folder: Path, runs_each: int) -> dict[str, float]:
    """Medians over interleaved runs of the empty app and the composer."""
    runs: dict[str, list[dict[str, float]]] = {"empty": [], "app": []}
    for kind in runs:  # warm the file cache and fill the bytecode caches alike
        start_on_pty(kind, workspace, folder / "warm.json")
    for _ in range(runs_each):
        for kind, taken in runs.items():
            taken.append(start_on_pty(kind, workspace, folder / f"{kind}.json"))
    medians = {"empty": statistics.median(r["paint"] for r in runs["empty"])}
    for key in ("paint", "list", "preview"):
        medians[f"app_{key}"] = statistics.median(r[key] for r in runs["app"])
    return medians


async def typing_latencies(workspace: Path, rounds: int) -> dict[str, list[float]]:
    """Per keystroke, seconds until the list holds the query's results ("listed") and until
    the frame showing them is drawn ("drawn"; Textual draws at most 60 frames a second)."""
    from textual import events

    from newsletter.tui import make_app
    from newsletter.tui.screens.main import MainScreen
    from newsletter.workspace import Workspace

    app = make_app(Workspace(workspace), workspace / "issues" / "bench.toml")
    taken: dict[str, list[float]] = {"listed": [], "drawn": []}
    loop = asyncio.get_running_loop()
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        screen = app.screen
        while not isinstance(screen, MainScreen) or screen.archive_pane.archive is None:
            await pilot.pause(0.05)
            screen = app.screen
        pane = screen.archive_pane
        waiting: dict[int, asyncio.Future[float]] = {}

        def rows_listed(generation: int) -> None:  # called as the pane publishes its rows
            future = waiting.pop(generation, None)
            if future is not None:
                future.set_result(time.perf_counter())

        pane.rows_listed_signal.subscribe(app, rows_listed, immediate=True)
        for round_number in range(rounds + 1):  # the first round warms the caches
            for phrase in TYPED:
                pane.search_input.value = ""
                await pilot.pause(0.05)
                while pane.fetching:
                    await asyncio.sleep(0.001)
                for char in phrase:
                    listed_future = waiting[pane.generation + 1] = loop.create_future()
                    drawn: asyncio.Future[float] = loop.create_future()
                    started = time.perf_counter()
                    app.post_message(events.Key("space" if char == " " else char, char))
                    listed = await listed_future  # the event loop idles meanwhile, as in use
                    screen.call_after_refresh(lambda d=drawn: d.set_result(time.perf_counter()))
                    finished = await drawn
                    if round_number:
                        taken["listed"].append(listed - started)
                        taken["drawn"].append(finished - started)
                assert pane.archive_query.text == phrase, pane.archive_query
    return taken


def main(
    size: int = SIZE,
    paint_runs: int = PAINT_RUNS,
    search_rounds: int = SEARCH_ROUNDS,
    archive_folder: Path | None = None,
) -> list[dict[str, Any]]:
    archive, built = build_archive(size, archive_folder)
    size_mb = archive.stat().st_size / 1e6
    kept = f"built in {built:.0f} s" if built is not None else "kept from an earlier run"
    print(f"archive: {size:,d} articles, {size_mb:.0f} MB ({kept})")
    folder = Path(tempfile.mkdtemp(prefix="newsletter-bench-app-"))
    try:
        workspace = make_workspace(archive, folder)
        paint = first_paint(workspace, folder, paint_runs)
        ratio = paint["app_paint"] / paint["empty"]
        print(
            f"first paint at {COLUMNS}x{LINES}: empty Textual app {paint['empty'] * 1000:.0f} ms,"
            f" composer {paint['app_paint'] * 1000:.0f} ms -> {ratio:.2f}x "
            f"(goal <= {PAINT_GOAL}x; medians of {paint_runs} runs)\n"
            f"  then the archive list at {paint['app_list'] * 1000:.0f} ms and the preview "
            f"at {paint['app_preview'] * 1000:.0f} ms"
        )
        taken = asyncio.run(typing_latencies(workspace, search_rounds))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ms = {
        f"{kind}_{name}": round(percentile(values, q) * 1000, 2)
        for kind, values in taken.items()
        for name, q in (("p50", 0.5), ("p95", 0.95))
    }
    print(
        f"search as you type in the app, {len(taken['listed'])} keystrokes of "
        f"{', '.join(repr(p) for p in TYPED)}:\n"
        f"  key -> results in the list: p50 {ms['listed_p50']:.1f} ms, "
        f"p95 {ms['listed_p95']:.1f} ms (goal p95 < {KEY_GOAL_MS:.0f} ms)\n"
        f"  key -> frame drawn:         p50 {ms['drawn_p50']:.1f} ms, p95 {ms['drawn_p95']:.1f} ms"
    )
    return [
        {
            "name": f"app first paint, {size:,d}-article archive / empty Textual app",
            "value": round(ratio, 2),
            "unit": "x",
            "goal": f"<= {PAINT_GOAL}x",
            "met": ratio <= PAINT_GOAL,
            "detail_ms": {key: round(value * 1000) for key, value in paint.items()},
            "runs": paint_runs,
        },
        {
            "name": f"app search-as-you-type p95, {size:,d}-article archive",
            "value": ms["listed_p95"],
            "unit": " ms",
            "goal": f"< {KEY_GOAL_MS:.0f} ms",
            "met": ms["listed_p95"] < KEY_GOAL_MS,
            "detail_ms": ms,
            "keystrokes": len(taken["listed"]),
        },
    ]


if __name__ == "__main__":
    main()
