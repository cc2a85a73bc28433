"""The one HTTP client module: every network request of the project goes through `Client`.

Async httpx with timeouts on every request, retries with exponential backoff and jitter on
429/5xx and connection errors (honouring Retry-After), conditional requests (ETag /
Last-Modified), a polite User-Agent, http(s) only, TLS verification on, a redirect limit and
a response size limit. Backoff delays go through an injectable `sleep` and a `scale`, so
tests run in milliseconds while production really waits.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Generic, TypeVar
from urllib.parse import urlsplit

import httpx

from newsletter import __version__
from newsletter.errors import InputError, NewsletterError

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
Params = Mapping[str, str | int]

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


def user_agent(contact: str | None = None) -> str:
    """`newsletter/<version> (+<contact>)`: names the tool, its version and whom to ask."""
    return f"newsletter/{__version__} (+{contact})" if contact else f"newsletter/{__version__}"


class NetError(NewsletterError):
    """A request that failed for good (after any retries), with the URL and what to do."""

    def __init__(self, message: str, *, url: str, status: int | None = None, hint: str = ""):
        self.message = message
        self.url = url
        self.status = status
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.url}: {self.message}"
        return f"{text}\n  {self.hint}" if self.hint else text


def check_url(url: str) -> str:
    """Return `url` if it is an absolute http(s) URL with a host; else an InputError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"not an http(s) URL: {url!r}",
            hint="Give the full address, starting with https:// (for example https://example.org).",
        )
    return url.strip()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry. `scale` multiplies every wait (tests use a tiny one)."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    scale: float = 1.0

    def backoff(self, retry: int, rng: random.Random) -> float:
        """Unscaled wait before retry number `retry` (0-based): exponential, half jittered."""
        ceiling = min(self.max_delay, self.base_delay * 2.0**retry)
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass(frozen=True, slots=True)
class NetOptions:
    """Client settings. `sleep` is awaited for every backoff wait (already scaled)."""

    timeout: float = 30.0
    connect_timeout: float = 10.0
    attempt_deadline: float = 120.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    max_connections: int = 8
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = field(default_factory=user_agent)
    sleep: Sleep = asyncio.sleep
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends back: the ETag and Last-Modified of the last answer."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> Validators:
        return cls(headers.get("etag"), headers.get("last-modified"))

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("etag", self.etag), ("last_modified", self.last_modified)) if v}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> Validators:
        data = data or {}
        etag, last_modified = data.get("etag"), data.get("last_modified")
        return cls(
            etag if isinstance(etag, str) else None,
            last_modified if isinstance(last_modified, str) else None,
        )


@dataclass(frozen=True, slots=True)
class Fetched(Generic[T]):
    """A finished request: `data` is the parsed body, None when `not_modified` (a 304)."""

    url: str
    status: int
    headers: httpx.Headers
    data: T | None
    validators: Validators
    attempts: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Probed:
    """What one bodiless request found: final status and URL, the redirects on the way."""

    url: str
    status: int
    final_url: str
    headers: httpx.Headers
    redirects: tuple[tuple[int, str], ...] = ()


