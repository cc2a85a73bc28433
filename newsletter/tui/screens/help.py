"""The help screen (f1): every key, grouped, from the command catalogue."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from newsletter.tui.commands import COMMANDS


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    group = None
    for command in COMMANDS:
        if command.group != group:
            if group is not None:
                table.add_row("", "")
            group = command.group
            table.add_row(Text(group, "bold yellow"), "")
        table.add_row(command.keys, command.help)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and what they do. Escape, f1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label("newsletter — keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(keys_table())
            yield Label(
                "Type in the search box to search. ctrl+p: every action by name. Esc closes this.",
                classes="dialog-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
