"""End to end in a real terminal: tmux runs `newsletter edit` on a copy of the sample workspace.

Keys go in with `tmux send-keys`; the test reads the screen with `capture-pane` and, at the
end, the files the app wrote. Skipped when tmux is missing, except in CI (env CI set), where
a missing tmux is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.issuefile import load_issue

NORDIC = "nordic-companies-draw-crowds-at-the-european-oncology-conference"
TWELVE = "twelve-start-ups-pitch-at-the-autumn-demo-day"
WAIT_SECONDS = 60.0

pytestmark = pytest.mark.e2e


class Terminal:
    """One tmux server (private socket) running one window of 100x30."""

    def __init__(self, socket: Path, config: Path) -> None:
        self.socket = socket
        self.config = config

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=True,
            env=clean_environment(),
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def wait_for(self, text: str) -> str:
        """Wait until `text` is on screen (the app is asynchronous, the terminal too)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def wait_for_file(self, path: Path) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if path.exists():
                return
            time.sleep(0.1)
        raise AssertionError(f"{path} was not written; the screen shows:\n{self.screen()}")

    def wait_until_exited(self, marker: Path) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if marker.exists():
                return marker.read_text(encoding="utf-8").strip()
            time.sleep(0.1)
        raise AssertionError(f"the app did not exit; the screen shows:\n{self.screen()}")


def clean_environment() -> dict[str, str]:
    """This process's environment without a fixed terminal size (COLUMNS/LINES), which the
    tmux server would pass on to the app and which would win over the real window size."""
    return {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "TMUX"}}


def newsletter_script() -> Path:
    script = Path(sys.executable).parent / "newsletter"
    assert script.exists(), f"the `newsletter` script is missing beside {sys.executable}"
    return script


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is required in CI for the end-to-end test")
        pytest.skip("tmux is not installed")
    config = tmp_path / "tmux.conf"
    # The size from the start (no resize the app could miss), no status line, no user config.
    config.write_text("set -g default-size 100x30\nset -g status off\n", encoding="utf-8")
    term = Terminal(tmp_path / "tmux.sock", config)
    yield term
    subprocess.run(["tmux", "-S", str(term.socket), "kill-server"], capture_output=True)


def test_search_add_move_trim_save_export_quit(
    sample_workspace: Path, terminal: Terminal, tmp_path: Path
) -> None:
    marker = tmp_path / "exit-code"
    command = f"{newsletter_script()} edit issues/sample.toml; echo $? > {marker}"
    terminal.tmux(
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        "-c",
        str(sample_workspace),
        command,
    )
    terminal.wait_for("7 articles")
    terminal.wait_for("KB / 102 KB")

    assert "Archive  f2" not in terminal.screen(), "100 columns: all panes at once"

    terminal.type("nordic")
    terminal.wait_for("1 hits")
    terminal.keys("Enter")  # to the list
    terminal.wait_for("Add to issue")
    terminal.keys("Enter")  # add the highlighted article after the current item
    terminal.wait_for("7 items")
    terminal.keys("F3")
    terminal.wait_for("⇧↑ ⇧↓ Move")  # the issue tree has the focus
    terminal.keys("S-Up")  # move it above the top story
    terminal.keys("+")  # one paragraph longer
    terminal.wait_for("¶1    Nordic companies")
    assert "● unsaved" in terminal.screen()
    terminal.keys("C-s")
    terminal.wait_for("Saved issues/sample.toml")
    terminal.keys("C-e")
    terminal.wait_for_file(sample_workspace / "out" / "sample.json")
    terminal.keys("C-q")
    assert terminal.wait_until_exited(marker) == "0"

    issue = load_issue(sample_workspace / "issues" / "sample.toml")
    top = issue.sections[0].items
    assert [item.article for item in top] == [NORDIC, TWELVE]
    assert top[0].paragraphs == 1
    text = (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")
    assert text.startswith("# A sample issue"), "comments survive the save"
    out = sample_workspace / "out"
    html = (out / "sample.html").read_text(encoding="utf-8")
    assert html.index("Nordic companies draw crowds") < html.index("Twelve start-ups pitch")
    report = json.loads((out / "sample.json").read_text(encoding="utf-8"))
    assert NORDIC in report["sections"][0]["items"]
    assert "Nordic companies draw crowds" in (out / "sample.txt").read_text(encoding="utf-8")
