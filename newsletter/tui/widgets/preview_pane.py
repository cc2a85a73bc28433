"""The preview pane: the selected section (or the whole issue) as rendered, HTML or plain text."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from newsletter.models import Rendered


class PreviewBody(Static):
    """The preview's content (a Rich renderable built from the render result)."""


class PreviewPane(VerticalScroll):
    """Shows what export writes: built from Rendered, never rendered a second way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "screen.toggle_text", "Text/HTML"),
        Binding("w", "screen.toggle_whole", "Section/issue"),
        Binding("o", "screen.open_browser", "Browser"),
    ]

    can_focus = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rendered: Rendered | None = None
        self.error: str | None = None
        self.section: int | None = None
        self.plain_text = False
        self.whole_issue = False

    def compose(self) -> ComposeResult:
        yield PreviewBody(Text("Rendering…", "dim"), id="preview-body")

    def on_mount(self) -> None:
        self.border_title = "Preview"

    def show_rendered(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self.error = None
        self._refresh_body()

    def clear(self) -> None:
        """Back to "Rendering…" (another issue was opened)."""
        self.rendered = None
        self.error = None
        self._refresh_body()

    def show_error(self, error: str) -> None:
        self.error = error
        self._refresh_body()

    def set_view(
        self,
        *,
        section: int | None = None,
        plain_text: bool | None = None,
        whole_issue: bool | None = None,
    ) -> None:
        changed_section = section is not None and section != self.section
        if section is not None:
            self.section = section
        if plain_text is not None:
            self.plain_text = plain_text
        if whole_issue is not None:
            self.whole_issue = whole_issue
        self._refresh_body()
        if changed_section and not self.whole_issue:
            self.scroll_home(animate=False)

    def _section_index(self) -> int | None:
        if self.rendered is None or not self.rendered.sections:
            return None
        index = self.section or 0
        return min(max(index, 0), len(self.rendered.sections) - 1)

    def body_renderable(self) -> RenderableType:
        """What the pane shows now (tests read it too)."""
        from newsletter.tui.data.htmltext import html_to_rich

        if self.error is not None:
            return Group(
                Text("The preview could not be rendered:", "bold red"),
                Text(""),
                Text(self.error, "red"),
                Text(""),
                Text("Your edits are safe; fix the problem and the preview updates.", "dim"),
            )
        rendered = self.rendered
        if rendered is None:
            return Text("Rendering…", "dim")
        index = self._section_index()
        if self.whole_issue or index is None:
            body = Text(rendered.text) if self.plain_text else html_to_rich(rendered.html)
        else:
            section = rendered.sections[index]
            body = Text(section.text) if self.plain_text else html_to_rich(section.html)
        if not rendered.warnings:
            return body
        notes = Text("\n".join(f"⚠ {warning}" for warning in rendered.warnings), "yellow")
        return Group(body, Text(""), Text("─" * 20, "dim"), notes)

    def _refresh_body(self) -> None:
        self.query_one(PreviewBody).update(self.body_renderable())
        mode = "text" if self.plain_text else "HTML"
        index = self._section_index()
        if self.whole_issue or index is None or self.rendered is None:
            where = "whole issue"
        else:
            where = self.rendered.sections[index].title or f"section {index + 1}"
        self.border_title = f"Preview · {where}"
        self.border_subtitle = mode
