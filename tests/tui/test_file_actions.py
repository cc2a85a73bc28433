"""Pilot tests: save, export, quit, the journal of unsaved edits, changes on disk, new issues."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from newsletter import journal
from newsletter.issuefile import load_issue
from newsletter.tui.app import NewsletterApp
from newsletter.tui.screens.create_issue import CreateIssueScreen
from newsletter.tui.screens.dialogs import ChoiceDialog
from newsletter.tui.screens.error import OpenErrorScreen
from newsletter.tui.screens.main import MainScreen
from newsletter.workspace import Workspace
from tests.tui.conftest import choose, main_screen, running, settle

LAB = "shared-laboratory-opens-for-small-biotech-companies"


async def remove_lab_item(pilot: object, app: NewsletterApp) -> MainScreen:
    screen = main_screen(app)
    await pilot.press("f3", "down", "down", "delete")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert screen.session.dirty
    return screen


async def test_export_writes_files_and_copies_html(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await remove_lab_item(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.pause(0.05)
        clipboard = app.clipboard
        assert not screen.session.dirty, "export saves first"
    out = sample_workspace / "out"
    html = (out / "sample.html").read_text(encoding="utf-8")
    assert clipboard == html
    assert "Shared laboratory opens" not in html
    assert "Twelve start-ups pitch at the autumn demo day" in html
    report = json.loads((out / "sample.json").read_text(encoding="utf-8"))
    assert report["size_bytes"] == len(html.encode("utf-8"))
    assert LAB not in report["sections"][1]["items"]
    assert "Twelve start-ups" in (out / "sample.txt").read_text(encoding="utf-8")
    assert LAB not in (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")


async def test_quit_when_saved_exits_at_once(app_factory: Callable[..., NewsletterApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit


async def test_quit_with_unsaved_changes_asks(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    before = (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await remove_lab_item(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not app._exit
        await pilot.press("ctrl+q")
        await pilot.pause()
        await choose(pilot, "save")
        assert app._exit
    after = load_issue(sample_workspace / "issues" / "sample.toml")
    assert LAB not in [item.article for item in after.items]
    assert before != (sample_workspace / "issues" / "sample.toml").read_text(encoding="utf-8")


async def test_quit_without_saving_leaves_the_file(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    before = path.read_text(encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await remove_lab_item(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await choose(pilot, "discard")
        assert app._exit
    assert path.read_text(encoding="utf-8") == before
    assert journal.read_journal(Workspace(sample_workspace), path) is None


async def test_unsaved_edits_are_offered_back_after_a_crash(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    first = app_factory()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await remove_lab_item(pilot, first)
        edited = screen.session.issue
        entry = journal.read_journal(Workspace(sample_workspace), path)
        assert entry is not None and entry.issue == edited
        first.exit()  # what a killed terminal leaves: no save, no clean-up
    assert LAB in path.read_text(encoding="utf-8")

    second = app_factory()
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, ChoiceDialog)
        assert "Unsaved edits" in second.screen.message
        await choose(pilot, "restore")
        await settle(pilot)
        screen = main_screen(second)
        assert screen.session.issue == edited and screen.session.dirty
        assert "Shared laboratory opens" not in screen.rendered.html
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert LAB not in path.read_text(encoding="utf-8")
    assert journal.read_journal(Workspace(sample_workspace), path) is None


async def test_declined_journal_is_discarded(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    workspace = Workspace(sample_workspace)
    issue = load_issue(path)
    draft = replace(issue, subject="Draft")
    journal.write_journal(workspace, path, draft, journal.file_hash(path))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await choose(pilot, "discard")
        assert main_screen(app).session.issue.subject == issue.subject
    assert journal.read_journal(workspace, path) is None


async def test_change_on_disk_is_noticed_and_reloaded(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    app = app_factory()
    async with running(app) as (pilot, screen):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title = "In brief"', 'title = "Short news"'), "utf-8")
        screen.check_disk()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await choose(pilot, "reload")
        await settle(pilot)
        assert screen.session.issue.sections[2].title == "Short news"
        assert not screen.session.dirty
        await pilot.press("ctrl+z")
        assert screen.session.issue.sections[2].title == "In brief"


async def test_the_periodic_check_notices_a_change(
    app_factory: Callable[..., NewsletterApp],
    sample_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(MainScreen, "DISK_CHECK_INTERVAL", 0.05)
    path = sample_workspace / "issues" / "sample.toml"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        path.write_text(path.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, ChoiceDialog):
                break
        assert isinstance(app.screen, ChoiceDialog)
        assert "changed by another program" in app.screen.message
        await choose(pilot, "keep")
        assert main_screen(app).session.dirty


async def test_save_never_overwrites_a_changed_file_silently(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await remove_lab_item(pilot, app)
        theirs = path.read_text(encoding="utf-8") + "\n# edited elsewhere\n"
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await choose(pilot, "cancel")
        assert path.read_text(encoding="utf-8") == theirs
        await pilot.press("ctrl+s")
        await pilot.pause()
        await choose(pilot, "overwrite")
    text = path.read_text(encoding="utf-8")
    assert LAB not in text and "# edited elsewhere" in text


async def test_no_issue_offers_to_create_the_next_one(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    (sample_workspace / "issues" / "sample.toml").unlink()
    app = app_factory(issue=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CreateIssueScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.session.path == sample_workspace / "issues" / "2026-12.toml"
    issue = load_issue(sample_workspace / "issues" / "2026-12.toml")
    assert issue.number == 1 and issue.date.isoformat() == "2026-12-01"


async def test_create_next_issue_after_the_newest(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, CreateIssueScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = main_screen(app)
        assert screen.session.issue.number == 2
        assert screen.session.path.name == "2027-01.toml"
        assert screen.session.issue.sections[0].items == ()
        assert [s for s in app.screen_stack if isinstance(s, MainScreen)] == [screen]
        assert screen.sub_title == "issues/2027-01.toml"
        assert screen.rendered is not None and "Twelve start-ups" not in screen.rendered.html
        pane = screen.archive_pane
        assert pane.in_issue == frozenset()
        assert pane.usage[LAB] == ["sample"], "the sample is now an earlier issue"
        prompts = [str(option.prompt) for option in pane.archive_list.options]
        assert sum("↺sample" in prompt for prompt in prompts) == 6


async def test_bad_issue_file_shows_its_errors(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("number = 1", 'number = "one"'), encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpenErrorScreen)
        assert "sample.toml:3:" in app.screen.message
        path.write_text(good, encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_failing_worker_becomes_a_notification(
    app_factory: Callable[..., NewsletterApp], sample_workspace: Path
) -> None:
    path = sample_workspace / "issues" / "sample.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"new-course-clinical-trials-for-small-companies"', '"no-such-article"'
        ),
        encoding="utf-8",
    )
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert "no-such-article" in str(
            screen.issue_pane.issue_tree.root.children[1].children[2].label
        )
        await pilot.press("ctrl+e")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("no-such-article" in m and "sample.toml" in m for m in messages), messages
        assert app.is_running
    assert not (sample_workspace / "out" / "sample.html").exists()
