"""The status line: item count, word count, HTML size against Gmail's clip, unsaved marker,
the preflight's verdict, and what runs in the background (a sync)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from newsletter.checks import Finding

GMAIL_CLIP_BYTES = 102 * 1024


def size_text(size: int | None) -> Text:
    """HTML size as "38.4 KB / 102 KB", yellow above 90 % of the clip, red over it."""
    if size is None:
        return Text("HTML … / 102 KB", "dim")
    style = ""
    if size > GMAIL_CLIP_BYTES:
        style = "bold red"
    elif size > GMAIL_CLIP_BYTES * 0.9:
        style = "yellow"
    label = f"HTML {size / 1024:.1f} KB / 102 KB"
    if size > GMAIL_CLIP_BYTES:
        label += " — Gmail will clip it"
    return Text(label, style)


def checks_text(findings: list[Finding]) -> Text:
    """ "✖ 1 error · ⚠ 2 warnings (c)", or "✓ checks" when nothing needs a look."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if not errors and not warnings:
        return Text("✓ checks", "green")
    text = Text()
    if errors:
        text.append(f"✖ {errors} error{'s' * (errors != 1)}", "bold red")
    if warnings:
        if errors:
            text.append(" · ")
        text.append(f"⚠ {warnings} warning{'s' * (warnings != 1)}", "yellow")
    text.append(" (c)", "dim")
    return text


class StatusLine(Static):
    """One line at the bottom of the main screen."""

    def show(
        self,
        *,
        path: str,
        items: int,
        words: int,
        size: int | None,
        dirty: bool,
        rendering: bool,
        findings: list[Finding] | None = None,
        activity: str | None = None,
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if activity:
            text.append(activity, "bold cyan")
            text.append(" │ ", "dim")
        if dirty:
            text.append("● unsaved ", "bold yellow")
        text.append(path, "bold")
        text.append(f" · {items} item{'s' * (items != 1)} · {words} words · ")
        text.append_text(size_text(size))
        if findings is not None:
            text.append(" · ")
            text.append_text(checks_text(findings))
        if rendering:
            text.append(" · rendering…", "dim")
        self.update(text)
