"""The pane switcher shown on narrow terminals: one line of clickable pane names."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

PANE_TITLES = (("archive", "Archive", "f2"), ("issue", "Issue", "f3"), ("preview", "Preview", "f4"))


class PaneTabs(Static):
    """`Archive f2 │ Issue f3 │ Preview f4`, the shown pane highlighted; a click switches."""

    def show_active(self, active: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (pane, title, key) in enumerate(PANE_TITLES):
            if index:
                text.append(" │ ", "dim")
            style = "bold reverse" if pane == active else ""
            text.append(f" {title} ", style)
            text.append(f"{key}", "dim")
            text.apply_meta({"@click": f"screen.show_pane('{pane}')"}, *self._span(text, title))
        self.update(text)

    @staticmethod
    def _span(text: Text, title: str) -> tuple[int, int]:
        end = len(text.plain)
        start = text.plain.rfind(f" {title} ")
        return start, end
