"""`newsletter compose` as a whole process vs the reference `mjml` command on the same MJML.

Two figures, both on a copy of the sample workspace (its archive already built, as after the
first run):
- time: `newsletter compose --issue issues/sample.toml -o DIR` (start-up, archive check,
  issue load, render, three files written) against `node bench/node_modules/.bin/mjml`
  compiling the MJML that compose rendered (goal <= 0.35x). Whole processes, interleaved,
  medians of wall-clock time.
- size: compose's HTML against `mjml --config.minify true` on the same MJML (goal <= 0.95x).

The reference is the npm package `mjml` (v4), which `make bench` installs into
bench/node_modules when node and npm exist; without it these figures are skipped.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsletter import writer  # noqa: E402

TIME_GOAL = 0.35
SIZE_GOAL = 0.95
REPS = int(os.environ.get("BENCH_PROCESS_REPS", "15"))
MJML = ROOT / "bench" / "node_modules" / ".bin" / "mjml"
ISSUE = Path("issues") / "sample.toml"


def reference_command() -> list[str] | None:
    """`node .../mjml`, or None when node or the npm package is missing."""
    node = shutil.which("node")
    if node is None or not MJML.exists():
        return None
    return [node, str(MJML)]


def newsletter_command() -> list[str]:
    """The installed `newsletter` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("newsletter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "newsletter"]


def sample_workspace(folder: Path) -> Path:
    """A copy of the repository's sample workspace (settings, issues, templates, dumps)."""
    for name in ("newsletter.toml", "issues", "templates", "newsletter/sample/archive"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns(".*"))
        elif source.is_file():
            writer.write_bytes(folder / name, source.read_bytes())
    return folder


def user_environment(tmp: Path) -> dict[str, str]:
    """The environment of an installed `newsletter`: Python keeps its compiled bytecode (this
    machine's PYTHONDONTWRITEBYTECODE would recompile every module in every run), here under
    `tmp`, like the compiled templates; nothing is written into the checkout or the home."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["NEWSLETTER_CACHE_DIR"] = str(tmp / "cache")
    return env


def wall(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds one whole process takes; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-800:]}")
    return elapsed


def imports_of(command: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The top-level packages a `newsletter` command imports, via -X importtime."""
    python = [sys.executable, "-X", "importtime", "-m", "newsletter", *command[1:]]
    done = subprocess.run(python, cwd=cwd, env=env, capture_output=True, text=True, check=True)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return sorted(names)


def skipped(note: str) -> list[dict[str, Any]]:
    return [
        {"name": "compose process vs mjml (node)", "value": None, "unit": "x",
         "goal": f"<= {TIME_GOAL}x", "met": None, "note": note},
        {"name": "compose HTML size vs mjml --minify", "value": None, "unit": "x",
         "goal": f"<= {SIZE_GOAL}x", "met": None, "note": note},
    ]  # fmt: skip


def main(reps: int = REPS) -> list[dict[str, Any]]:
    reference = reference_command()
    if reference is None:
        note = "no node or no bench/node_modules/.bin/mjml: `make bench` installs it with npm"
        print(f"skipped: {note}")
        return skipped(note)
    with tempfile.TemporaryDirectory(prefix="bench-compose-") as tmp:
        workspace = sample_workspace(Path(tmp) / "workspace")
        out = Path(tmp) / "out"
        ours = [*newsletter_command(), "compose", "--issue", str(ISSUE), "-o", str(out)]
        env = user_environment(Path(tmp))
        wall(ours, workspace, env)  # builds the archive and the caches, like a first run
        mjml_file = Path(tmp) / "issue.mjml"
        writer.write_text(mjml_file, rendered_mjml(workspace))
        theirs = [*reference, str(mjml_file), "-o", str(Path(tmp) / "reference.html")]
        minified = [*theirs[:-1], str(Path(tmp) / "minified.html"), "--config.minify", "true"]
        wall(theirs, workspace)
        times: dict[str, list[float]] = {"compose": [], "mjml": []}
        for _ in range(reps):
            times["compose"].append(wall(ours, workspace, env))
            times["mjml"].append(wall(theirs, workspace))
        wall(minified, workspace)
        sizes = {
            "compose": (out / "sample.html").stat().st_size,
            "mjml": (Path(tmp) / "reference.html").stat().st_size,
            "mjml --minify": (Path(tmp) / "minified.html").stat().st_size,
        }
        packages = imports_of(ours, workspace, env)
    medians = {name: statistics.median(values) for name, values in times.items()}
    time_ratio = medians["compose"] / medians["mjml"]
    size_ratio = sizes["compose"] / sizes["mjml --minify"]
    heavy = [name for name in ("textual", "rich", "httpx", "feedparser") if name in packages]
    print(f"sample issue, whole processes ({reps} reps each, interleaved, medians)")
    print(f"  newsletter compose         {medians['compose'] * 1000:8.1f} ms")
    print(f"  node mjml                  {medians['mjml'] * 1000:8.1f} ms  (reference)")
    print(f"  ratio                      {time_ratio:8.2f}x    goal <= {TIME_GOAL}x")
    for name, size in sizes.items():
        print(f"  HTML bytes, {name:15s} {size:8d}")
    print(f"  size ratio (vs minified)   {size_ratio:8.3f}x   goal <= {SIZE_GOAL}x")
    print(f"  heavy packages compose imports: {', '.join(heavy) or 'none'}")
    return [
        {
            "name": "compose process vs mjml (node)",
            "value": round(time_ratio, 3),
            "unit": "x",
            "goal": f"<= {TIME_GOAL}x",
            "met": time_ratio <= TIME_GOAL,
            "detail_ms": {name: round(value * 1000, 1) for name, value in medians.items()},
            "heavy_imports": heavy,
        },
        {
            "name": "compose HTML size vs mjml --minify",
            "value": round(size_ratio, 3),
            "unit": "x",
            "goal": f"<= {SIZE_GOAL}x",
            "met": size_ratio <= SIZE_GOAL,
            "detail_bytes": sizes,
        },
    ]


def rendered_mjml(workspace: Path) -> str:
    """The MJML compose renders for the sample issue (the same input for both tools)."""
    from newsletter.compose import compose_issue
    from newsletter.workspace import Workspace

    return compose_issue(Workspace(workspace), workspace / ISSUE).rendered.mjml


if __name__ == "__main__":
    main()
