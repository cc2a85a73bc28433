"""A real HTTP server on 127.0.0.1 (random free port) shaped like a WordPress site.

Serves /wp-json/wp/v2/posts (per_page/page, X-WP-Total/X-WP-TotalPages, _embed with
wp:featuredmedia and wp:term, modified_after, orderby/order), an RSS 2.0 feed at /feed/ and
an Atom feed at /feed/atom/, all with ETag/Last-Modified and 304 answers; plus a few
redirect endpoints for the client tests. Faults are injected per path: a status (500, 429
with Retry-After), a hang longer than the client's timeout, a truncated body, invalid XML,
a connection dropped mid-body, an oversized body. Every request is logged so tests can count
what the client sent.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import json
import math
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:
    from tests.wpdata import Media, Post, fixture_posts
    from tests.wpfeeds import UTC_OFFSET, atom, auto_excerpt, http_date, rss
except ImportError:  # tests/ on sys.path instead of the repo root
    from wpdata import Media, Post, fixture_posts  # type: ignore[no-redef]
    from wpfeeds import UTC_OFFSET, atom, auto_excerpt, http_date, rss  # type: ignore[no-redef]

POSTS_PATH = "/wp-json/wp/v2/posts"
PAGE_SIZE_LIMIT = 100


@dataclass(frozen=True)
class Fault:
    """One injected failure. `kind`: status, hang, truncate, invalid_xml, drop, oversize."""

    kind: str
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    size: int = 0
    chunked: bool = False


def status(code: int, retry_after: str | None = None) -> Fault:
    return Fault("status", status=code, retry_after=retry_after)


def hang(seconds: float) -> Fault:
    return Fault("hang", seconds=seconds)


TRUNCATE = Fault("truncate")
INVALID_XML = Fault("invalid_xml")
DROP = Fault("drop")


def oversize(size: int, chunked: bool = False) -> Fault:
    return Fault("oversize", size=size, chunked=chunked)


@dataclass
class _Injection:
    path: str
    faults: list[Fault]
    page: str | None
    repeat: bool


@dataclass(frozen=True)
class LoggedRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class WPServer:
    """`with WPServer(posts) as server:` serves at `server.url` until the block ends."""

    def __init__(
        self,
        posts: Iterable[Post] | None = None,
        *,
        latency: float = 0.0,
        feed_content: bool = True,
        tls: tuple[str, str] | None = None,
    ) -> None:
        self.posts = list(fixture_posts() if posts is None else posts)
        self.latency = latency
        self.feed_content = feed_content
        self.hide_totals = False  # like a proxy that strips the X-WP-Total* headers
        self.requests: list[LoggedRequest] = []
        self._injections: list[_Injection] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # (certificate file, key file): serve https instead
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    def __enter__(self) -> WPServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def inject(
        self, path: str, *faults: Fault, page: int | None = None, repeat: bool = False
    ) -> None:
        """Fail the next requests to `path` (optionally only `page=N`) with `faults`, in order.

        With `repeat`, the single fault is used for every matching request.
        """
        with self._lock:
            self._injections.append(
                _Injection(path, list(faults), None if page is None else str(page), repeat)
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._injections.clear()

    def touch(self, slug: str, **changes: Any) -> Post:
        """Edit a post as an editor would: apply `changes` and bump `modified`."""
        latest = max(p.modified for p in self.posts)
        with self._lock:
            for index, post in enumerate(self.posts):
                if post.slug == slug:
                    self.posts[index] = replace(
                        post, modified=latest + timedelta(hours=1), **changes
                    )
                    return self.posts[index]
        raise KeyError(slug)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def log_for(self, path: str) -> list[LoggedRequest]:
        return [r for r in self.requests if r.path == path]

    def _next_fault(self, path: str, query: dict[str, str]) -> Fault | None:
        with self._lock:
            for injection in self._injections:
                if injection.path != path or not injection.faults:
                    continue
                if injection.page is not None and query.get("page", "1") != injection.page:
                    continue
                return injection.faults[0] if injection.repeat else injection.faults.pop(0)
        return None

    def _log(self, path: str, query: dict[str, str], headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(LoggedRequest(path, query, headers))

    # -- routes ---------------------------------------------------------------------------

    def route(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Response:
        if path == POSTS_PATH:
            return self._posts(query, headers)
        if path in ("/feed/", "/feed"):
            body = rss(self.posts, self.url, with_content=self.feed_content)
            feed = Response(200, body, {"Content-Type": "application/rss+xml; charset=UTF-8"})
            return _conditional(feed, headers, self._last_modified())
        if path == "/feed/atom/":
            feed = Response(
                200, atom(self.posts, self.url), {"Content-Type": "application/atom+xml"}
            )
            return _conditional(feed, headers, self._last_modified())
        if path.startswith("/redirect/"):
            hops = int(path.rsplit("/", 1)[1])
            if hops == 0:
                return _json(200, {"arrived": True})
            return Response(302, b"", {"Location": f"/redirect/{hops - 1}"})
        if path == "/loop":
            return Response(302, b"", {"Location": "/loop"})
        if path == "/to-ftp":
            return Response(302, b"", {"Location": "ftp://127.0.0.1/file"})
        if path == "/json":
            return _json(200, {"ok": True, "padding": "x" * int(query.get("size", "0"))})
        return _json(404, {"code": "rest_no_route", "message": "No route was found."})

    def _posts(self, query: dict[str, str], headers: dict[str, str]) -> Response:
        per_page = int(query.get("per_page", "10"))
        page = int(query.get("page", "1"))
        if not 1 <= per_page <= PAGE_SIZE_LIMIT:
            return _json(400, {"code": "rest_invalid_param", "message": "Invalid per_page."})
        posts = list(self.posts)
        if "modified_after" in query:
            after = datetime.fromisoformat(query["modified_after"]).replace(tzinfo=None)
            posts = [p for p in posts if p.modified > after]
        key = {"modified": lambda p: p.modified, "id": lambda p: p.id}.get(
            query.get("orderby", "date"), lambda p: p.date
        )
        posts.sort(key=key, reverse=query.get("order", "desc") == "desc")
        total = len(posts)
        pages = math.ceil(total / per_page)
        if page > max(pages, 1):
            return _json(
                400,
                {
                    "code": "rest_post_invalid_page_number",
                    "message": "The page number requested is larger than the "
                    "number of pages available.",
                },
            )
        chosen = posts[(page - 1) * per_page : page * per_page]
        embed = "_embed" in query
        body = json.dumps([self._post_json(p, embed) for p in chosen]).encode()
        response = _conditional(
            Response(200, body, {"Content-Type": "application/json"}),
            headers,
            self._last_modified(),
        )
        if not self.hide_totals:
            response.headers.update({"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})
        return response

    def _post_json(self, post: Post, embed: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": post.id,
            "date": post.date.isoformat(),
            "date_gmt": (post.date - UTC_OFFSET).isoformat(),
            "modified": post.modified.isoformat(),
            "modified_gmt": (post.modified - UTC_OFFSET).isoformat(),
            "slug": post.slug,
            "status": "publish",
            "type": "post",
            "link": f"{self.url}/{post.date:%Y/%m}/{post.slug}/",
            "title": {"rendered": post.title},
            "content": {"rendered": post.content, "protected": False},
            "excerpt": {"rendered": post.excerpt or auto_excerpt(post), "protected": False},
            "featured_media": post.id + 500 if post.media else 0,
        }
        if embed:
            embedded: dict[str, Any] = {
                "wp:term": [
                    [
                        {"id": 10 + i, "name": html.escape(name), "taxonomy": "category"}
                        for i, name in enumerate(post.categories)
                    ],
                    [
                        {"id": 50 + i, "name": html.escape(name), "taxonomy": "post_tag"}
                        for i, name in enumerate(post.tags)
                    ],
                ],
            }
            if post.media:
                embedded["wp:featuredmedia"] = [_media_json(post.id + 500, post.media)]
            data["_embedded"] = embedded
        return data

    def _last_modified(self) -> str:
        """The newest change on the site: the Last-Modified of every collection it serves."""
        return http_date(max((p.modified for p in self.posts), default=datetime(2026, 1, 1)))


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (timeouts, refused bodies) are expected here: no noise."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def _media_json(media_id: int, media: Media) -> dict[str, Any]:
    return {
        "id": media_id,
        "source_url": media.url,
        "alt_text": media.alt,
        "caption": {"rendered": media.caption_html},
        "media_type": "image",
    }


def _json(code: int, data: Any) -> Response:
    return Response(code, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _conditional(response: Response, headers: dict[str, str], last_modified: str) -> Response:
    etag = '"' + hashlib.sha1(response.body).hexdigest()[:20] + '"'
    response.headers.update({"ETag": etag, "Last-Modified": last_modified})
    match = headers.get("if-none-match")
    since = headers.get("if-modified-since")
    if match is not None:
        fresh = etag in [tag.strip() for tag in match.split(",")]
    elif since is not None:
        fresh = email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
            last_modified
        )
    else:
        fresh = False
    if fresh:
        return Response(304, b"", {"ETag": etag, "Last-Modified": last_modified})
    return response


def _handler_for(server: WPServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            server._log(parts.path, query, headers)
            if server.latency:
                time.sleep(server.latency)
            fault = server._next_fault(parts.path, query)
            if fault is not None and fault.kind == "hang":
                time.sleep(fault.seconds)
            try:
                self._answer(server.route(parts.path, query, headers), fault)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _answer(self, response: Response, fault: Fault | None) -> None:
            body = response.body
            kind = fault.kind if fault else None
            if fault is not None and kind == "status":
                response = _json(fault.status, {"code": "fault", "message": "Injected."})
                if fault.retry_after is not None:
                    response.headers["Retry-After"] = fault.retry_after
                body = response.body
            elif kind == "truncate":
                body = body[: len(body) // 2]
            elif kind == "invalid_xml":
                body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken &bad;'
                body += b"<item><title>Half an item</title><description>Oops</item>"
            elif fault is not None and kind == "oversize":
                body = b"[" + b" " * fault.size + b"]"
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if fault is not None and fault.kind == "oversize" and fault.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(body), 65536):
                    chunk = body[start : start + 65536]
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if kind == "drop":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            if response.status != 304:
                self.wfile.write(body)

    return Handler
