"""The editing session: the issue being edited, its undo/redo history, and its file on disk.

Plain Python (no widgets): the screen drives it, the tests can too. Every change is a new
immutable Issue from newsletter.editing; undo and redo move whole Issue values between
two stacks. Unsaved state is journalled so a crash never loses it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from newsletter import journal
from newsletter.issuefile import load_issue, save_issue
from newsletter.models import Article, Issue
from newsletter.workspace import Workspace

HISTORY_LIMIT = 500


@dataclass(frozen=True, slots=True)
class DiskState:
    """What the issue file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    hash: str

    @classmethod
    def read(cls, path: Path) -> DiskState:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return cls(0, -1, "")
        return cls(stat.st_mtime_ns, stat.st_size, journal.file_hash(path))

    def same_stat(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return self.size == -1
        return (stat.st_mtime_ns, stat.st_size) == (self.mtime_ns, self.size)


@dataclass(frozen=True, slots=True)
class Change:
    """One step of history: the issue before the change and what the change was."""

    issue: Issue
    label: str
    merge_key: str | None = None


class EditSession:
    """One open issue file and the user's edits to it."""

    def __init__(self, workspace: Workspace, path: Path, issue: Issue) -> None:
        self.workspace = workspace
        self.path = path
        self.issue = issue
        self.saved_issue = issue
        self.disk = DiskState.read(path)
        self.articles: dict[str, Article] = {}
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._disk_differs = False

    @classmethod
    def open(cls, workspace: Workspace, path: Path) -> EditSession:
        """Load an issue file (raises InputError(s) with file:line messages when it is bad)."""
        return cls(workspace, path, load_issue(path))

    @property
    def dirty(self) -> bool:
        """True when what is in memory is not what is in the file."""
        return self._disk_differs or self.issue != self.saved_issue

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def apply(self, issue: Issue, label: str, *, merge_key: str | None = None) -> bool:
        """Make `issue` current. Consecutive changes with the same merge_key (typing in one
        field) become one undo step. Returns False when nothing changed."""
        if issue == self.issue:
            return False
        last = self._undo[-1] if self._undo else None
        if not (merge_key and last is not None and last.merge_key == merge_key and not self._redo):
            self._undo.append(Change(self.issue, label, merge_key))
            del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self.issue = issue
        return True

    def undo(self) -> str | None:
        """Step back; returns what was undone, or None when there is no history."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(Change(self.issue, change.label))
        self.issue = change.issue
        return change.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(Change(self.issue, change.label))
        self.issue = change.issue
        return change.label

    def break_merge(self) -> None:
        """End the current run of merged edits (the next keystroke starts a new undo step)."""
        if self._undo and self._undo[-1].merge_key:
            last = self._undo[-1]
            self._undo[-1] = Change(last.issue, last.label)

    # -- the file on disk -----------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """Has someone else changed (or deleted) the file since we read or wrote it?"""
        if self.disk.same_stat(self.path):
            return False
        current = DiskState.read(self.path)
        if current.hash == self.disk.hash:
            self.disk = current
            return False
        return True

    def keep_ours(self) -> None:
        """The user chose to keep their version over a changed file: the next save wins."""
        self.disk = DiskState.read(self.path)
        self._disk_differs = True

    def reload(self) -> Issue:
        """Read the file again; the version in memory stays reachable with undo."""
        loaded = load_issue(self.path)
        self.apply(loaded, "reload from disk")
        self.saved_issue = loaded
        self.disk = DiskState.read(self.path)
        self._disk_differs = False
        return loaded

    def save(self) -> None:
        """Write the issue (atomic; the file's comments and key order are kept)."""
        save_issue(self.path, self.issue)
        self.saved_issue = self.issue
        self.disk = DiskState.read(self.path)
        self._disk_differs = False
        journal.discard_journal(self.workspace, self.path)

    # -- the journal of unsaved edits -----------------------------------------------------

    def write_journal(self) -> None:
        """Record unsaved edits (or clear the record when there are none)."""
        if self.dirty:
            journal.write_journal(self.workspace, self.path, self.issue, self.disk.hash)
        else:
            journal.discard_journal(self.workspace, self.path)

    def pending_journal(self) -> journal.JournalEntry | None:
        """Unsaved edits left by an earlier run that differ from the file, if any."""
        entry = journal.read_journal(self.workspace, self.path)
        if entry is None:
            return None
        if entry.issue == self.issue:
            journal.discard_journal(self.workspace, self.path)
            return None
        return entry

    def restore(self, entry: journal.JournalEntry) -> None:
        self.apply(entry.issue, "restore unsaved edits")

    def discard_journal(self) -> None:
        journal.discard_journal(self.workspace, self.path)

    def relative_path(self) -> str:
        """The issue file's path as the user thinks of it (relative to the workspace)."""
        try:
            return str(self.path.resolve().relative_to(self.workspace.root.resolve()))
        except ValueError:
            return os.fspath(self.path)
