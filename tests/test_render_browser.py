"""The rendered email in real headless Chromium: headlines in order, sign-up block, layout."""

from __future__ import annotations

import functools
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium, dump_dom, screenshot
from factories import make_articles, make_brand, make_issue, make_profile
from selectolax.lexbor import LexborHTMLParser

from newsletter.models import Rendered
from newsletter.render import render_issue

__all__ = ["chromium"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.chromium

# Runs after load and records, for --dump-dom, what only a laid-out page knows.
PROBE = """<script>
window.addEventListener("load", () => {
  const root = document.documentElement;
  const headline = document.querySelector("h3");
  root.setAttribute("data-probe", JSON.stringify({
    viewport: root.clientWidth,
    scroll: root.scrollWidth,
    images: [...document.images].every((img) => img.complete && img.naturalWidth > 0),
    headlineLeft: headline ? Math.round(headline.getBoundingClientRect().left) : null,
  }));
});
</script>"""
# Headless Chromium will not make a window narrower than 500 px, so phones are checked by
# loading the page in an iframe of the phone's width and copying the frame's probe out.
FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="mail" src="{page}" style="width:{width}px;height:3000px;border:0"></iframe>
<script>
document.getElementById("mail").addEventListener("load", (event) => {{
  const probe = () => event.target.contentDocument.documentElement.getAttribute("data-probe");
  const copy = () => probe() ? document.documentElement.setAttribute("data-probe", probe())
                             : setTimeout(copy, 50);
  copy();
}});
</script></body></html>"""


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small solid-colour PNG with a darker band, written by hand (no imaging library)."""
    rows = []
    for y in range(height):
        shade = 0.7 if height // 3 < y < 2 * height // 3 else 1.0
        pixel = bytes(int(c * shade) for c in rgb)
        rows.append(b"\x00" + pixel * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1 (images and the email page)."""
    (tmp_path / "img").mkdir()
    colours = [(11, 83, 148), (46, 125, 50), (173, 20, 87), (239, 108, 0), (69, 90, 100)]
    for n, colour in enumerate(colours):
        (tmp_path / "img" / f"{n}.png").write_bytes(png(1200, 675, colour))
    (tmp_path / "img" / "logo.png").write_bytes(png(360, 80, (11, 83, 148)))
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def render_fixture(base: str) -> tuple[Rendered, list[str]]:
    articles = make_articles(10)
    articles = {
        key: article.__class__(
            **{
                **{f: getattr(article, f) for f in article.__slots__},
                "image": article.image.__class__(
                    url=f"{base}/img/{n % 5}.png",
                    alt=article.image.alt,
                    caption=article.image.caption,
                    credit=article.image.credit,
                )
                if article.image
                else None,
            }
        )
        for n, (key, article) in enumerate(articles.items())
    }
    issue = make_issue(articles)
    brand = make_brand(logo_url=f"{base}/img/logo.png")
    rendered = render_issue(issue, articles, brand, make_profile())
    return rendered, [articles[item.article].title for item in issue.items]


def publish(rendered: Rendered, folder: Path) -> None:
    """Write the email (with the probe) into the served folder."""
    page = rendered.html.replace("</body>", PROBE + "</body>")
    (folder / "issue.html").write_text(page, encoding="utf-8")


def probe(dom: LexborHTMLParser) -> dict[str, Any]:
    root = dom.css_first("html")
    assert root is not None
    raw = root.attributes.get("data-probe")
    assert raw, "the page never finished loading"
    data: dict[str, Any] = json.loads(raw)
    return data


def test_headlines_in_order_and_signup_in_chromium(chromium: Path, site: tuple[Path, str]) -> None:
    folder, base = site
    rendered, titles = render_fixture(base)
    publish(rendered, folder)
    dom = LexborHTMLParser(dump_dom(chromium, f"{base}/issue.html", width=600))
    assert dom.body is not None
    text = " ".join(dom.body.text(separator=" ").split())
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, [t for t, p in zip(titles, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert text.find("Forwarded this? Sign up to our monthly newsletter") > positions[-1]
    page = probe(dom)
    assert page["images"] is True
    assert page["scroll"] <= page["viewport"] == 600
    assert page["headlineLeft"] > 32 + 150  # beside its thumbnail


@pytest.mark.parametrize("width", [375, 320])
def test_phone_width_stacks_columns_without_overflow(
    chromium: Path, site: tuple[Path, str], width: int
) -> None:
    folder, base = site
    rendered, _ = render_fixture(base)
    publish(rendered, folder)
    (folder / "frame.html").write_text(FRAME.format(page="issue.html", width=width))
    page = probe(LexborHTMLParser(dump_dom(chromium, f"{base}/frame.html", width=600)))
    assert page["viewport"] == width
    assert page["scroll"] <= width
    assert page["images"] is True
    assert page["headlineLeft"] <= 40  # under its thumbnail, not beside it


def test_screenshots_at_desktop_and_mobile_width(chromium: Path, site: tuple[Path, str]) -> None:
    folder, base = site
    rendered, _ = render_fixture(base)
    publish(rendered, folder)
    for width in (600, 375):
        shot = screenshot(chromium, f"{base}/issue.html", folder / f"shot-{width}.png", width=width)
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24])[0] == width
