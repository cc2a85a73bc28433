"""The archive pane: a search box over the archive list (newest first, or ranked hits)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.signal import Signal
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from newsletter.tui.messages import AddArticle, ArchiveQuery, ArchiveRows, WorkerFailed

if TYPE_CHECKING:
    from newsletter.archive import Archive
    from newsletter.models import ArticleSummary
    from newsletter.tui.data.searcher import Fetcher

LOAD_MORE_MARGIN = 20


def row_prompt(row: ArticleSummary, used_in: list[str], in_issue: bool) -> Content:
    """One archive line: date, badges (in this issue / used in an earlier one), title.

    Built as Textual Content, which the list measures and draws as it is (a Rich Text would
    be converted first, for each of the 50 rows on every keystroke)."""
    parts: list[str | tuple[str, str]] = [
        (row.date.isoformat() if row.date else "    —     ", "dim"),
        " ",
    ]
    if in_issue:
        parts += [("✓", "bold ansi_green"), " "]
    if used_in:
        more = f"+{len(used_in) - 1}" if len(used_in) > 1 else ""
        parts += [(f"↺{used_in[-1]}{more}", "bold ansi_yellow"), " "]
    parts.append(row.title)
    return Content.assemble(*parts)


class ArchiveList(OptionList):
    """The archive's articles. Enter (or a double click) adds the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Add to issue"),
        Binding("u", "screen.toggle_unused", "Unused only"),
    ]

    async def _on_click(self, event: events.Click) -> None:
        """A click highlights; a double click adds (a stray click never changes the issue)."""
        clicked = event.style.meta.get("option")
        if clicked is None or self._options[clicked].disabled:
            return
        self.highlighted = clicked
        if event.chain >= 2:
            self.action_select()


class ArchivePane(Vertical):
    """Search input plus the list. Every keystroke asks the fetcher thread for rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_list", "To list", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.archive: Archive | None = None
        self.archive_query = ArchiveQuery()
        self.rows: list[ArticleSummary] = []
        self.usage: dict[str, list[str]] = {}
        self.in_issue: frozenset[str] = frozenset()
        self.total = 0
        self._generation = 0
        self._next_offset = 0
        self._exhausted = True
        self._loading = False
        self._fetcher: Fetcher | None = None
        self.rows_listed_signal: Signal[int] = Signal(self, "rows_listed")
        """Published with the request's generation once its rows are in the list."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search the archive  ( / )", id="search", compact=True)
        yield ArchiveList(id="archive-list")

    def on_mount(self) -> None:
        self.border_title = "Archive"
        self._update_title()
        self.archive_list.set_options([Option(Text("Opening the archive…", "dim"), disabled=True)])

    @property
    def archive_list(self) -> ArchiveList:
        return self.query_one(ArchiveList)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    # -- state from the screen ---------------------------------------------------------------

    def set_archive(self, archive: Archive, count: int, usage: dict[str, list[str]]) -> None:
        if self._fetcher is None or self._fetcher.archive is not archive:
            from newsletter.tui.data.searcher import Fetcher

            if self._fetcher is not None:
                self._fetcher.close()
            self._fetcher = Fetcher(
                archive,
                lambda found: self.post_message(ArchiveRows(found)),
                lambda error: self.post_message(WorkerFailed("Archive search", error)),
            )
        self.archive = archive
        self.total = count
        self.usage = usage
        self.refresh_rows()

    def on_unmount(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def set_usage(self, usage: dict[str, list[str]]) -> None:
        """New "used in an earlier issue" badges (another issue was opened)."""
        self.usage = usage
        if self.archive_query.unused_only:
            self.refresh_rows()
        else:
            self._show_rows(keep_highlight=True)

    def set_in_issue(self, ids: frozenset[str]) -> None:
        """Mark the articles already in the open issue (and re-filter when showing unused)."""
        if ids == self.in_issue:
            return
        self.in_issue = ids
        if self.archive_query.unused_only:
            self.refresh_rows()
        else:
            self._show_rows(keep_highlight=True)

    def set_unused_only(self, unused_only: bool) -> None:
        self.archive_query = ArchiveQuery(self.archive_query.text, unused_only)
        self._update_title()
        self.refresh_rows()

    @property
    def generation(self) -> int:
        """Counts the queries asked; rows on show belong to the latest once not fetching."""
        return self._generation

    @property
    def fetching(self) -> bool:
        """True while a page of rows is being fetched."""
        return self._loading

    def excluded(self) -> frozenset[str]:
        return frozenset(self.usage) | self.in_issue

    def highlighted_id(self) -> str | None:
        index = self.archive_list.highlighted
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index].id

    # -- fetching -------------------------------------------------------------------------

    def refresh_rows(self) -> None:
        """Fetch the first page for the current query (stale results are dropped)."""
        self._generation += 1
        self._fetch(offset=0)

    def _load_more(self) -> None:
        if self._exhausted or self._loading:
            return
        self._fetch(offset=self._next_offset)

    def _fetch(self, offset: int) -> None:
        if self._fetcher is None:
            return
        from newsletter.tui.data.searcher import RowsRequest

        self._loading = True
        query = self.archive_query
        request = RowsRequest(
            query.text, query.unused_only, offset, self.excluded(), self._generation
        )
        self._fetcher.submit(request)

    @on(ArchiveRows)
    def _rows_arrived(self, message: ArchiveRows) -> None:
        message.stop()
        found = message.found
        if found.request.generation != self._generation:
            return
        self._loading = False
        self._next_offset = found.next_offset
        self._exhausted = found.exhausted
        if found.request.offset > 0:
            self.rows += found.rows
            self.archive_list.add_options(self._option(row) for row in found.rows)
        else:
            self.rows = list(found.rows)
            self._show_rows(keep_highlight=False)
        self._update_title()
        self.rows_listed_signal.publish(found.request.generation)

    def _option(self, row: ArticleSummary) -> Option:
        return Option(row_prompt(row, self.usage.get(row.id, []), row.id in self.in_issue))

    def _show_rows(self, *, keep_highlight: bool) -> None:
        option_list = self.archive_list
        highlighted = option_list.highlighted if keep_highlight else None
        if self.rows:
            option_list.set_options(self._option(row) for row in self.rows)
            option_list.highlighted = min(highlighted or 0, len(self.rows) - 1)
        elif self.archive is not None:
            empty = "No matches." if self.archive_query.text.strip() else "The archive is empty."
            if self.archive_query.unused_only:
                empty += " (Showing unused articles only: press u to show all.)"
            option_list.set_options([Option(Text(empty, "dim"), disabled=True)])

    def _update_title(self) -> None:
        parts = []
        if self.archive is not None:
            if self.archive_query.text.strip():
                parts.append(f"{len(self.rows)} hits")
            else:
                parts.append(f"{self.total:,} articles")
        if self.archive_query.unused_only:
            parts.append("unused only")
        self.border_subtitle = " · ".join(parts)

    # -- events ---------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.archive_query = ArchiveQuery(event.value, self.archive_query.unused_only)
        self.refresh_rows()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.archive_list.focus()

    @on(OptionList.OptionSelected, "#archive-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.rows):
            self.post_message(AddArticle(self.rows[event.option_index].id))

    @on(OptionList.OptionHighlighted, "#archive-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.rows) - LOAD_MORE_MARGIN:
            self._load_more()

    def action_focus_list(self) -> None:
        self.archive_list.focus()
