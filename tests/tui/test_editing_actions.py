"""Pilot tests: every editing action, checked in the saved TOML and in the render result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsletter.issuefile import load_issue
from newsletter.tui.app import NewsletterApp
from newsletter.tui.screens.edit_item import EditItemScreen
from tests.tui.conftest import running, settle

NORDIC = "nordic-companies-draw-crowds-at-the-european-oncology-conference"
NORDIC_TITLE = "Nordic companies draw crowds at the European oncology conference"
TWELVE = "twelve-start-ups-pitch-at-the-autumn-demo-day"
LAB = "shared-laboratory-opens-for-small-biotech-companies"
DATA = "patient-data-in-research-what-changes-next-year"
COURSE = "new-course-clinical-trials-for-small-companies"


def saved(root: Path) -> list[list[str]]:
    issue = load_issue(root / "issues" / "sample.toml")
    return [[item.article for item in section.items] for section in issue.sections]


async def test_search_and_add_article_then_save(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("slash", *"nordic")
        await settle(pilot)
        assert [row.id for row in screen.archive_pane.rows] == [NORDIC]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert screen.session.dirty
        assert screen.cursor == (0, 1)
        assert NORDIC_TITLE in screen.rendered.sections[0].html
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert saved(sample_workspace)[0] == [TWELVE, NORDIC]
    text = (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")
    assert text.startswith("# A sample issue")
    item = load_issue(sample_workspace / "issues" / "sample.toml").sections[0].items[1]
    assert item.fingerprint is not None and len(item.fingerprint) == 16


async def test_adding_an_article_twice_is_refused(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        before = screen.session.issue
        screen.add_article(LAB)
        await settle(pilot)
        assert screen.session.issue == before
        assert not screen.session.dirty


async def test_remove_item_and_undo_redo(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "down", "down")
        assert screen.cursor == (1, 0)
        await pilot.press("delete")
        await settle(pilot)
        assert [i.article for i in screen.session.issue.sections[1].items] == [DATA, COURSE]
        assert "Shared laboratory opens" not in screen.rendered.html
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Shared laboratory opens" in screen.rendered.html
        assert not screen.session.dirty
        await pilot.press("ctrl+y", "ctrl+s")
        await settle(pilot)
    assert saved(sample_workspace)[1] == [DATA, COURSE]


async def test_move_item_across_section_boundaries(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "down", "down")
        await pilot.press("shift+up")
        await settle(pilot)
        assert screen.cursor == (0, 1)
        await pilot.press("shift+up")
        assert screen.cursor == (0, 0)
        await pilot.press("shift+down", "shift+down", "shift+down")
        await settle(pilot)
        assert screen.cursor == (1, 1)
        html = screen.rendered.html
        assert html.index("Patient data in research") < html.index("Shared laboratory opens")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert saved(sample_workspace) == [
        [TWELVE],
        [DATA, LAB, COURSE],
        [
            "patients-take-the-stage-at-the-annual-meeting",
            "pupils-meet-researchers-in-the-teaching-laboratory",
        ],
    ]


async def test_trim_longer_and_shorter(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        article = screen.session.articles[LAB]
        await pilot.press("f3", "down", "down")
        section_text = screen.rendered.sections[1].text
        assert article.paragraphs[0][:40] in section_text
        assert article.paragraphs[1][:40] not in section_text
        await pilot.press("plus")
        await settle(pilot)
        assert screen.session.issue.sections[1].items[0].paragraphs == 2
        assert article.paragraphs[1][:40] in screen.rendered.sections[1].text
        await pilot.press("minus", "minus")
        await settle(pilot)
        item = screen.session.issue.sections[1].items[0]
        assert item.paragraphs is None and item.words is None
        assert article.paragraphs[0][:40] not in screen.rendered.sections[1].text
        await pilot.press("down", "minus")
        await settle(pilot)
        words_item = screen.session.issue.sections[1].items[1]
        assert words_item.words is not None and words_item.words < 60
        await pilot.press("ctrl+s")
        await pilot.pause()
    issue = load_issue(sample_workspace / "issues" / "sample.toml")
    assert issue.sections[1].items[0].paragraphs is None
    assert issue.sections[1].items[1].words == words_item.words


async def test_edit_headline_and_teaser_override(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "down", "down", "e")
        await pilot.pause()
        assert isinstance(app.screen, EditItemScreen)
        await pilot.press(*"A lab for everyone")
        await pilot.press("tab")
        await pilot.press(*"Rent a bench by the month.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        item = screen.session.issue.sections[1].items[0]
        assert item.headline == "A lab for everyone"
        assert item.teaser == "Rent a bench by the month."
        html = screen.rendered.sections[1].html
        assert "A lab for everyone" in html and "Rent a bench by the month." in html
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")
    assert 'headline = "A lab for everyone"' in text


async def test_cycle_layout(
    app_factory: Callable[..., NewsletterApp],
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "down", "down", "l")
        await settle(pilot)
        assert screen.session.issue.sections[1].items[0].layout == "compact"
        await pilot.press("l")
        assert screen.session.issue.sections[1].items[0].layout == "lead"


async def test_edit_subject_in_place_is_one_undo_step(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        original = screen.session.issue.subject
        screen.query_one("#subject").focus()
        await pilot.press("end", *" (draft)")
        await settle(pilot)
        assert screen.session.issue.subject == original + " (draft)"
        assert "(draft)" in screen.rendered.html
        await pilot.press("f3", "ctrl+z")
        await settle(pilot)
        assert screen.session.issue.subject == original
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
    issue = load_issue(sample_workspace / "issues" / "sample.toml")
    assert issue.subject == original + " (draft)"


async def test_add_and_rename_section(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with running(app) as (pilot, screen):
        await pilot.press("f3", "a")
        await pilot.pause()
        await pilot.press(*"Events", "enter")
        await settle(pilot)
        assert [s.title for s in screen.session.issue.sections][:2] == ["Top story", "Events"]
        assert screen.cursor == (1, None)
        await pilot.press("r", "ctrl+a", "ctrl+k", *"Calendar", "enter")
        await settle(pilot)
        assert screen.session.issue.sections[1].title == "Calendar"
        await pilot.press("delete")
        await settle(pilot)
        assert "Calendar" not in [s.title for s in screen.session.issue.sections]
        await pilot.press("ctrl+z", "ctrl+s")
        await pilot.pause()
    issue = load_issue(sample_workspace / "issues" / "sample.toml")
    assert [s.title for s in issue.sections][:2] == ["Top story", "Calendar"]
