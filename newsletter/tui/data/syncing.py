"""Archive sync for the app: the sync `newsletter archive sync` runs, stoppable at once.

Plain Python (no widgets). The app's thread worker awaits `run_sync` on that thread's own
event loop and forwards the progress events as messages. The sync writes through its own
archive connection, opened and closed on the worker thread, so the app's searches keep
reading while it runs (SQLite WAL) and no connection crosses threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from newsletter.archive import Archive
from newsletter.config import load_config
from newsletter.net import NetOptions, user_agent
from newsletter.sync import (
    SourceReport,
    SyncEvent,
    SyncReport,
    SyncSource,
    sources_from_config,
    sync_sources_async,
)
from newsletter.workspace import Workspace

NO_SOURCES_HINT = """Add one to newsletter.toml, then press ctrl+r again:
[[sources]]
type = "wordpress"    # or "feed"
url = "https://example.org\""""

STOP_POLL_SECONDS = 0.05
Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What a sync in the app did: the report, whether it was stopped, the archive's size."""

    report: SyncReport
    cancelled: bool
    total: int


def web_sources(workspace: Workspace) -> list[SyncSource]:
    """The WordPress and feed sources newsletter.toml lists now (read again, so a source
    added while the app is open counts). Raises InputError for a broken newsletter.toml."""
    return sources_from_config(load_config(workspace.config_path))


def sync_options(workspace: Workspace, base: NetOptions | None = None) -> NetOptions:
    """Network settings with the polite User-Agent naming the organisation's website."""
    return replace(base or NetOptions(), user_agent=user_agent(workspace.config.brand.website))


async def run_sync(
    archive_path: Path,
    sources: Sequence[SyncSource],
    progress: Callable[[SyncEvent], object],
    stop: Callable[[], bool],
    *,
    options: NetOptions | None = None,
) -> SyncOutcome:
    """Sync `sources` into the archive at `archive_path`, reporting each step to `progress`.

    When `stop()` turns true the sync ends at once, even in the middle of a slow request:
    sources already committed stay, the one in progress leaves the archive as it was (a
    source is written in one transaction, between two awaits, so it is never half-written).
    """
    cancel = threading.Event()
    finished: dict[str, SourceReport] = {}
    started: set[str] = set()

    def on_event(event: SyncEvent) -> None:
        key = event.source.state_key
        started.add(key)
        task = asyncio.current_task()
        stopped = task is not None and task.cancelling() > 0  # "finished" while unwinding
        if event.kind == "finished" and not stopped:
            finished[key] = event.report
        progress(event)

    with Archive.open(archive_path) as archive:
        task = asyncio.ensure_future(
            sync_sources_async(archive, sources, on_event, options=options, cancel=cancel)
        )
        while not task.done():
            await asyncio.wait({task}, timeout=STOP_POLL_SECONDS)
            if not task.done() and stop():
                cancel.set()
                task.cancel()
        try:
            report = task.result()
        except asyncio.CancelledError:
            report = _report_so_far(sources, started, finished)
        total = archive.count()
    return SyncOutcome(report, cancel.is_set(), total)


def _report_so_far(
    sources: Sequence[SyncSource], started: set[str], finished: dict[str, SourceReport]
) -> SyncReport:
    report = SyncReport()
    for source in sources:
        key = source.state_key
        if key in finished:
            report.sources.append(finished[key])
        elif key in started:
            stopped = f"{source.label}: cancelled; the archive was not changed"
            report.sources.append(SourceReport(source, errors=[stopped]))
        else:
            report.sources.append(
                SourceReport(source, errors=[f"{source.label}: cancelled before it started"])
            )
    return report


def progress_text(event: SyncEvent, index: int, count: int) -> str:
    """One short line for the status bar: which source, which page, how many posts."""
    report = event.report
    which = f" {index}/{count}" if count > 1 else ""
    if event.kind == "started":
        return f"⟳ sync{which}: {event.source.url}"
    pages = f"page {report.pages}/{report.pages_total}" if report.pages_total else "fetching"
    return f"⟳ sync{which}: {pages}, {report.posts} posts"


def summary(outcome: SyncOutcome) -> tuple[str, str, Severity]:
    """(title, message, severity) of the notification shown when a sync ends."""
    report = outcome.report
    lines = [
        f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged · "
        f"{outcome.total:,} articles in the archive."
    ]
    for source in report.sources:
        if source.errors:
            lines += [f"✖ {error}" for error in source.errors]
        elif source.not_modified:
            lines.append(f"{source.source.label}: not modified.")
        lines += [f"⚠ {warning}" for warning in source.warnings[:3]]
    if outcome.cancelled:
        return "Sync stopped", "\n".join(lines), "warning"
    if not report.ok:
        lines.append("Sources that failed left the archive as it was; ctrl+r tries again.")
        return "Sync failed", "\n".join(lines), "error"
    return "Archive synced", "\n".join(lines), "information"
