"""Snapshot tests (pytest-textual-snapshot): the main screen at 80x24 and 120x40, and help.

Update after an intended change of look with `pytest tests/tui/test_snapshots.py
--snapshot-update`, then review the SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from newsletter.tui.app import NewsletterApp
from tests.tui.conftest import settle


async def settled(pilot: Pilot[None]) -> None:
    await settle(pilot)
    search = pilot.app.screen.query_one("#search", Input)
    assert search.has_focus
    search.cursor_blink = False  # a blinking cursor would make the picture random
    await pilot.pause()


def test_main_screen_80x24(app_factory: Callable[..., NewsletterApp], snap_compare: Any) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=settled)


def test_main_screen_80x24_issue_pane(
    app_factory: Callable[..., NewsletterApp], snap_compare: Any
) -> None:
    async def issue_pane(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3", "down", "down")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=issue_pane)


def test_main_screen_120x40(app_factory: Callable[..., NewsletterApp], snap_compare: Any) -> None:
    async def tree_focused(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3", "down", "down")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=tree_focused)


def test_help_screen(app_factory: Callable[..., NewsletterApp], snap_compare: Any) -> None:
    async def help_open(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=help_open)
