"""The unsaved-edits journal: an open issue's current state, kept until it is saved.

The app writes the issue it holds in memory to `.newsletter/journal/` after every change
(atomically, through newsletter.writer) and removes the entry on save. If the terminal is
killed or the app crashes, the next open finds the entry and offers the edits back.
An entry records a hash of the issue file as it was when the edits began, so the app can
tell the user when the file has also changed on disk since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from newsletter import writer
from newsletter.models import LAYOUTS, Issue, Item, Layout, Section
from newsletter.workspace import Workspace

JOURNAL_VERSION = 1


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """Unsaved edits to one issue file."""

    issue_path: Path
    issue: Issue
    base_hash: str
    saved_at: datetime


def text_hash(data: str | bytes) -> str:
    """The hash the journal and the app use to tell whether a file's content changed."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def file_hash(path: Path) -> str:
    """Hash of a file's bytes, or "" when it does not exist."""
    try:
        return text_hash(path.read_bytes())
    except FileNotFoundError:
        return ""


def journal_dir(workspace: Workspace) -> Path:
    return workspace.state_dir / "journal"


def journal_path(workspace: Workspace, issue_path: Path) -> Path:
    """Where the journal for `issue_path` lives (one file per issue file)."""
    resolved = str(issue_path.resolve())
    key = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    return journal_dir(workspace) / f"{issue_path.stem}-{key}.json"


def issue_to_dict(issue: Issue) -> dict[str, Any]:
    """The issue as JSON-safe data (every field, so nothing is lost on the way back)."""
    return {
        "name": issue.name,
        "number": issue.number,
        "date": issue.date.isoformat(),
        "subject": issue.subject,
        "preheader": issue.preheader,
        "intro": issue.intro,
        "template": issue.template,
        "profile": issue.profile,
        "sections": [
            {
                "title": section.title,
                "items": [
                    {
                        "article": item.article,
                        "layout": item.layout,
                        "paragraphs": item.paragraphs,
                        "words": item.words,
                        "headline": item.headline,
                        "teaser": item.teaser,
                        "fingerprint": item.fingerprint,
                    }
                    for item in section.items
                ],
            }
            for section in issue.sections
        ],
    }


def _layout(value: Any) -> Layout:
    if value not in LAYOUTS:
        raise ValueError(f"unknown layout {value!r}")
    return cast(Layout, value)


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def issue_from_dict(data: dict[str, Any]) -> Issue:
    """Inverse of issue_to_dict; raises ValueError/KeyError/TypeError on damaged data."""
    sections = tuple(
        Section(
            title=str(raw["title"]),
            items=tuple(
                Item(
                    article=str(item["article"]),
                    layout=_layout(item.get("layout", "standard")),
                    paragraphs=_optional_int(item.get("paragraphs")),
                    words=_optional_int(item.get("words")),
                    headline=_optional_str(item.get("headline")),
                    teaser=_optional_str(item.get("teaser")),
                    fingerprint=_optional_str(item.get("fingerprint")),
                )
                for item in raw.get("items", [])
            ),
        )
        for raw in data.get("sections", [])
    )
    return Issue(
        name=str(data["name"]),
        number=int(data["number"]),
        date=date.fromisoformat(data["date"]),
        subject=str(data["subject"]),
        preheader=str(data.get("preheader", "")),
        intro=str(data.get("intro", "")),
        template=str(data.get("template", "issue")),
        profile=_optional_str(data.get("profile")),
        sections=sections,
    )


def write_journal(
    workspace: Workspace,
    issue_path: Path,
    issue: Issue,
    base_hash: str,
    *,
    now: datetime | None = None,
) -> Path:
    """Record `issue` as the unsaved state of `issue_path` (atomic replace of the entry)."""
    saved_at = now or datetime.now(UTC)
    payload = {
        "version": JOURNAL_VERSION,
        "issue_path": str(issue_path.resolve()),
        "base_hash": base_hash,
        "saved_at": saved_at.isoformat(),
        "issue": issue_to_dict(issue),
    }
    path = journal_path(workspace, issue_path)
    writer.write_text(path, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    return path


def read_journal(workspace: Workspace, issue_path: Path) -> JournalEntry | None:
    """The unsaved edits recorded for `issue_path`, or None.

    An entry that cannot be read back (another version's format, hand-edited) counts as
    none: it is left in place for the user to look at, never half-applied.
    """
    path = journal_path(workspace, issue_path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    try:
        if payload.get("version") != JOURNAL_VERSION:
            return None
        if Path(payload["issue_path"]) != issue_path.resolve():
            return None
        return JournalEntry(
            issue_path=issue_path,
            issue=issue_from_dict(payload["issue"]),
            base_hash=str(payload["base_hash"]),
            saved_at=datetime.fromisoformat(payload["saved_at"]),
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def discard_journal(workspace: Workspace, issue_path: Path) -> None:
    """Forget the unsaved edits for `issue_path` (after a save, or when the user declines)."""
    writer.remove(journal_path(workspace, issue_path))
