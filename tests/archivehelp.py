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


def index_and_rebuilt(conn: sqlite3.Connection) -> tuple[list[tuple[str, int, str, int]], ...]:
    """Every (term, rowid, column, offset) of the search index, as it is and as FTS5's
    'rebuild' makes it from its content; equal when the triggers indexed exactly that."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_terms "
        "USING fts5vocab(main, articles_fts, instance)"
    )
    query = "SELECT term, doc, col, offset FROM temp.index_terms ORDER BY term, doc, col, offset"
    conn.execute("SAVEPOINT check_index")
    try:
        indexed = conn.execute(query).fetchall()
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        rebuilt = conn.execute(query).fetchall()
    finally:
        conn.execute("ROLLBACK TO check_index")
        conn.execute("RELEASE check_index")
    return indexed, rebuilt
