"""Shown when an issue file cannot be opened: the messages with file:line, retry or quit."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static


class OpenErrorScreen(Screen[None]):
    """The errors, and two ways on: r retries (after fixing the file), q quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry"),
        Binding("q,escape", "quit_app", "Quit"),
    ]

    def __init__(self, message: str, retry: Callable[[], None]) -> None:
        super().__init__()
        self.message = message
        self.retry = retry

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("This issue file cannot be opened", classes="dialog-title")
            yield Static(self.message, classes="dialog-error", markup=False)
            yield Static(
                "Fix the file in your editor, then press r to try again (q quits).",
                classes="dialog-hint",
            )
        yield Footer()

    def action_retry(self) -> None:
        self.retry()

    def action_quit_app(self) -> None:
        self.app.exit(return_code=2, message=self.message)
