"""The status line: item count, word count, HTML size against Gmail's clip, unsaved marker."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

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
        warnings: int,
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if dirty:
            text.append("● unsaved ", "bold yellow")
        text.append(path, "bold")
        text.append(f" · {items} item{'s' * (items != 1)} · {words} words · ")
        text.append_text(size_text(size))
        if warnings:
            text.append(f" · {warnings} warning{'s' * (warnings != 1)}", "yellow")
        if rendering:
            text.append(" · rendering…", "dim")
        self.update(text)
