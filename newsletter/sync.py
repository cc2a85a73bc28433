"""Archive sync from the website: WordPress REST API and RSS/Atom feeds.

`sync_sources(archive, sources, progress=...)` fetches every source and reports what it
did. Network work is asyncio + httpx's async client: one event loop runs the concurrent page
requests (bounded) and the parsing, and the archive is written on the caller's thread (so
the SQLite connection never crosses threads). The app runs the same function in a thread
worker, or awaits `sync_sources_async` in an async one.

Each source is one archive transaction: its posts and its sync state are committed
together once every page has arrived and been read. A failed or interrupted source leaves
the archive exactly as it was for that source; the report says what failed.
"""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, Protocol

from newsletter.errors import NewsletterError
from newsletter.net import Client, NetOptions, check_url
from newsletter.sources.feed import pull_feed
from newsletter.sources.pull import PageDone, Pulled
from newsletter.sources.wordpress import CONCURRENCY, PER_PAGE, pull_wordpress, site_label

if TYPE_CHECKING:
    from newsletter.archive import Archive
    from newsletter.config import Config

SourceKind = Literal["wordpress", "feed"]
EventKind = Literal["started", "page", "finished"]


@dataclass(frozen=True, slots=True)
class SyncSource:
    """A website to follow: a WordPress site (its home page URL) or a feed URL."""

    kind: SourceKind
    url: str

    @property
    def state_key(self) -> str:
        """Where the archive keeps this source's sync state (modified_after, ETag, ...)."""
        return f"sync:{self.kind}:{self.url}"

    @property
    def label(self) -> str:
        return f"{'WordPress' if self.kind == 'wordpress' else 'Feed'} {self.url}"


@dataclass
class SourceReport:
    """What syncing one source did."""

    source: SyncSource
    pages: int = 0
    pages_total: int = 0
    posts: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    requests: int = 0
    not_modified: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class SyncReport:
    """What a whole sync did, source by source."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sources)

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sources)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.sources)

    @property
    def errors(self) -> list[str]:
        return [error for s in self.sources for error in s.errors]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources)


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """A progress step. `report` is a snapshot of the source's report at that moment."""

    kind: EventKind
    source: SyncSource
    report: SourceReport


class Progress(Protocol):
    """Receives progress events, on the thread that runs the sync.

    A Textual app running the sync in a thread worker forwards them with `call_from_thread`.
    """

    def __call__(self, event: SyncEvent) -> None: ...


class SyncCancelled(NewsletterError):
    """The caller asked the sync to stop (its `cancel` event was set)."""


def sources_from_config(config: Config) -> list[SyncSource]:
    """The WordPress and feed sources newsletter.toml lists (text dumps are not synced)."""
    found: list[SyncSource] = []
    for source in config.sources:
        if source.type == "wordpress":
            found.append(SyncSource("wordpress", source.location))
        elif source.type == "feed":
            found.append(SyncSource("feed", source.location))
    return found


def make_sources(wordpress: Iterable[str] = (), feeds: Iterable[str] = ()) -> list[SyncSource]:
    """Sources from URLs given on the command line; InputError for a non-http(s) URL."""
    return [SyncSource("wordpress", check_url(u)) for u in wordpress] + [
        SyncSource("feed", check_url(u)) for u in feeds
    ]


def sync_sources(
    archive: Archive,
    sources: Sequence[SyncSource],
    progress: Progress | None = None,
    *,
    options: NetOptions | None = None,
    per_page: int = PER_PAGE,
    concurrency: int = CONCURRENCY,
    cancel: threading.Event | None = None,
) -> SyncReport:
    """Sync every source into `archive` and report what happened (blocking).

    Runs its own event loop: call it from a plain thread (the CLI, a thread worker), or
    await `sync_sources_async` from async code.
    """
    return asyncio.run(
        sync_sources_async(
            archive,
            sources,
            progress,
            options=options,
            per_page=per_page,
            concurrency=concurrency,
            cancel=cancel,
        )
    )


async def sync_sources_async(
    archive: Archive,
    sources: Sequence[SyncSource],
    progress: Progress | None = None,
    *,
    options: NetOptions | None = None,
    per_page: int = PER_PAGE,
    concurrency: int = CONCURRENCY,
    cancel: threading.Event | None = None,
) -> SyncReport:
    """The async form of `sync_sources`."""
    report = SyncReport()
    async with Client(options) as client:
        for source in sources:
            source_report = SourceReport(source)
            report.sources.append(source_report)
            if cancel is not None and cancel.is_set():
                source_report.errors.append(f"{source.label}: cancelled before it started")
                continue
            await _sync_one(
                client,
                archive,
                source_report,
                progress,
                per_page=per_page,
                concurrency=concurrency,
                cancel=cancel,
            )
    return report


async def _sync_one(
    client: Client,
    archive: Archive,
    report: SourceReport,
    progress: Progress | None,
    *,
    per_page: int,
    concurrency: int,
    cancel: threading.Event | None,
) -> None:
    source = report.source

    def emit(kind: EventKind) -> None:
        if progress is not None:
            progress(SyncEvent(kind, source, copy.deepcopy(report)))

    def on_page(pages: int, pages_total: int, posts: int) -> None:
        report.pages, report.pages_total, report.posts = pages, pages_total, posts
        report.requests = client.requests - requests_before
        emit("page")
        if cancel is not None and cancel.is_set():
            raise SyncCancelled(f"{source.label}: cancelled; the archive was not changed")

    requests_before = client.requests
    emit("started")
    try:
        pulled = await _pull(client, archive, source, on_page, per_page, concurrency)
        report.warnings += pulled.warnings
        report.not_modified = pulled.not_modified
        report.posts = len(pulled.articles)
        if not pulled.not_modified:
            state = {**pulled.state, "synced_at": datetime.now(UTC).isoformat(timespec="seconds")}
            with archive.transaction():
                counts = archive.upsert(pulled.articles)
                archive.set_state(source.state_key, state)
            report.new, report.updated, report.unchanged = (
                counts.new,
                counts.updated,
                counts.unchanged,
            )
    except NewsletterError as exc:
        report.errors.append(str(exc))
    finally:
        report.requests = client.requests - requests_before
        emit("finished")


async def _pull(
    client: Client,
    archive: Archive,
    source: SyncSource,
    on_page: PageDone,
    per_page: int,
    concurrency: int,
) -> Pulled:
    state = archive.get_state(source.state_key)
    if source.kind == "wordpress":
        return await pull_wordpress(
            client,
            source.url,
            state,
            source=site_label(source.url),
            on_page=on_page,
            per_page=per_page,
            concurrency=concurrency,
        )
    return await pull_feed(
        client, source.url, state, source=site_label(source.url), on_page=on_page
    )
