"""The HTTP client against a real local server: retries, limits, conditional requests, TLS."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import subprocess
from pathlib import Path

import pytest

from newsletter import __version__
from newsletter.errors import InputError
from newsletter.net import (
    Client,
    NetError,
    NetOptions,
    RetryPolicy,
    Validators,
    check_url,
    retry_after_seconds,
    user_agent,
)

try:
    from tests.wpserver import DROP, TRUNCATE, WPServer, hang, oversize, status
except ImportError:
    from wpserver import DROP, TRUNCATE, WPServer, hang, oversize, status  # type: ignore[no-redef]

SCALE = 0.001


class Sleeps:
    """Records the (scaled) backoff waits instead of sleeping them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def options(sleeps: Sleeps, **changes: object) -> NetOptions:
    retry = RetryPolicy(attempts=int(changes.pop("attempts", 4)), scale=SCALE)  # type: ignore[call-overload]
    base = {
        "timeout": 10.0,
        "retry": retry,
        "sleep": sleeps,
        "seed": 7,
        "user_agent": user_agent("https://example.org"),
    }
    base.update(changes)
    return NetOptions(**base)  # type: ignore[arg-type]


async def fetch_json(url: str, opts: NetOptions, **kwargs: object) -> tuple[object, Client]:
    async with Client(opts) as client:
        result = await client.get(url, json.loads, **kwargs)  # type: ignore[arg-type]
        return result, client


async def test_user_agent_names_tool_version_and_contact(server: WPServer) -> None:
    sleeps = Sleeps()
    _, client = await fetch_json(server.url + "/json", options(sleeps))
    assert client.requests == 1
    assert server.requests[0].headers["user-agent"] == (
        f"newsletter/{__version__} (+https://example.org)"
    )
    assert sleeps.waits == []


async def test_500_then_success_is_retried(server: WPServer) -> None:
    server.inject("/json", status(500))
    sleeps = Sleeps()
    result, client = await fetch_json(server.url + "/json", options(sleeps))
    assert result.data == {"ok": True, "padding": ""}  # type: ignore[attr-defined]
    assert result.attempts == 2  # type: ignore[attr-defined]
    assert len(server.log_for("/json")) == 2
    assert client.requests == 2
    assert len(sleeps.waits) == 1
    assert 0.25 * SCALE <= sleeps.waits[0] <= 0.5 * SCALE  # first backoff: 0.5 s, half jittered


async def test_429_waits_as_long_as_retry_after_says(server: WPServer) -> None:
    server.inject("/json", status(429, retry_after="7"))
    sleeps = Sleeps()
    result, _ = await fetch_json(server.url + "/json", options(sleeps))
    assert result.data["ok"] is True  # type: ignore[attr-defined]
    assert sleeps.waits == [pytest.approx(7 * SCALE)]


async def test_retry_after_beyond_the_limit_gives_up_with_a_message(server: WPServer) -> None:
    server.inject("/json", status(503, retry_after="3600"))
    with pytest.raises(NetError, match="asks to wait 3600 s") as info:
        await fetch_json(server.url + "/json", options(Sleeps()))
    assert info.value.status == 503
    assert len(server.log_for("/json")) == 1


async def test_timeout_then_success(server: WPServer) -> None:
    server.inject("/json", hang(5.0))
    result, client = await fetch_json(server.url + "/json", options(Sleeps(), timeout=1.0))
    assert result.data["ok"] is True  # type: ignore[attr-defined]
    assert client.requests == 2


async def test_connection_dropped_mid_body_then_success(server: WPServer) -> None:
    server.inject("/json", DROP, DROP)
    result, client = await fetch_json(server.url + "/json", options(Sleeps()))
    assert result.data["ok"] is True  # type: ignore[attr-defined]
    assert client.requests == 3


async def test_truncated_body_is_retried_then_reported(server: WPServer) -> None:
    server.inject("/json", TRUNCATE, repeat=True)
    with pytest.raises(NetError, match=r"unreadable response.*gave up after 3 attempts"):
        await fetch_json(server.url + "/json", options(Sleeps(), attempts=3))
    assert len(server.log_for("/json")) == 3


