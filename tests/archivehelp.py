"""Helpers for the archive tests: small fixture articles and a commit counter."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from newsletter.models import Article, Block


def article(
    article_id: str,
    title: str = "A title",
    standfirst: str = "A standfirst.",
    *paragraphs: str,
    when: date | None = date(2026, 3, 1),
    source: str = "test",
) -> Article:
    return Article(
        id=article_id,
        title=title,
        slug=article_id,
        standfirst=standfirst,
        blocks=tuple(Block("paragraph", text) for text in paragraphs),
        date=when,
        source=source,
    )


def data_version(path: Path) -> int:
    """SQLite's counter of commits made by *other* connections to the file."""
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])