class _Retry(Exception):
    """Internal: this attempt failed in a way worth another try."""

    def __init__(self, reason: str, *, status: int | None = None, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.wait = wait


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a Retry-After header: delta seconds or an HTTP date. None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _tls_failure(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class Client:
    """An async HTTP client for one sync run: `async with Client(options) as client: ...`.

    `requests` counts every request sent on the wire (retries and redirects included).
    """

    def __init__(self, options: NetOptions | None = None) -> None:
        self.options = options or NetOptions()
        self.requests = 0
        self._rng = random.Random(self.options.seed)
        opts = self.options
        self._http = httpx.AsyncClient(
            headers={"User-Agent": opts.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(opts.timeout, connect=opts.connect_timeout),
            follow_redirects=True,
            max_redirects=opts.max_redirects,
            verify=True,
            limits=httpx.Limits(
                max_connections=opts.max_connections, max_keepalive_connections=opts.max_connections
            ),
            event_hooks={"request": [self._on_request]},
        )

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _on_request(self, request: httpx.Request) -> None:
        if request.url.scheme not in ("http", "https"):  # a redirect to another scheme
            raise NetError(
                f"refused to follow a redirect to {request.url.scheme}:",
                url=str(request.url),
                hint="Only http(s) addresses are fetched.",
            )
        self.requests += 1

    async def get(
        self,
        url: str,
        parse: Callable[[bytes], T],
        *,
        params: Params | None = None,
        validators: Validators | None = None,
        accept: str | None = None,
    ) -> Fetched[T]:
        """GET `url`, retrying what is worth retrying; parse the body with `parse`.

        A ValueError from `parse` (a truncated or garbled body) is retried like a dropped
        connection. A 304 to a conditional request returns `data=None`.
        """
        check_url(url)
        headers = validators.request_headers() if validators else {}
        if accept:
            headers["Accept"] = accept
        policy = self.options.retry
        for attempt in range(1, policy.attempts + 1):
            try:
                return await self._attempt(url, parse, params, headers, attempt)
            except _Retry as failure:
                if attempt == policy.attempts:
                    raise NetError(
                        f"{failure.reason} (gave up after {attempt} attempts)",
                        url=url,
                        status=failure.status,
                        hint="Check the address and your connection, or try again later.",
                    ) from None
                wait = max(policy.backoff(attempt - 1, self._rng), failure.wait or 0.0)
                if failure.wait is not None and failure.wait > policy.max_retry_after:
                    raise NetError(
                        f"{failure.reason}; the server asks to wait {failure.wait:.0f} s",
                        url=url,
                        status=failure.status,
                        hint="Try again later.",
                    ) from None
                await self.options.sleep(min(wait, policy.max_retry_after) * policy.scale)
        raise AssertionError("unreachable")  # pragma: no cover

    async def probe(self, url: str, *, method: str = "HEAD") -> Probed:
        """One request that reads no body (link checks): no retries, redirects followed and
        listed. A failure is a NetError; `status` None and "timed out" mark a timeout."""
        check_url(url)
        try:
            async with (
                asyncio.timeout(self.options.attempt_deadline),
                self._http.stream(method, url) as response,
            ):
                hops = tuple((r.status_code, str(r.url)) for r in response.history)
                return Probed(url, response.status_code, str(response.url), response.headers, hops)
        except (TimeoutError, httpx.TimeoutException):
            raise NetError(f"timed out after {self.options.timeout:g} s", url=url) from None
        except httpx.TooManyRedirects:
            raise NetError(f"more than {self.options.max_redirects} redirects", url=url) from None
        except httpx.HTTPError as exc:
            tls = _tls_failure(exc)
            detail = exc or type(exc).__name__
            reason = f"secure connection failed: {tls}" if tls else f"connection failed: {detail}"
            raise NetError(reason, url=url) from None

    async def _attempt(
        self,
        url: str,
        parse: Callable[[bytes], T],
        params: Params | None,
        headers: dict[str, str],
        attempt: int,
    ) -> Fetched[T]:
        try:
            async with asyncio.timeout(self.options.attempt_deadline):
                status, final_url, response_headers, body = await self._download(
                    url, params, headers
                )
        except TimeoutError:
            raise _Retry(
                f"no complete answer within {self.options.attempt_deadline:.0f} s"
            ) from None
        except httpx.TooManyRedirects:
            raise NetError(
                f"more than {self.options.max_redirects} redirects",
                url=url,
                hint="Use the final address of the site.",
            ) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise NetError(str(exc), url=url, hint="Only http(s) addresses are fetched.") from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {self.options.timeout:g} s") from None
        except httpx.TransportError as exc:
            tls = _tls_failure(exc)
            if tls is not None:
                raise NetError(
                    f"secure connection failed: {tls}",
                    url=url,
                    hint="The site's TLS certificate is not trusted.",
                ) from None
            raise _Retry(f"connection failed: {exc or type(exc).__name__}") from None
        validators = Validators.from_headers(response_headers)
        if status == 304:
            return Fetched(final_url, status, response_headers, None, validators, attempt)
        if status in RETRY_STATUSES:
            wait = retry_after_seconds(response_headers.get("retry-after"))
            raise _Retry(f"HTTP {status}", status=status, wait=wait)
        if not 200 <= status < 300:
            raise NetError(
                f"HTTP {status}",
                url=_shown(url, final_url),
                status=status,
                hint=_status_hint(status),
            )
        try:
            data = parse(body)
        except ValueError as exc:
            raise _Retry(f"unreadable response: {exc}", status=status) from None
        return Fetched(final_url, status, response_headers, data, validators, attempt)

    async def _download(
        self,
        url: str,
        params: Params | None,
        headers: dict[str, str],
    ) -> tuple[int, str, httpx.Headers, bytes]:
        limit = self.options.max_bytes
        async with self._http.stream("GET", url, params=params, headers=headers) as response:
            final_url = str(response.url)
            shown = _shown(url, final_url)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(shown, limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(shown, limit)
                chunks.append(chunk)
            return response.status_code, final_url, response.headers, b"".join(chunks)


def _shown(requested: str, final: str) -> str:
    """The URL to name in an error: the one asked for, or where redirects led (no query)."""
    final = final.split("?", 1)[0]
    return requested if final == requested.split("?", 1)[0] else final


def _too_large(url: str, limit: int) -> NetError:
    return NetError(
        f"response larger than {limit // 1024} KiB; refused",
        url=url,
        hint="Check the address points at a feed or the WordPress API.",
    )


def _status_hint(status: int) -> str:
    if status in (401, 403):
        return "The site refuses access: is its REST API or feed public?"
    if status == 404:
        return "Nothing at this address: check the URL (for WordPress give the site's home page)."
    return "Check the address; the server did not accept the request."
