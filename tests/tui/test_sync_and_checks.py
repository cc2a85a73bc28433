"""Pilot tests: syncing the archive from a real local WordPress-shaped server (ctrl+r), and
the preflight in the app (status line, the findings view, jumping to an item, export)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from newsletter.archive import Archive
from newsletter.compose import compose_issue
from newsletter.tui.app import NewsletterApp
from newsletter.tui.data.preflight import RENDER_WARNING
from newsletter.tui.screens.findings import FindingsScreen
from newsletter.tui.screens.main import MainScreen
from newsletter.tui.screens.main_tasks import MainScreenTasks
from newsletter.tui.widgets.status_line import StatusLine
from newsletter.workspace import Workspace
from tests.synchelp import fast_options
from tests.tui.conftest import main_screen, settle
from tests.wpserver import POSTS_PATH, WPServer, hang, status

SAMPLE_ARTICLES = 7
SERVER_POSTS = 6
PATIENT_DATA = "patient-data-in-research-what-changes-next-year"
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "newsletter" / "templates"


@pytest.fixture(autouse=True)
def fast_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real retries and timeouts, with the backoff waits shrunk (tests/synchelp.py)."""
    monkeypatch.setattr(MainScreenTasks, "sync_net_options", fast_options())


def add_source(root: Path, url: str) -> None:
    with (root / "newsletter.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[[sources]]\ntype = "wordpress"\nurl = "{url}"\n')


def notifications(app: NewsletterApp) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def sync_and_wait(pilot: Pilot[None], screen: MainScreen) -> None:
    notes = len(pilot.app._notifications)
    await pilot.press("ctrl+r")
    for _ in range(2000):
        await pilot.pause(0.01)
        if not screen.syncing:
            await settle(pilot)
            assert len(pilot.app._notifications) > notes, "the sync said how it went"
            return
    raise AssertionError("the sync did not end")


def as_text(renderable: object) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def top(app: NewsletterApp) -> Screen[object]:
    """The screen on top (a function, so a type checker does not keep an earlier narrowing)."""
    return app.screen


def status_text(screen: MainScreen) -> str:
    return str(screen.query_one(StatusLine).content)


async def test_sync_fetches_the_sites_posts_into_the_archive_list(
    app_factory: Callable[..., NewsletterApp],
    sample_workspace: Path,
    server: WPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_source(sample_workspace, server.url)
    shown: list[str | None] = []
    original = MainScreenTasks._set_activity

    def record(screen: MainScreenTasks, text: str | None) -> None:
        shown.append(text)
        original(screen, text)

    monkeypatch.setattr(MainScreenTasks, "_set_activity", record)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.archive_pane.total == SAMPLE_ARTICLES
        await sync_and_wait(pilot, screen)
        assert notifications(app)[-1] == (
            "Archive synced",
            f"{SERVER_POSTS} new, 0 updated, 0 unchanged · "
            f"{SAMPLE_ARTICLES + SERVER_POSTS} articles in the archive.",
            "information",
        )
        pane = screen.archive_pane
        assert pane.total == SAMPLE_ARTICLES + SERVER_POSTS
        assert pane.border_subtitle == f"{SAMPLE_ARTICLES + SERVER_POSTS} articles"
        assert "Shared lab opens for young companies" in [row.title for row in pane.rows]
        await pilot.press("slash", *"podcast")
        await settle(pilot)
        assert [row.title for row in pane.rows] == ["The cluster starts a podcast"]
        assert "⟳" not in status_text(screen), "the progress is gone from the status line"

        await sync_and_wait(pilot, screen)  # nothing changed on the site since
        title, message, severity = notifications(app)[-1]
        assert (title, severity) == ("Archive synced", "information")
        assert message.startswith("0 new, 0 updated, 0 unchanged · 13 articles")
        assert f"WordPress {server.url}: not modified." in message
    assert f"⟳ sync: {server.url}" in shown
    assert "⟳ sync: page 1/1, 6 posts" in shown
    assert shown[-1] is None
    assert server.requests[0].headers["user-agent"].endswith("(+https://example.org)")
    with Archive.open(Workspace(sample_workspace).archive_path) as archive:
        assert archive.count() == SAMPLE_ARTICLES + SERVER_POSTS


async def test_sync_failure_says_why_and_leaves_the_archive(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path, server: WPServer
) -> None:
    add_source(sample_workspace, server.url)
    server.inject(POSTS_PATH, status(500), repeat=True)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await sync_and_wait(pilot, screen)
        title, message, severity = notifications(app)[-1]
        assert (title, severity) == ("Sync failed", "error")
        assert message.startswith(f"0 new, 0 updated, 0 unchanged · {SAMPLE_ARTICLES} articles")
        assert f"✖ {server.url}{POSTS_PATH}" in message and "500" in message
        assert "ctrl+r tries again" in message
        assert screen.archive_pane.total == SAMPLE_ARTICLES


async def test_ctrl_r_again_stops_a_sync_stuck_on_a_slow_server(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path, server: WPServer
) -> None:
    add_source(sample_workspace, server.url)
    server.inject(POSTS_PATH, hang(20.0))  # far longer than the wait below
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+r")
        for _ in range(500):
            await pilot.pause(0.01)
            if server.requests:
                break
        assert server.requests, "the sync asked the server"
        await pilot.press("ctrl+r")
        for _ in range(1000):
            await pilot.pause(0.01)
            if not screen.syncing:
                break
        assert not screen.syncing, "stopped without waiting for the slow answer"
        title, message, severity = notifications(app)[-1]
        assert (title, severity) == ("Sync stopped", "warning")
        assert f"✖ WordPress {server.url}: cancelled; the archive was not changed" in message
        assert screen.archive_pane.total == SAMPLE_ARTICLES
    with Archive.open(Workspace(sample_workspace).archive_path) as archive:
        assert archive.count() == SAMPLE_ARTICLES


async def test_sync_without_web_sources_says_how_to_add_one(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not screen.syncing
        title, message, severity = notifications(app)[-1]
        assert (title, severity) == ("Nothing to sync", "warning")
        assert "newsletter.toml" in message
        assert '[[sources]]\ntype = "wordpress"' in message


async def test_the_checks_run_on_the_issue_in_memory_like_compose(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    footer = (PACKAGE_TEMPLATES / "partials" / "footer.mjml.j2").read_text(encoding="utf-8")
    assert "<br>{{ brand.address }}" in footer
    own = sample_workspace / "templates" / "partials" / "footer.mjml.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(footer.replace("<br>{{ brand.address }}", ""), encoding="utf-8")
    earlier = sample_workspace / "issues" / "2026-11.toml"
    earlier.write_text(
        'number = 0\ndate = 2026-11-01\nsubject = "November"\n\n[[sections]]\ntitle = "News"\n'
        f'\n[[sections.items]]\narticle = "{PATIENT_DATA}"\n',
        encoding="utf-8",
    )
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.findings is not None
        assert "✖ 1 error · ⚠ 1 warning (c)" in status_text(screen)
        codes = [(f.severity, f.code, f.item) for f in screen.findings]
        assert codes[:2] == [
            ("error", "tags.address", None),
            ("warning", "reuse.earlier-issue", PATIENT_DATA),
        ]
        composed = compose_issue(
            Workspace(sample_workspace), sample_workspace / "issues/sample.toml"
        )
        in_app = [f for f in screen.findings if f.code != RENDER_WARNING]
        assert in_app == list(composed.findings), "the same findings as compose"

        await pilot.press("f3", "c")
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == len(screen.findings)
        address = as_text(options.get_option_at_index(0).prompt)
        assert "error" in address and "the whole email" in address
        assert "the sender's postal address is not in the email" in address
        assert "→ Keep the footer partial, which shows brand.address." in address
        reuse = " ".join(as_text(options.get_option_at_index(1).prompt).split())
        assert f"section 'News from the cluster', item '{PATIENT_DATA}'" in reuse
        assert "already in issue 2026-11" in reuse
        await pilot.press("enter")  # the address concerns the whole email: the view stays
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert top(app) is screen
        assert screen.cursor == (1, 1)
        tree = screen.issue_pane.issue_tree
        assert tree.has_focus
        assert tree.cursor_node is not None and tree.cursor_node.data == (1, 1)

        await pilot.press("delete")  # the reused article goes: so does its warning
        await settle(pilot)
        assert "✖ 1 error (c)" in status_text(screen)
        assert [f.code for f in screen.findings if f.severity != "info"] == ["tags.address"]

        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.pause(0.05)
        title, message, severity = notifications(app)[-1]
        assert (title, severity) == ("Exported, but 1 error blocks sending", "warning")
        assert "✖ the sender's postal address is not in the email" in message
    report = json.loads((sample_workspace / "out" / "sample.json").read_text(encoding="utf-8"))
    assert report["blocking"] == ["the sender's postal address is not in the email"]
    assert PATIENT_DATA not in (sample_workspace / "out" / "sample.html").read_text("utf-8")
