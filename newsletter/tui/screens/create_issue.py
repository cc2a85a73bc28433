"""The create-next-issue dialog: a new issue file after the newest one (number + 1, next month)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from newsletter.models import Issue

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class CreateIssueScreen(ModalScreen[tuple[Path, Issue] | None]):
    """Propose the next issue; dismiss with (path, issue) to create, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, issues_dir: Path, proposal: Issue, *, reason: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.issues_dir = issues_dir
        self.proposal = proposal
        self.reason = reason

    def compose(self) -> ComposeResult:
        issue = self.proposal
        with Vertical(classes="dialog"):
            yield Label("Create the next issue", classes="dialog-title")
            if self.reason:
                yield Static(self.reason, classes="dialog-message", markup=False)
            yield Static(
                f"Number {issue.number}, dated {issue.date.isoformat()}.",
                classes="dialog-hint",
                markup=False,
            )
            yield Label("File name (in issues/)", classes="dialog-label")
            yield Input(issue.name, id="name", compact=True)
            yield Label("Subject", classes="dialog-label")
            yield Input(issue.subject, id="subject", compact=True)
            yield Static("", id="create-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#subject", Input).focus()

    def _result(self) -> tuple[Path, Issue] | str:
        name = self.query_one("#name", Input).value.strip().removesuffix(".toml")
        subject = self.query_one("#subject", Input).value.strip()
        if not _NAME.match(name):
            return "Use letters, digits, dots, dashes or underscores for the file name."
        if not subject:
            return "The subject cannot be empty."
        path = self.issues_dir / f"{name}.toml"
        if path.exists():
            return f"issues/{name}.toml already exists: choose another name."
        return path, replace(self.proposal, name=name, subject=subject)

    def _create(self) -> None:
        result = self._result()
        if isinstance(result, str):
            self.query_one("#create-error", Static).update(result)
        else:
            self.dismiss(result)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._create()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
