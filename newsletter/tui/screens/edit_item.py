"""The edit-override modal: an item's headline and teaser overrides, and its layout."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from newsletter.models import LAYOUTS, Article, Item
from newsletter.trim import trim


class EditItemScreen(ModalScreen[Item | None]):
    """Dismisses with the edited Item, or None when cancelled. Empty fields clear overrides."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Apply", priority=True),
    ]

    def __init__(self, item: Item, article: Article) -> None:
        super().__init__(classes="dialog-screen")
        self.item = item
        self.article = article

    def compose(self) -> ComposeResult:
        trimmed = trim(self.article, replace(self.item, headline=None, teaser=None))
        with Vertical(classes="dialog dialog-wide"):
            yield Label(f"Edit item: {self.article.title}", classes="dialog-title")
            yield Label("Headline (empty: the article's title)", classes="dialog-label")
            yield Input(
                self.item.headline or "",
                placeholder=self.article.title,
                id="headline",
                compact=True,
            )
            yield Label(
                "Teaser (empty: trimmed from the article; blank lines split paragraphs)",
                classes="dialog-label",
            )
            yield TextArea(self.item.teaser or "", id="teaser", soft_wrap=True, compact=True)
            yield Static(
                "Trimmed now: " + " ".join(trimmed.paragraphs)[:300],
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-row"):
                yield Label("Layout ")
                yield Select(
                    [(layout, layout) for layout in LAYOUTS],
                    value=self.item.layout,
                    allow_blank=False,
                    id="layout",
                    compact=True,
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Clear overrides", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#headline", Input).focus()

    def _edited(self) -> Item:
        headline = self.query_one("#headline", Input).value.strip()
        teaser = self.query_one("#teaser", TextArea).text.strip()
        layout = self.query_one("#layout", Select).value
        return replace(
            self.item,
            headline=headline or None,
            teaser=teaser or None,
            layout=layout if layout in LAYOUTS else self.item.layout,
        )

    @on(Input.Submitted, "#headline")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "clear":
            self.dismiss(replace(self._edited(), headline=None, teaser=None))
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(self._edited())

    def action_cancel(self) -> None:
        self.dismiss(None)
