"""Messages the app's workers and widgets post (workers never touch widgets directly)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from newsletter.archive import Archive
    from newsletter.checks import Finding
    from newsletter.models import Rendered
    from newsletter.sync import SyncEvent
    from newsletter.tui.data.searcher import Rows
    from newsletter.tui.data.syncing import SyncOutcome


@dataclass(frozen=True)
class ArchiveQuery:
    """What the archive list shows: a search (or "" for newest first) and the unused filter."""

    text: str = ""
    unused_only: bool = False


class WorkerFailed(Message):
    """Background work raised. Bubbles up to the app, whose one handler turns it into a
    notification titled "`name` failed".

    (Textual's own Worker.StateChanged does not bubble, so each widget that runs workers
    forwards failures with `forward_worker_failure`.)
    """

    def __init__(self, name: str, error: BaseException | None) -> None:
        super().__init__()
        self.name = name
        self.error = error


def forward_worker_failure(node: MessagePump, event: Worker.StateChanged) -> None:
    """Post WorkerFailed for a worker of `node` that ended in an error."""
    if event.state == WorkerState.ERROR:
        node.post_message(WorkerFailed(event.worker.name or "Task", event.worker.error))


class ArchiveOpened(Message):
    """The workspace archive is open and fresh (text dumps re-imported when they changed)."""

    def __init__(self, archive: Archive, count: int, usage: dict[str, list[str]]) -> None:
        super().__init__()
        self.archive = archive
        self.count = count
        self.usage = usage


class UsageLoaded(Message):
    """Which earlier issues use which articles (for the archive's badges), read again."""

    def __init__(self, usage: dict[str, list[str]]) -> None:
        super().__init__()
        self.usage = usage


class ArchiveRows(Message):
    """Rows for the archive list: a fresh result (offset 0) or the next page of one."""

    def __init__(self, found: Rows) -> None:
        super().__init__()
        self.found = found


class AddArticle(Message):
    """The user chose an archive article to add to the issue's current section."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class ItemFocused(Message):
    """The issue tree's cursor is on a section (item None) or an item."""

    def __init__(self, section: int | None, item: int | None) -> None:
        super().__init__()
        self.section = section
        self.item = item


class FieldEdited(Message):
    """The user typed in one of the issue's own fields (subject, preheader, intro)."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__()
        self.field = field
        self.value = value


class RenderFinished(Message):
    """A render of generation `generation` of the issue completed."""

    def __init__(self, generation: int, rendered: Rendered) -> None:
        super().__init__()
        self.generation = generation
        self.rendered = rendered


class RenderFailed(Message):
    """A render failed; the preview shows `error` instead of crashing."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class ExportFinished(Message):
    """Export wrote the files (report as compose returns it) and this HTML."""

    def __init__(self, report: dict[str, Any], html: str) -> None:
        super().__init__()
        self.report = report
        self.html = html


class ChecksFinished(Message):
    """The preflight ran on the render of generation `generation`; errors come first."""

    def __init__(self, generation: int, findings: list[Finding]) -> None:
        super().__init__()
        self.generation = generation
        self.findings = findings


class SyncProgressed(Message):
    """The archive sync made a step (a source started, a page arrived, a source finished)."""

    def __init__(self, event: SyncEvent) -> None:
        super().__init__()
        self.event = event


class SyncFinished(Message):
    """The archive sync ended: `outcome` says what it did (None: the worker failed)."""

    def __init__(self, outcome: SyncOutcome | None) -> None:
        super().__init__()
        self.outcome = outcome