async def test_exhausted_retries_name_the_url_and_status(server: WPServer) -> None:
    server.inject("/json", status(502), repeat=True)
    with pytest.raises(NetError) as info:
        await fetch_json(server.url + "/json", options(Sleeps(), attempts=2))
    assert str(info.value).startswith(f"{server.url}/json: HTTP 502 (gave up after 2 attempts)")
    assert info.value.status == 502


@pytest.mark.parametrize("chunked", [False, True])
async def test_oversized_body_is_refused(server: WPServer, chunked: bool) -> None:
    server.inject("/json", oversize(300_000, chunked=chunked))
    with pytest.raises(NetError, match="response larger than 64 KiB; refused"):
        await fetch_json(server.url + "/json", options(Sleeps(), max_bytes=64 * 1024))
    assert len(server.log_for("/json")) == 1  # not retried


async def test_client_error_is_not_retried(server: WPServer) -> None:
    with pytest.raises(NetError, match="HTTP 404") as info:
        await fetch_json(server.url + "/missing", options(Sleeps()))
    assert "check the URL" in info.value.hint
    assert len(server.log_for("/missing")) == 1


async def test_redirects_are_followed_within_the_limit(server: WPServer) -> None:
    result, client = await fetch_json(server.url + "/redirect/3", options(Sleeps()))
    assert result.data == {"arrived": True}  # type: ignore[attr-defined]
    assert result.url == server.url + "/redirect/0"  # type: ignore[attr-defined]
    assert client.requests == 4
    with pytest.raises(NetError, match="more than 5 redirects"):
        await fetch_json(server.url + "/loop", options(Sleeps()))


async def test_redirect_to_another_scheme_is_refused(server: WPServer) -> None:
    with pytest.raises(NetError, match="refused to follow a redirect to ftp:"):
        await fetch_json(server.url + "/to-ftp", options(Sleeps()))


@pytest.mark.parametrize(
    "url", ["ftp://example.org/feed", "file:///etc/passwd", "example.org", "https://"]
)
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(InputError, match="not an http\\(s\\) URL"):
        check_url(url)
    with pytest.raises(InputError):
        asyncio.run(fetch_json(url, options(Sleeps())))


async def test_conditional_request_gets_304_and_no_body(server: WPServer) -> None:
    url = server.url + "/feed/"
    async with Client(options(Sleeps())) as client:
        first = await client.get(url, bytes)
        assert first.validators.etag and first.validators.last_modified
        again = await client.get(url, bytes, validators=first.validators)
        by_date = await client.get(
            url, bytes, validators=Validators(last_modified=first.validators.last_modified)
        )
    assert (again.not_modified, again.data) == (True, None)
    assert by_date.not_modified
    sent = server.log_for("/feed/")
    assert sent[1].headers["if-none-match"] == first.validators.etag
    assert "if-none-match" not in sent[2].headers


async def test_unreachable_server_reports_connection_failure() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetError, match=r"connection failed.*gave up after 2 attempts"):
        await fetch_json(f"http://127.0.0.1:{port}/", options(Sleeps(), attempts=2))


async def test_tls_certificates_are_verified(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    with WPServer(tls=(str(cert), str(key))) as server:
        assert server.url.startswith("https://")
        with pytest.raises(NetError, match="secure connection failed") as info:
            await fetch_json(server.url + "/json", options(Sleeps()))
    assert "certificate" in str(info.value).lower()


def test_backoff_is_exponential_with_jitter() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=6.0)
    rng = random.Random(1)
    for retry, ceiling in enumerate([0.5, 1.0, 2.0, 4.0, 6.0, 6.0]):
        waits = {policy.backoff(retry, rng) for _ in range(20)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 1  # jittered, not a fixed schedule


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_production_defaults_really_wait() -> None:
    defaults = NetOptions()
    assert defaults.sleep is asyncio.sleep
    assert defaults.retry.scale == 1.0
    assert defaults.user_agent == f"newsletter/{__version__}"
