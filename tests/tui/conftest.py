"""Fixtures for the app tests: the sample workspace, an app factory, and waiting helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsletter.tui import make_app
from newsletter.tui.app import NewsletterApp
from newsletter.tui.screens.dialogs import ChoiceDialog
from newsletter.tui.screens.main import MainScreen
from newsletter.workspace import Workspace

TODAY = date(2026, 11, 22)


class Opened:
    """Records the URLs the app asked the system browser to open."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture(autouse=True)
def no_periodic_disk_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests call MainScreen.check_disk() themselves, so dialogs appear at known moments."""
    monkeypatch.setattr(MainScreen, "DISK_CHECK_INTERVAL", 3600.0)


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def app_factory(sample_workspace: Path, opened: Opened) -> Callable[..., NewsletterApp]:
    """Build the app exactly as the CLI does (make_app), with a fixed date and no browser."""

    def build(issue: str | None = "issues/sample.toml", root: Path | None = None) -> NewsletterApp:
        workspace_root = root or sample_workspace
        path = workspace_root / issue if issue else None
        return make_app(Workspace(workspace_root), path, open_url=opened, today=lambda: TODAY)

    return build


async def settle(pilot: Pilot[None], *, rounds: int = 400) -> None:
    """Wait until the archive is open, workers are done and the preview and the checks show
    the issue as it is."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        if not isinstance(screen, MainScreen):
            if any(isinstance(s, MainScreen) for s in app.screen_stack):
                await pilot.pause(0.01)
                return
            await pilot.pause(0.01)
            continue
        if screen.archive is not None and screen.checks_idle and not screen.archive_pane.fetching:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


def main_screen(app: NewsletterApp) -> MainScreen:
    screens = [s for s in app.screen_stack if isinstance(s, MainScreen)]
    assert screens, f"no main screen in {app.screen_stack}"
    return screens[-1]


@asynccontextmanager
async def running(
    app: NewsletterApp, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[Pilot[None], MainScreen]]:
    """Run the app headless at `size`, settled, and hand over the pilot and the main screen."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot, main_screen(app)


async def choose(pilot: Pilot[None], value: str) -> None:
    """Click the dialog button for `value` once the dialog is on screen."""
    for _ in range(100):
        await pilot.pause()
        if isinstance(pilot.app.screen, ChoiceDialog) and await pilot.click(f"#choice-{value}"):
            await pilot.pause()
            return
    raise AssertionError(f"no dialog with a {value!r} button; screen is {pilot.app.screen}")
