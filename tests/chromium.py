"""Headless Chromium for tests: find it, dump a page's DOM, take a screenshot, measure a
laid-out page (overflow, images, where given texts sit), serve fixture files and PNGs."""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterator, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG (no imaging library needed)."""
    row = b"\x00" + bytes(rgb) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# After load: overflow, every image, and for each wanted text the deepest element holding
# it, with its box and whether a reader sees it. Written into data-probe on <html>.
LAYOUT_PROBE = """<script id="nl-layout-texts" type="application/json">%s</script>
<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  const fold = (text) => (text || "").replace(/\\s+/g, " ").trim();
  const wanted = JSON.parse(document.getElementById("nl-layout-texts").textContent);
  const elements = [...document.body.querySelectorAll("*")].filter(
    (el) => el.tagName !== "SCRIPT" && el.tagName !== "STYLE");
  const locate = (text) => {
    const holders = elements.filter((el) => fold(el.textContent).includes(text));
    const deepest = holders.filter((el) => !holders.some((o) => o !== el && el.contains(o)));
    const el = deepest[0];
    if (!el) return {text, found: false};
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {text, found: true, top: box.top + scrollY, left: box.left, right: box.right,
            visible: box.width > 0 && box.height > 0 && style.visibility !== "hidden"
                     && style.display !== "none" && box.right <= innerWidth + 1};
  };
  root.setAttribute("data-probe", JSON.stringify({
    viewport: innerWidth,
    scroll: root.scrollWidth,
    images: [...document.images].map((img) => ({src: img.currentSrc || img.src,
      loaded: img.complete && img.naturalWidth > 0, width: img.getBoundingClientRect().width})),
    texts: wanted.map(locate),
  }));
});
</script>"""
# Headless Chromium will not make a window narrower than 500 px: narrower widths load the
# page in an iframe that wide (same origin) and copy the frame's probe out.
NARROW_FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="page" src="%s" style="width:%dpx;height:4000px;border:0"></iframe>
<script>
document.getElementById("page").addEventListener("load", (event) => {
  const copy = () => {
    const data = event.target.contentDocument.documentElement.getAttribute("data-probe");
    data ? document.documentElement.setAttribute("data-probe", data) : setTimeout(copy, 50);
  };
  copy();
});
</script></body></html>"""


def layout(
    binary: Path, folder: Path, base: str, page: str, *, width: int, texts: Sequence[str]
) -> dict[str, Any]:
    """Open `page` (a file in `folder`, served at `base`) `width` CSS px wide and report:
    viewport, scroll width, images (src, loaded, width) and, for each of `texts`, whether
    it is found and visible and where (top, left, right)."""
    source = (folder / page).read_text(encoding="utf-8")
    at = source.lower().rfind("</body>")
    probe_json = json.dumps(list(texts)).replace("</", "<\\/")
    probed = f".layout-{width}-{page}"
    (folder / probed).write_text(source[:at] + LAYOUT_PROBE % probe_json + source[at:],
                                 encoding="utf-8")  # fmt: skip
    opened = probed
    if width < 500:
        opened = f".frame-{width}-{page}"
        (folder / opened).write_text(NARROW_FRAME % (probed, width), encoding="utf-8")
    dom = dump_dom(binary, f"{base}/{opened}", width=max(width, 500), height=1200)
    start = dom.find('data-probe="')
    assert start >= 0, f"the layout probe did not run on {page} at {width} px"
    end = dom.find('"', start + len('data-probe="'))
    data: dict[str, Any] = json.loads(html.unescape(dom[start + len('data-probe="') : end]))
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
