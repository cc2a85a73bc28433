"""Pilot tests: the key footer shows the keys of what has focus, and a click presses a key."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from newsletter.tui.app import NewsletterApp
from newsletter.tui.screens.help import HelpScreen
from newsletter.tui.widgets.key_footer import KeyFooter
from tests.tui.conftest import main_screen, settle


def footer_text(footer: KeyFooter) -> str:
    console = Console(width=footer.size.width, record=True, color_system=None)
    console.print(footer.render())
    return console.export_text().rstrip("\n")


async def test_footer_follows_the_focus_and_a_click_presses_the_key(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = main_screen(app).query_one(KeyFooter)
        in_search = footer_text(footer)
        assert "/ Search" in in_search and "^s Save" in in_search
        assert in_search.endswith("^p palette")
        assert "Move" not in in_search
        await pilot.press("f3")
        await pilot.pause()
        in_tree = footer_text(footer)
        assert in_tree.startswith(" ⇧↑ ⇧↓ Move  del Remove  - + Trim  e Edit")
        column = in_tree.index(" f1 ") + 1
        await pilot.click(KeyFooter, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
