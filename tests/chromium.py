"""Headless Chromium for tests: find it, dump a page's DOM, take a screenshot."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# Records, after load, what a reader of the laid-out page gets (read back from --dump-dom).
PAGE_PROBE = """<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  };
  root.setAttribute("data-probe", JSON.stringify({
    title: document.title,
    lang: root.getAttribute("lang"),
    overflow: root.scrollWidth > root.clientWidth,
    links: [...document.links].filter(shown).map((a) => ({
      href: a.getAttribute("href"), url: a.href, text: a.innerText.trim(),
    })),
    text: document.body.innerText,
  }));
});
</script>"""


def probe(binary: Path, page: Path, *, width: int = 600, height: int = 900) -> dict[str, Any]:
    """Open a copy of `page` (beside it, so relative links resolve alike) with PAGE_PROBE and
    return what it recorded: title, lang, overflow, visible links (href, url, text), text."""
    source = page.read_text(encoding="utf-8")
    at = source.lower().rfind("</body>")
    copy = page.with_name(f".probe-{page.name}")
    copy.write_text(source[:at] + PAGE_PROBE + source[at:], encoding="utf-8")
    try:
        dom = dump_dom(binary, copy, width=width, height=height)
    finally:
        copy.unlink()
    start = dom.find('data-probe="')
    assert start >= 0, "the probe did not run"
    end = dom.find('"', start + len('data-probe="'))
    raw = dom[start + len('data-probe="') : end]
    data: dict[str, Any] = json.loads(html.unescape(raw))
    return data


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
