"""Pilot tests: the preview (HTML/text, section/whole issue, browser, render errors),
the archive pane (badges, unused filter, paging), help, the palette and narrow layouts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from rich.console import Console

from newsletter.archive import Archive
from newsletter.tui.app import NewsletterApp
from newsletter.tui.screens.help import HelpScreen
from newsletter.tui.widgets.preview_pane import PreviewPane
from newsletter.workspace import Workspace
from tests.factories import TOPICS, make_article
from tests.tui.conftest import Opened, main_screen, running, settle

NORDIC = "nordic-companies-draw-crowds-at-the-european-oncology-conference"


def plain(pane: PreviewPane) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(pane.body_renderable())
    return console.export_text()


def lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


async def test_preview_shows_the_sections_render(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        pane = screen.preview_pane
        text = plain(pane)
        assert "Twelve start-ups pitch at the autumn demo day" in text
        assert "Read the full story" in text
        assert "Shared laboratory" not in text, "only the current section"
        await pilot.press("f3", "down", "down")
        text = plain(pane)
        assert "Shared laboratory opens for small biotech companies" in text
        assert "Twelve start-ups" not in text
        await pilot.press("t")
        assert lines(screen.rendered.sections[1].text) in lines(plain(pane))
        await pilot.press("w")
        assert lines(screen.rendered.text) in lines(plain(pane))
        for warning in screen.rendered.warnings:
            assert f"⚠ {warning}" in plain(pane)
        await pilot.press("t")
        whole = plain(pane)
        assert "Twelve start-ups" in whole and "Pupils meet researchers" in whole


async def test_open_in_browser_writes_the_html_and_calls_the_opener(
    app_factory: Callable[..., NewsletterApp], opened: Opened, sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f4", "o")
        await pilot.pause()
        html = screen.rendered.html
    assert len(opened.urls) == 1
    path = Path(url2pathname(urlparse(opened.urls[0]).path))
    assert path == (sample_workspace / "out" / "sample.preview.html").resolve()
    assert path.read_text(encoding="utf-8") == html


async def test_render_error_shows_in_the_preview_not_a_crash(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    templates = sample_workspace / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "issue.mjml.j2").write_text("<mjml>{{ no_such_variable }}</mjml>\n", "utf-8")
    app = app_factory()
    async with running(app) as (pilot, screen):
        assert screen.render_error is not None and "no_such_variable" in screen.render_error
        assert "could not be rendered" in plain(screen.preview_pane)
        await pilot.press("f3", "down", "down", "delete")
        await settle(pilot)
        assert screen.session.dirty and app.is_running


async def test_badges_and_unused_filter(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    earlier = sample_workspace / "issues" / "2026-11.toml"
    earlier.write_text(
        'number = 0\ndate = 2026-11-01\nsubject = "November"\n\n[[sections]]\ntitle = "News"\n\n'
        f'[[sections.items]]\narticle = "{NORDIC}"\n',
        encoding="utf-8",
    )
    app = app_factory()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        pane = main_screen(app).archive_pane
        assert len(pane.rows) == 7
        prompts = {
            row.id: str(option.prompt)
            for row, option in zip(pane.rows, pane.archive_list.options, strict=True)
        }
        assert "↺2026-11" in prompts[NORDIC]
        assert "✓" in prompts["shared-laboratory-opens-for-small-biotech-companies"]
        await pilot.press("down", "u")
        await settle(pilot)
        assert pane.rows == []
        assert pane.border_subtitle.endswith("unused only")
        await pilot.press("u")
        await settle(pilot)
        assert len(pane.rows) == 7


async def test_archive_list_pages_in_as_you_scroll(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    workspace = Workspace(sample_workspace)
    with Archive.open(workspace.archive_path) as archive:
        archive.upsert(
            make_article(f"{TOPICS[n % len(TOPICS)]} ({n})", id=f"bulk-{n:04d}") for n in range(450)
        )
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = main_screen(app).archive_pane
        assert pane.total == 457
        assert len(pane.rows) == 200
        await pilot.press("down", "end")
        await settle(pilot)
        assert len(pane.rows) == 400
        await pilot.press("end")
        await settle(pilot)
        assert len(pane.rows) == 457
        assert len({row.id for row in pane.rows}) == 457


async def test_search_updates_as_you_type(app_factory: Callable[..., NewsletterApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = main_screen(app).archive_pane
        await pilot.press(*"labora")
        await settle(pilot)
        ids = {row.id for row in pane.rows}
        assert "shared-laboratory-opens-for-small-biotech-companies" in ids
        assert "pupils-meet-researchers-in-the-teaching-laboratory" in ids
        assert len(ids) < 7
        await pilot.press(*"xyzzy")
        await settle(pilot)
        assert pane.rows == []
        await pilot.press(*["backspace"] * 11)
        await settle(pilot)
        assert len(pane.rows) == 7


async def test_help_lists_every_key(app_factory: Callable[..., NewsletterApp]) -> None:
    from newsletter.tui.commands import COMMANDS
    from newsletter.tui.screens.help import keys_table

    console = Console(width=120, record=True, color_system=None)
    console.print(keys_table())
    text = console.export_text()
    for command in COMMANDS:
        assert command.keys in text and command.help in text
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_an_action(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "down", "down")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Trim longer")
        for _ in range(50):
            await pilot.pause(0.02)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.issue.sections[1].items[0].paragraphs == 2


async def test_narrow_terminal_shows_one_pane_at_a_time(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with running(app, size=(80, 24)) as (pilot, screen):
        assert screen.has_class("-narrow")
        assert screen.archive_pane.display and screen.archive_pane.region.width > 0
        assert screen.issue_pane.region.width == 0
        await pilot.press("f3")
        await pilot.pause()
        assert screen.issue_pane.region.width > 70 and screen.archive_pane.region.width == 0
        await pilot.press("f4")
        await pilot.pause()
        assert screen.preview_pane.region.width > 70 and screen.issue_pane.region.width == 0
        await pilot.press("slash")
        await pilot.pause()
        assert screen.archive_pane.region.width > 70
        assert app.focused is screen.archive_pane.search_input
        await pilot.click("#pane-tabs", offset=(28, 0))  # " Preview " in the pane switcher
        await pilot.pause()
        assert screen.preview_pane.region.width > 70 and screen.archive_pane.region.width == 0
