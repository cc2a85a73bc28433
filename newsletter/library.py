"""The workspace's archive as a cache of its sources: import text dumps, keep it fresh."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsletter.archive import Archive
from newsletter.errors import InputError
from newsletter.models import Article
from newsletter.workspace import Workspace


@dataclass
class ImportReport:
    """What an import did: counts, and the files that could not be read (with why)."""

    files: int = 0
    posts: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_dumps(paths: Iterable[Path]) -> ImportReport:
    """Parse text dumps without touching the archive (dry run); bad files are reported."""
    from newsletter.sources.textdump import parse_file  # only when a dump is (re)read

    report = ImportReport()
    for path in paths:
        report.files += 1
        try:
            posts = parse_file(path)
        except InputError as error:
            report.errors.append(error)
            continue
        except OSError as error:
            report.errors.append(InputError(f"cannot read: {error.strerror}", path=path))
            continue
        report.posts += len(posts)
        report.articles.extend(posts)
    return report


def import_dumps(archive: Archive, paths: Iterable[Path]) -> ImportReport:
    """Parse text dumps and upsert every post in one transaction; bad files are skipped."""
    report = read_dumps(paths)
    if report.articles:
        counts = archive.upsert(report.articles)
        report.new, report.updated, report.unchanged = counts.new, counts.updated, counts.unchanged
    return report


def _signature(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_archive(workspace: Workspace) -> Archive:
    """Open the workspace archive, re-importing the configured text dumps that changed.

    A fresh clone has no archive yet: the first call builds it from the sample dumps,
    so a newcomer's first `compose` works with no set-up. Unreadable dumps are left
    out here; `newsletter archive import` reports them.
    """
    archive = Archive.open(workspace.archive_path)
    changed: list[Path] = []
    signatures: dict[str, str] = {}
    for path in workspace.textdump_files():
        key = f"textdump:{path.relative_to(workspace.root)}"
        signature = _signature(path)
        state = archive.get_state(key) or {}
        if state.get("sha256") != signature:
            changed.append(path)
            signatures[key] = signature
    if changed:
        with archive.transaction():
            import_dumps(archive, changed)
            for key, signature in signatures.items():
                archive.set_state(key, {"sha256": signature})
    return archive
