"""`newsletter archive sync`: a Rich progress bar over `sync_sources`, then a summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from newsletter.archive import Archive
from newsletter.errors import InputError
from newsletter.net import NetOptions, user_agent
from newsletter.sync import (
    SourceReport,
    SyncEvent,
    SyncReport,
    make_sources,
    sources_from_config,
    sync_sources,
)
from newsletter.workspace import Workspace

EXIT_OK, EXIT_FAILED = 0, 1
_NO_SOURCES_HINT = """Name one on the command line (--wordpress URL or --feed URL), or add one to \
newsletter.toml:
    [[sources]]
    type = "wordpress"    # or "feed"
    url = "https://example.org\""""


def run_sync_cli(
    workspace: Workspace,
    wordpress: str | Sequence[str] | None,
    feed: str | Sequence[str] | None,
    console: Console,
    *,
    options: NetOptions | None = None,
) -> int:
    """Sync the given sites (else the config's web sources); exit code 0, or 1 if any failed.

    Raises InputError for a bad URL or when there is nothing to sync.
    """
    sources = make_sources(_urls(wordpress), _urls(feed))
    if not sources:
        sources = sources_from_config(workspace.config)
    if not sources:
        raise InputError(
            "no WordPress or feed source to sync", path=workspace.config_path, hint=_NO_SOURCES_HINT
        )
    contact = user_agent(workspace.config.brand.website)
    options = replace(options or NetOptions(), user_agent=contact)
    with Archive.open(workspace.archive_path) as archive:
        with _ProgressBar(console) as bar:
            report = sync_sources(archive, sources, bar.on_event, options=options)
        total = archive.count()
    console.print(summary_table(report))
    for source in report.sources:
        for warning in source.warnings:
            console.print(Text(f"warning: {warning}", style="yellow"))
        for error in source.errors:
            console.print(Text(f"error: {error}", style="red"))
    verdict = "Archive updated" if report.new or report.updated else "Archive unchanged"
    console.print(
        f"{verdict}: {report.new} new, {report.updated} updated, {report.unchanged} unchanged "
        f"({total} articles in all, {report.requests} "
        f"request{'' if report.requests == 1 else 's'})."
    )
    if not report.ok:
        console.print(
            Text(
                "Sources that failed left the archive as it was; run the sync again to retry them.",
                style="red",
            )
        )
    return EXIT_OK if report.ok else EXIT_FAILED


def summary_table(report: SyncReport) -> Table:
    """One row per source: pages, posts, new/updated/unchanged, requests, outcome."""
    table = Table(title="Sync", title_justify="left", box=None, pad_edge=False)
    table.add_column("source")
    for name in ("pages", "posts", "new", "updated", "unchanged", "requests"):
        table.add_column(name, justify="right")
    table.add_column("result")
    for source in report.sources:
        table.add_row(
            source.source.label,
            str(source.pages),
            str(source.posts),
            str(source.new),
            str(source.updated),
            str(source.unchanged),
            str(source.requests),
            _outcome(source),
        )
    return table


def _outcome(source: SourceReport) -> Text:
    if source.errors:
        return Text("failed", style="red")
    if source.not_modified:
        return Text("not modified", style="dim")
    return Text("ok", style="green")


def _urls(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class _ProgressBar:
    """A Rich progress bar with one task per source, fed by sync events."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def on_event(self, event: SyncEvent) -> None:
        report = event.report
        key = event.source.state_key
        if key not in self.tasks:
            self.tasks[key] = self.progress.add_task(event.source.label, total=None, counts="")
        task = self.tasks[key]
        counts = f"{report.posts} posts"
        if event.kind == "finished":
            counts = _finished_counts(report)
        self.progress.update(
            task, completed=report.pages, total=report.pages_total or None, counts=counts
        )


def _finished_counts(report: SourceReport) -> str:
    if report.errors:
        return "failed"
    if report.not_modified:
        return "not modified"
    return f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged"
