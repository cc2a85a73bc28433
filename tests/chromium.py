"""Headless Chromium for tests: find it, dump a page's DOM, take a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--disable-dev-shm-usage",
)
TIMEOUT = 90


def find_chromium() -> Path | None:
    """/usr/bin/chromium, else the first of chromium, chromium-browser, google-chrome on PATH."""
    default = Path("/usr/bin/chromium")
    if default.is_file() and os.access(default, os.X_OK):
        return default
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def _run(binary: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [str(binary), *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def _as_url(page: Path | str) -> str:
    return page.resolve().as_uri() if isinstance(page, Path) else page


def dump_dom(binary: Path, page: Path | str, *, width: int = 600, height: int = 900) -> str:
    """The DOM after load (scripts run, layout done) as serialised HTML."""
    result = _run(
        binary,
        [f"--window-size={width},{height}", "--virtual-time-budget=3000", "--dump-dom",
         _as_url(page)],
    )  # fmt: skip
    assert result.returncode == 0, f"chromium --dump-dom failed: {result.stderr[-2000:]}"
    return result.stdout


def screenshot(
    binary: Path, page: Path | str, out: Path, *, width: int = 600, height: int = 2400
) -> Path:
    """A PNG of `page` rendered in a window `width` CSS pixels wide."""
    result = _run(
        binary,
        [f"--window-size={width},{height}", "--virtual-time-budget=3000",
         f"--screenshot={out}", _as_url(page)],
    )  # fmt: skip
    assert result.returncode == 0 and out.is_file(), (
        f"chromium --screenshot failed: {result.stderr[-2000:]}"
    )
    return out


@pytest.fixture(scope="session")
def chromium() -> Iterator[Path]:
    """The Chromium binary; skips the test locally when missing, FAILS in CI (env CI set)."""
    binary = find_chromium()
    if binary is None:
        message = "headless Chromium not found (/usr/bin/chromium, " + ", ".join(CANDIDATES) + ")"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must have it (.ci/run installs it)")
        pytest.skip(message)
    yield binary
