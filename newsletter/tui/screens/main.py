"""The main screen's actions: every key of the app that changes, saves or shows the issue."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from newsletter import editing, writer
from newsletter.models import LAYOUTS, Issue, Item
from newsletter.trim import longer, shorter
from newsletter.tui.messages import AddArticle
from newsletter.tui.screens.main_tasks import MainScreenTasks

UNDO = Binding.Group("Undo/redo")


class MainScreen(MainScreenTasks):
    """Archive, issue and preview on one screen; see newsletter.tui.commands for every key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        # Priority: these work from the text boxes too (whose own ctrl+e/ctrl+z they replace;
        # field edits are part of the issue's undo history).
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("ctrl+z", "undo", "Undo", group=UNDO, priority=True),
        Binding("ctrl+y", "redo", "Redo", group=UNDO, priority=True),
        Binding("ctrl+n", "new_issue", "New issue", show=False),
        Binding("ctrl+r", "sync", "Sync", show=False, priority=True),
        Binding("c", "show_checks", "Checks", show=False),
        Binding("t", "toggle_text", "Text/HTML", show=False),
        Binding("w", "toggle_whole", "Section/issue", show=False),
        Binding("o", "open_browser", "Browser", show=False),
        Binding("f2", "show_pane('archive')", "Archive pane", show=False),
        Binding("f3", "show_pane('issue')", "Issue pane", show=False),
        Binding("f4", "show_pane('preview')", "Preview pane", show=False),
    ]

    # -- the archive ------------------------------------------------------------------------

    def action_search(self) -> None:
        self._set_active_pane("archive")
        self.archive_pane.search_input.focus()

    def action_toggle_unused(self) -> None:
        pane = self.archive_pane
        pane.set_unused_only(not pane.archive_query.unused_only)

    def action_add_article(self) -> None:
        article_id = self.archive_pane.highlighted_id()
        if article_id is None:
            self.notify("Highlight an article in the archive first.", severity="warning")
            return
        self.add_article(article_id)

    @on(AddArticle)
    def _add_requested(self, message: AddArticle) -> None:
        self.add_article(message.article_id)

    def add_article(self, article_id: str) -> None:
        """Add an archive article after the current item (or at the end of the section)."""
        issue = self.session.issue
        if any(item.article == article_id for item in issue.items):
            self.notify("That article is already in this issue.", severity="warning")
            return
        article = self.article(article_id)
        if article is None:
            self.notify(f"{article_id} is no longer in the archive.", severity="error")
            return
        if not issue.sections:
            issue = editing.add_section(issue, "News")
        section, index = self._clamp_cursor(self.cursor)
        position = len(issue.sections[section].items) if index is None else index + 1
        item = Item(article=article_id, fingerprint=article.fingerprint)
        issue = editing.add_item(issue, section, position, item)
        self._change(issue, "add item", (section, position))
        title = issue.sections[section].title
        self.notify(f"Added “{article.title}” to {title}.", timeout=3)

    # -- items ----------------------------------------------------------------------------

    def _change(self, issue: Issue, label: str, cursor: tuple[int, int | None]) -> bool:
        if not self.session.apply(issue, label):
            return False
        self.cursor = cursor
        self.refresh_issue(journal_now=True)
        return True

    def _current(self) -> tuple[int, int, Item] | None:
        section, index = self._clamp_cursor(self.cursor)
        if index is None:
            return None
        return section, index, self.session.issue.sections[section].items[index]

    def _need_item(self) -> tuple[int, int, Item] | None:
        current = self._current()
        if current is None:
            self.notify("Highlight an item in the issue first (f3).", severity="warning")
        return current

    def action_remove_item(self) -> None:
        section, index = self._clamp_cursor(self.cursor)
        issue = self.session.issue
        if not issue.sections:
            return
        if index is None:
            if issue.sections[section].items:
                self.notify("Remove the section's items first.", severity="warning")
                return
            after = (max(section - 1, 0), None)
            self._change(editing.remove_section(issue, section), "remove section", after)
            return
        self._change(editing.remove_item(issue, section, index), "remove item", (section, index))

    def action_move_item(self, delta: int) -> None:
        current = self._need_item()
        if current is None:
            return
        section, index, _ = current
        issue, new_section, new_index = editing.move_item(self.session.issue, section, index, delta)
        if not self._change(issue, "move item", (new_section, new_index)):
            self.app.bell()

    def _retrim(self, shorten: bool) -> None:
        current = self._need_item()
        if current is None:
            return
        section, index, item = current
        article = self.article(item.article)
        if article is None:
            self.notify("This item's article is not in the archive.", severity="error")
            return
        if item.teaser:
            self.notify("This item has its own teaser: edit it with e.", severity="warning")
            return
        new_item = shorter(item, article) if shorten else longer(item, article)
        new_item = replace(new_item, fingerprint=article.fingerprint)
        issue = editing.replace_item(self.session.issue, section, index, new_item)
        if not self._change(issue, "trim", (section, index)):
            self.app.bell()

    def action_trim_shorter(self) -> None:
        self._retrim(shorten=True)

    def action_trim_longer(self) -> None:
        self._retrim(shorten=False)

    def action_cycle_layout(self) -> None:
        current = self._need_item()
        if current is None:
            return
        section, index, item = current
        layout = LAYOUTS[(LAYOUTS.index(item.layout) + 1) % len(LAYOUTS)]
        issue = editing.replace_item(
            self.session.issue, section, index, replace(item, layout=layout)
        )
        self._change(issue, "layout", (section, index))

    def action_edit_item(self) -> None:
        current = self._need_item()
        if current is None:
            return
        section, index, item = current
        article = self.article(item.article)
        if article is None:
            self.notify("This item's article is not in the archive.", severity="error")
            return

        def edited(new_item: Item | None) -> None:
            if new_item is not None:
                issue = editing.replace_item(self.session.issue, section, index, new_item)
                self._change(issue, "edit item", (section, index))

        from newsletter.tui.screens.edit_item import EditItemScreen

        self.app.push_screen(EditItemScreen(item, article), edited)

    def action_add_section(self) -> None:
        section, _ = self._clamp_cursor(self.cursor)
        position = section + 1 if self.session.issue.sections else 0

        def named(title: str | None) -> None:
            if title:
                issue = editing.add_section(self.session.issue, title, position)
                self._change(issue, "add section", (position, None))

        from newsletter.tui.screens.dialogs import TextPrompt

        self.app.push_screen(TextPrompt("New section", placeholder="Section title"), named)

    def action_rename_section(self) -> None:
        issue = self.session.issue
        if not issue.sections:
            self.action_add_section()
            return
        section, index = self._clamp_cursor(self.cursor)

        def named(title: str | None) -> None:
            if title:
                renamed = editing.rename_section(self.session.issue, section, title)
                self._change(renamed, "rename section", (section, index))

        from newsletter.tui.screens.dialogs import TextPrompt

        self.app.push_screen(TextPrompt("Rename section", issue.sections[section].title), named)

    def action_undo(self) -> None:
        self._history_step(self.session.undo(), "undo", "Undid")

    def action_redo(self) -> None:
        self._history_step(self.session.redo(), "redo", "Redid")

    def _history_step(self, label: str | None, verb: str, done: str) -> None:
        """Say what undo/redo did (or that there was nothing) and show the result."""
        if label is None:
            self.notify(f"Nothing to {verb}.", timeout=2)
            return
        self.notify(f"{done} {label}.", timeout=2)
        self.refresh_issue(journal_now=True)

    # -- preview --------------------------------------------------------------------------

    def action_toggle_text(self) -> None:
        pane = self.preview_pane
        pane.set_view(plain_text=not pane.plain_text)

    def action_toggle_whole(self) -> None:
        pane = self.preview_pane
        pane.set_view(whole_issue=not pane.whole_issue)

    def action_open_browser(self) -> None:
        """Write the current render to out/NAME.preview.html and open it in the browser."""
        if self.rendered is None:
            self.notify("The preview is still rendering.", severity="warning")
            return
        path = self.session.workspace.out_dir / f"{self.session.issue.name}.preview.html"
        try:
            writer.write_text(path, self.rendered.html)
        except OSError as error:
            self.notify(f"Cannot write {path}: {error}", severity="error")
            return
        if self.newsletter_app.browser_opener(path.resolve().as_uri()) is False:
            self.notify(f"No browser to open here; the HTML is in {path}.", severity="warning")
        else:
            self.notify(f"Opened {path.name} in the browser.", timeout=3)

    def today(self) -> date:
        return self.newsletter_app.today()
