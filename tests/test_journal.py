"""The journal of unsaved edits: round trip, one entry per issue file, damaged entries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from newsletter import journal
from newsletter.models import Issue, Item, Section
from newsletter.workspace import Workspace


def issue() -> Issue:
    return Issue(
        name="2026-12",
        number=12,
        date=date(2026, 12, 1),
        subject="December: “quotes” & ampersands",
        preheader="Pre",
        intro="Line one\n\nLine two",
        profile="mailchimp",
        sections=(
            Section("Top story", (Item("a", layout="lead", paragraphs=2, fingerprint="f" * 16),)),
            Section("In brief", (Item("b", words=40, headline="H", teaser="T\n\nU"), Item("c"))),
            Section("Empty"),
        ),
    )


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    path = tmp_path / "issues" / "2026-12.toml"
    when = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
    written = journal.write_journal(workspace, path, issue(), "abc", now=when)
    assert written.parent == tmp_path / ".newsletter" / "journal"
    entry = journal.read_journal(workspace, path)
    assert entry is not None
    assert entry.issue == issue()
    assert entry.base_hash == "abc"
    assert entry.saved_at == when
    assert journal.issue_from_dict(journal.issue_to_dict(issue())) == issue()


def test_entries_are_per_file_and_discarded(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    one = tmp_path / "issues" / "2026-12.toml"
    other = tmp_path / "drafts" / "2026-12.toml"
    journal.write_journal(workspace, one, issue(), "")
    assert journal.journal_path(workspace, one) != journal.journal_path(workspace, other)
    assert journal.read_journal(workspace, other) is None
    journal.discard_journal(workspace, one)
    assert journal.read_journal(workspace, one) is None
    journal.discard_journal(workspace, one)  # twice is fine


def test_damaged_entry_counts_as_none_and_is_left_alone(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    path = tmp_path / "issues" / "x.toml"
    target = journal.journal_path(workspace, path)
    target.parent.mkdir(parents=True)
    for content in ("{not json", '{"version": 1}', '{"version": 99, "issue": {}}'):
        target.write_text(content, encoding="utf-8")
        assert journal.read_journal(workspace, path) is None
        assert target.read_text(encoding="utf-8") == content
    journal.write_journal(workspace, path, issue(), "")
    data = target.read_text(encoding="utf-8").replace('"lead"', '"huge"')
    target.write_text(data, encoding="utf-8")
    assert journal.read_journal(workspace, path) is None


def test_hashes(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    assert journal.file_hash(path) == ""
    path.write_text("a = 1\n", encoding="utf-8")
    assert journal.file_hash(path) == journal.text_hash("a = 1\n")
    assert journal.text_hash("a") != journal.text_hash("b")
