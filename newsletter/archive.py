"""The local article archive: a SQLite cache of the sources, searched with FTS5.

The schema and its migrations live in archive_schema; row and query helpers in
archive_query.

Threads: an Archive may be shared between threads (every call takes its lock), but
`Archive.open` is cheap (about a millisecond), so a worker thread that searches while the
UI reads can open its own and run in parallel: WAL mode lets readers run beside the writer.
"""

from __future__ import annotations

import builtins
import contextlib
import heapq
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.archive_query import (
    StoredArticle,
    parse_query,
    short_text,
    snippet,
    stored,
    summary,
)
from newsletter.archive_schema import connect, user_error
from newsletter.models import Article, ArticleSummary
from newsletter.serialize import article_from_dict

if TYPE_CHECKING:
    from newsletter.workspace import Workspace

#: A broad query ("ca", "the") is ranked among its most recent this-many matches only, so
#: every keystroke stays fast on a large archive; a specific query is ranked in full.
RANK_WINDOW = 1000
_CHUNK = 500  # ids per `IN (...)` query
_COLUMNS = ", ".join(StoredArticle._fields) + ", imported_at"
_INSERT = f"INSERT INTO articles ({_COLUMNS}) VALUES ({', '.join('?' * 13)})"
_UPDATE = (
    "UPDATE articles SET "
    + ", ".join(f"{name} = ?" for name in (*StoredArticle._fields[1:], "imported_at"))
    + " WHERE id = ?"
)
_LIST = (
    "SELECT id, title, date, source, substr(standfirst, 1, 200) FROM articles "
    "ORDER BY date IS NULL, date DESC, title COLLATE NOCASE, id LIMIT ? OFFSET ?"
)
#: Newest matches first, with their bm25 rank (weights in archive_schema.RANK).
_CANDIDATES = (
    "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
)
#: What a hit shows; the body is cut short because the snippet comes from its start.
_HITS = (
    "SELECT num, id, title, date, source, standfirst, substr(body, 1, 4000) "
    "FROM articles WHERE num IN ({})"
)


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """What an import did: articles added, changed, and already up to date."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


class Archive:
    """Articles keyed by id (slug, or URL when known), with full-text search and sync state."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._depth = 0
        self.path = path

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> Archive:
        """Open the archive at `path`, creating folders and file or migrating an older one.

        Raises InputError for a file that is not an archive or was made by a newer version.
        """
        path = Path(path)
        return cls(connect(path), path)

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> Archive:
        """The workspace's archive (by default `.newsletter/archive.sqlite`)."""
        return cls.open(workspace.archive_path)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _use(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock, with damaged or locked files reported readably."""
        with self._lock:
            if self._conn is None:
                raise RuntimeError("the archive is closed")
            try:
                yield self._conn
            except sqlite3.DatabaseError as exc:
                friendly = user_error(exc, self.path)
                if friendly is None:
                    raise
                raise friendly from exc

    # -- transactions --------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or, on an exception, rolls back together.

        Nested use opens a savepoint: an exception caught between an inner and an outer
        block undoes only the inner block. Other threads wait until the outermost ends.
        """
        with self._use() as conn:
            depth = self._depth
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                with contextlib.suppress(sqlite3.Error):
                    if depth == 0:
                        conn.execute("ROLLBACK")
                    else:
                        conn.execute(f"ROLLBACK TO sp{depth}")
                        conn.execute(f"RELEASE sp{depth}")
                raise
            self._depth -= 1
            if depth > 0:
                conn.execute(f"RELEASE sp{depth}")
                return
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    # -- writing -------------------------------------------------------------------------

    def upsert(self, articles: Iterable[Article]) -> UpsertCounts:
        """Add or refresh articles in one transaction. Unchanged ones are not written.

        New articles are inserted oldest first, so rowid order follows publication date
        within an import (search ranks broad queries among the most recent rows).
        """
        rows = [stored(article) for article in articles]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        inserts: dict[str, StoredArticle] = {}
        updates: dict[str, StoredArticle] = {}
        new = updated = unchanged = 0
        with self._use() as conn, self.transaction():
            known = _digests(conn, [row.id for row in rows])
            for row in rows:
                previous = known.get(row.id)
                known[row.id] = row.digest
                if previous == row.digest:
                    unchanged += 1
                    continue
                if previous is None:
                    new += 1
                else:
                    updated += 1
                # a later copy of an id in the same batch wins
                (inserts if previous is None or row.id in inserts else updates)[row.id] = row
            fresh = sorted(inserts.values(), key=lambda row: (row.date or "", row.id))
            conn.executemany(_INSERT, [(*row, now) for row in fresh])
            conn.executemany(_UPDATE, [(*row[1:], now, row.id) for row in updates.values()])
        return UpsertCounts(new, updated, unchanged)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many there were."""
        removed = 0
        with self._use() as conn, self.transaction():
            for chunk in _chunks(ids):
                sql = f"DELETE FROM articles WHERE id IN ({_marks(chunk)})"
                removed += conn.execute(sql, chunk).rowcount
        return removed

    # -- reading -------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        with self._use() as conn:
            row = conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else article_from_dict(json.loads(row[0]))

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles that exist among `ids`, in the order asked for."""
        wanted = builtins.list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        with self._use() as conn:
            for chunk in _chunks(wanted):
                sql = f"SELECT id, data FROM articles WHERE id IN ({_marks(chunk)})"
                found.update(conn.execute(sql, chunk).fetchall())
        return {key: article_from_dict(json.loads(found[key])) for key in wanted if key in found}

    def list(self, limit: int | None = None, offset: int = 0) -> builtins.list[ArticleSummary]:
        """Summaries newest first (undated last, then by title); snippet = start of standfirst."""
        with self._use() as conn:
            rows = conn.execute(_LIST, (-1 if limit is None else limit, offset)).fetchall()
        return [
            summary(a, title, when, src, short_text(text)) for a, title, when, src, text in rows
        ]

    def search(self, query: str, limit: int = 50) -> builtins.list[ArticleSummary]:
        """Best matches first (a title hit > standfirst > body); the last word is a prefix.

        Text and query are folded alike (archive_query.fold_for_search): "bjorn", "bjørn"
        and "Björn" find one another, "kjaer" finds "Kjær".

        Every word is quoted, so FTS5 syntax in the query is taken literally and never
        raises. A query with more than RANK_WINDOW matches is ranked among its RANK_WINDOW
        newest rows (rowid order, roughly publication order), which keeps keystrokes fast.
        """
        terms = parse_query(query)
        if terms is None or limit <= 0:
            return []
        with self._use() as conn:
            try:
                candidates = conn.execute(_CANDIDATES, (terms.match, RANK_WINDOW)).fetchall()
            except sqlite3.OperationalError as exc:
                if str(exc).startswith("fts5:"):  # a query parse_query failed to neutralise
                    return []
                raise
            best = heapq.nsmallest(limit, candidates, key=lambda row: (row[1], -row[0]))
            nums = [row[0] for row in best]
            if not nums:
                return []
            sql = _HITS.format(", ".join("?" * len(nums)))
            hits = {row[0]: row for row in conn.execute(sql, nums)}
        found: builtins.list[ArticleSummary] = []
        for num in nums:
            if num in hits:
                _, article_id, title, when, source, standfirst, body = hits[num]
                preview = snippet(terms, (standfirst, body))
                found.append(summary(article_id, title, when, source, preview))
        return found

    def ids(self) -> builtins.list[str]:
        """Every article id, sorted."""
        with self._use() as conn:
            return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]

    def count(self) -> int:
        with self._use() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def sources(self) -> dict[str, int]:
        """How many articles each source contributed, by source name."""
        sql = "SELECT source, count(*) FROM articles GROUP BY source ORDER BY source"
        with self._use() as conn:
            return {source: int(n) for source, n in conn.execute(sql)}

    # -- sync state ----------------------------------------------------------------------

    def get_state(self, key: str) -> dict[str, Any] | None:
        """The JSON object stored under `key` (ETag, Last-Modified, file signatures...)."""
        with self._use() as conn:
            row = conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        value = None if row is None else json.loads(row[0])
        return value if isinstance(value, dict) else None

    def set_state(self, key: str, value: Mapping[str, Any]) -> None:
        """Store a JSON-serialisable mapping under `key` (no write if it is unchanged)."""
        text = json.dumps(dict(value), sort_keys=True, ensure_ascii=False)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._use() as conn, self.transaction():
            conn.execute(
                "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at WHERE value IS NOT excluded.value",
                (key, text, now),
            )

    def delete_state(self, key: str) -> None:
        with self._use() as conn, self.transaction():
            conn.execute("DELETE FROM state WHERE key = ?", (key,))


def _digests(conn: sqlite3.Connection, ids: builtins.list[str]) -> dict[str, str]:
    known: dict[str, str] = {}
    for chunk in _chunks(dict.fromkeys(ids)):
        sql = f"SELECT id, digest FROM articles WHERE id IN ({_marks(chunk)})"
        known.update(conn.execute(sql, chunk).fetchall())
    return known


def _chunks(ids: Iterable[str]) -> Iterator[builtins.list[str]]:
    items = builtins.list(ids)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(chunk: builtins.list[str]) -> str:
    return ", ".join("?" * len(chunk))
