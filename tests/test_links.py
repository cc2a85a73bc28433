"""`check --links` against a real HTTP server on 127.0.0.1: HEAD then GET, redirects,
broken and refused links, timeouts, images that are not images, progress."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from newsletter.checks.document import Document, Link, Picture
from newsletter.cli import main
from newsletter.links import (
    LinkResult,
    Target,
    check_links_now,
    collect_targets,
    link_findings,
)
from newsletter.net import NetOptions

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Handler(BaseHTTPRequestHandler):
    """Routes for every case; records (method, path) of each request."""

    seen: ClassVar[list[tuple[str, str]]] = []
    ok_paths: ClassVar[set[str]] = set()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        Handler.seen.append((self.command, path))
        if path.startswith("/slow"):
            time.sleep(2.0)
        redirects = {"/moved": (301, "/ok"), "/temp": (302, "/ok"), "/chain": (302, "/moved")}
        if path in redirects:
            status, location = redirects[path]
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, kind = 200, "text/html; charset=utf-8"
        if path == "/no-head" and self.command == "HEAD":
            status = 405
        elif path == "/missing" or (
            len(path) > 1 and path.endswith("/") and path not in Handler.ok_paths
        ):
            status = 404
        elif path == "/gone":
            status = 410
        elif path == "/forbidden":
            status = 403
        elif path == "/error":
            status = 500
        elif path.endswith(".png"):
            kind = "image/png"
        payload = PNG if kind == "image/png" else b"<!doctype html><p>page</p>"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.seen = []
    Handler.ok_paths = set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FAST = NetOptions(timeout=0.5, connect_timeout=0.5, attempt_deadline=1.0)


def check(urls: list[str], kind: str = "link") -> dict[str, LinkResult]:
    targets = [Target(url, "image" if kind == "image" else "link") for url in urls]
    return {r.target.url: r for r in check_links_now(targets, options=FAST)}


def test_ok_broken_and_refused(server: str) -> None:
    results = check(
        [
            f"{server}/ok",
            f"{server}/missing",
            f"{server}/gone",
            f"{server}/forbidden",
            f"{server}/error",
        ]
    )
    assert {url.rsplit("/", 1)[1]: r.status for url, r in results.items()} == {
        "ok": 200,
        "missing": 404,
        "gone": 410,
        "forbidden": 403,
        "error": 500,
    }
    assert results[f"{server}/ok"].method == "HEAD"
    findings = {
        f.message.split()[1].rstrip(":").rsplit("/", 1)[1]: (f.severity, f.code)
        for f in link_findings(list(results.values()))
    }
    assert findings == {
        "missing": ("error", "links.broken"),
        "gone": ("error", "links.broken"),
        "forbidden": ("warning", "links.refused"),
        "error": ("warning", "links.server-error"),
    }


def test_get_fallback_when_head_is_refused(server: str) -> None:
    result = check([f"{server}/no-head"])[f"{server}/no-head"]
    assert (result.status, result.method) == (200, "GET")
    assert [m for m, p in Handler.seen if p == "/no-head"] == ["HEAD", "GET"]
    assert link_findings([result]) == []
    missing = check([f"{server}/missing"])[f"{server}/missing"]
    assert missing.method == "GET"  # a 404 to HEAD is confirmed with GET before it counts


def test_redirects_are_reported(server: str) -> None:
    results = check([f"{server}/moved", f"{server}/temp", f"{server}/chain"])
    moved, temp, chain = (results[f"{server}/{p}"] for p in ("moved", "temp", "chain"))
    assert moved.status == 200 and moved.final_url == f"{server}/ok"
    assert moved.redirects == ((301, f"{server}/moved"),)
    assert [status for status, _ in chain.redirects] == [302, 301]
    findings = {f.message.split()[1].rstrip(":"): f for f in link_findings([moved, temp, chain])}
    assert (findings[f"{server}/moved"].severity, findings[f"{server}/moved"].code) == (
        "warning",
        "links.moved",
    )
    assert f"moved permanently to {server}/ok (301)" in findings[f"{server}/moved"].message
    assert findings[f"{server}/temp"].code == "links.redirect"
    assert findings[f"{server}/temp"].severity == "info"
    assert findings[f"{server}/chain"].code == "links.moved"


def test_timeout_and_unreachable(server: str) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/x"
    results = check([f"{server}/slow", dead])
    slow = results[f"{server}/slow"]
    assert slow.status is None and (slow.error or "").startswith("timed out")
    assert [m for m, p in Handler.seen if p == "/slow"] == ["HEAD"]  # no GET after a timeout
    assert results[dead].status is None and "connection failed" in (results[dead].error or "")
    codes = {f.code: f.severity for f in link_findings(list(results.values()))}
    assert codes == {"links.timeout": "warning", "links.unreachable": "error"}


def test_images_must_serve_images(server: str) -> None:
    results = check([f"{server}/pic.png", f"{server}/page"], kind="image")
    findings = link_findings(list(results.values()))
    assert [(f.code, f.message) for f in findings] == [
        ("images.not-image", f"image {server}/page: does not serve an image (text/html)")
    ]


def test_progress_reports_every_url(server: str) -> None:
    urls = [f"{server}/ok?n={n}" for n in range(12)]
    calls: list[tuple[int, int]] = []
    targets = [Target(url, "link") for url in urls]
    results = check_links_now(
        targets, options=FAST, concurrency=4, progress=lambda d, t, r: calls.append((d, t))
    )
    assert [r.target.url for r in results] == urls
    assert sorted(calls) == [(n, 12) for n in range(1, 13)]


def test_collect_targets_skips_merge_tags_and_repeats() -> None:
    doc = Document(
        links=[
            Link("https://example.org/a", "A", section="News", item="a"),
            Link("https://example.org/a", "Read more", section="News", item="a"),
            Link("*|UNSUB|*", "Unsubscribe"),
            Link("mailto:news@example.org", "Mail us"),
            Link("https://example.org/u?id={$id}", "Tagged"),
        ],
        images=[Picture("https://example.org/i.png", "x", "100", False, True, "News", "a")],
    )
    assert collect_targets(doc) == [
        Target("https://example.org/a", "link", "News", "a"),
        Target("https://example.org/i.png", "image", "News", "a"),
    ]


def _point_workspace_at(workspace: Path, base: str) -> None:
    config = workspace / "newsletter.toml"
    lines = []
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith(("website", "signup_url")):
            key = line.split("=")[0].strip()
            line = f'{key} = "{base}{"/newsletter/" if key == "signup_url" else ""}"'
        if line.startswith(("logo_url", "linkedin")):
            continue
        lines.append(line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_check_links_cli_reports_the_broken_item(sample_workspace: Path, server: str) -> None:
    _point_workspace_at(sample_workspace, server)
    Handler.ok_paths = {
        "/newsletter/",
        "/twelve-start-ups-pitch-at-the-autumn-demo-day/",
        "/shared-laboratory-opens-for-small-biotech-companies/",
        "/patient-data-in-research-what-changes-next-year/",
        "/patients-take-the-stage-at-the-annual-meeting/",
        "/pupils-meet-researchers-in-the-teaching-laboratory/",
    }  # the clinical-trials course page is missing
    result = CliRunner().invoke(
        main,
        [
            "-w",
            str(sample_workspace),
            "check",
            "--issue",
            "issues/sample.toml",
            "--links",
            "--json",
        ],
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    broken = [f for f in data["findings"] if f["code"] == "links.broken"]
    assert [(f["section"], f["item"]) for f in broken] == [
        ("News from the cluster", "new-course-clinical-trials-for-small-companies")
    ]
    assert len(data["links"]) == 6 + 2  # six articles, the website, the sign-up page
    assert all(link["status"] == 200 for link in data["links"] if "new-course" not in link["url"])
    assert data["ok"] is False
