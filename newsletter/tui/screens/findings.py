"""The findings view (c): what the preflight found, and a way to go to the item concerned."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from newsletter.checks import Finding
from newsletter.tui.data.preflight import counts

MARKS = {
    "error": ("✖ error", "bold red"),
    "warning": ("⚠ warning", "yellow"),
    "info": ("ℹ info", "cyan"),
}


def finding_prompt(finding: Finding) -> Table:
    """Severity in the left column; where, the message and the hint beside it."""
    label, style = MARKS[finding.severity]
    body = Text(end="")
    body.append(finding.where or "the whole email", "bold" if finding.where else "dim")
    body.append(f"  {finding.code}", "dim")
    body.append(f"\n{finding.message}")
    if finding.hint:
        body.append(f"\n→ {finding.hint}", "dim")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, width=9)
    grid.add_column(ratio=1)
    grid.add_row(Text(label, style), body)
    return grid


def summary_line(findings: list[Finding]) -> str:
    found = counts(findings)
    parts = [
        f"{found[severity]} {name}{'s' * (found[severity] != 1)}"
        for severity, name in (("error", "error"), ("warning", "warning"), ("info", "note"))
    ]
    return "Preflight checks: " + ", ".join(parts)


class FindingsScreen(ModalScreen[Finding | None]):
    """Every finding with its severity, where, message and hint. Enter goes to the item."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,c,q", "close", "Close")]

    def __init__(self, findings: list[Finding], *, stale: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.findings = findings
        self.stale = stale

    def compose(self) -> ComposeResult:
        with Vertical(id="findings-dialog", classes="dialog"):
            title = summary_line(self.findings)
            if self.stale:
                title += " (of the last render; the issue has changed since)"
            yield Label(title, classes="dialog-title", id="findings-title")
            options: list[Option | None] = []
            for finding in self.findings:
                options += [Option(finding_prompt(finding)), None]  # None: a divider line
            if not options:
                options = [Option(Text("Nothing found: ready to send.", "green"), disabled=True)]
            yield OptionList(*options[:-1] or options, id="findings-list")
            yield Label(
                "enter: go to the item · esc: close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#findings-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self.findings[event.option_index]
        if finding.item is None and finding.section is None:
            self.notify("This one concerns the whole email, not one item.", timeout=4)
            return
        self.dismiss(finding)

    def action_close(self) -> None:
        self.dismiss(None)
