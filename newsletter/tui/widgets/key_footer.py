"""The footer: the keys that work where the focus is, on one line.

It shows what Textual's Footer shows (the focused widget's keys, then the screen's and the
app's; grouped keys together; the command palette key on the right; a click presses the
key), drawn as one widget instead of a widget per key. Textual's Footer composes its keys
only after the first frame and recomposes them on every focus change; this one is drawn in
the first frame and on a focus change only redraws a line.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from rich.style import Style
    from textual.binding import Binding
    from textual.screen import Screen


class KeyFooter(Widget):
    """Key hints for the focused widget, the screen and the app."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        link-color: $footer-key-foreground;
        link-background: $footer-key-background;
        link-style: bold;
        link-color-hover: $footer-key-foreground;
        link-background-hover: $block-hover-background;
        link-style-hover: bold;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def action_press_key(self, key: str) -> None:
        """A click on a key hint presses that key."""
        self.app.simulate_key(key)

    def render(self) -> Table:
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        text_style = self.get_component_rich_style("key-footer--description", partial=True)
        left = Text(no_wrap=True, overflow="crop", end="")
        right = Text(no_wrap=True, end="")
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        for _, binding, enabled, _tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled))
        for group, runs in groupby(by_action.values(), lambda found: found[0][0].group):
            actions = list(runs)
            if group is not None and len(actions) > 1:
                left.append(" ")
                for index, found in enumerate(actions):
                    binding, enabled = found[0]
                    self._key(left, binding, enabled, key_style, pad=" " if index else "")
                left.append(f" {group.description} ", text_style)
            else:
                for found in actions:
                    binding, enabled = found[0]
                    self._key(left, binding, enabled, key_style, pad=" ")
                    left.append(" ")
                    left.append(f"{binding.description} ", text_style)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _tooltip = palette
            right.append("▏", "dim")
            self._key(right, binding, enabled, key_style, pad=" ")
            right.append(f" {binding.description} ", text_style)
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="crop")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(left, right)
        return grid

    def _key(self, text: Text, binding: Binding, enabled: bool, style: Style, pad: str) -> None:
        start = len(text)
        text.append(pad)
        text.append(self.app.get_key_display(binding), style if enabled else "dim")
        key = binding.key.split(",")[0]
        text.apply_meta({"@click": f"press_key({key!r})"}, start, len(text))
