"""The archive's SQLite schema as an ordered list of migrations (PRAGMA user_version).

Migration N (1-based) takes a database at version N-1 to version N. Opening an older
file applies the missing steps in one transaction; a file newer than this list is refused.

Search uses an FTS5 *external-content* table over `articles` (title, standfirst, body):
the text is stored once, in `articles`, and triggers keep the index in step on every
insert, delete and text-changing update. `articles.num` is an INTEGER PRIMARY KEY so the
rowids the index refers to survive VACUUM; `id` (slug or URL) is the public key (UNIQUE).
Prefix indexes for 2 to 6 characters make search-as-you-type prefixes cheap (longer
prefixes match few words); they roughly double the index, the price of fast keystrokes.

Folding (migration 4). The unicode61 tokenizer drops accents that Unicode decomposes (ö, é,
å) but keeps letters such as ø, æ, ß, ł, so "Bjorn" would not find "Bjørn". The index
therefore holds text folded in Python by archive_query.fold_for_search (the query is folded
the same way). Its content table is the view `articles_folded`, which folds `articles` on the
fly with the SQL function fold_for_search (the Python one, registered on every connection by
`connect`), and the triggers fold the values they index and the values they give the
'delete' command, so those always equal what was indexed. Why this and not an FTS table
holding its own folded copy: the text stays stored once (the index is the only extra), and
whatever reads the index's content reads folded text, so FTS5's 'rebuild' (used by the
migration) and, from SQLite 3.44, the index checks of PRAGMA integrity_check stay right.
The price: a connection that writes to `articles` without the function (the sqlite3
shell) fails with "no such function" rather than silently corrupting the index, and a
change to what fold_for_search returns needs a new migration that rebuilds the index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from newsletter.archive_query import fold_for_search
from newsletter.errors import InputError

Migration = Callable[[sqlite3.Connection], None]

#: bm25 column weights: a title hit outranks a standfirst hit outranks a body hit.
RANK = "bm25(10.0, 4.0, 1.0)"

_V1_ARTICLES = """
CREATE TABLE articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    url TEXT,
    date TEXT,
    modified TEXT,
    source TEXT NOT NULL DEFAULT '',
    standfirst TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL,
    digest TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
-- Newest first, undated last, then title: the archive list's order, served by this index.
CREATE INDEX articles_newest ON articles (date IS NULL, date DESC, title COLLATE NOCASE, id);
CREATE INDEX articles_source ON articles (source);
"""

_V2_SEARCH = f"""
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, standfirst, body,
    content='articles', content_rowid='num',
    tokenize='unicode61 remove_diacritics 2',
    prefix='2 3 4 5 6'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, standfirst, body)
    VALUES (new.num, new.title, new.standfirst, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, body)
    VALUES ('delete', old.num, old.title, old.standfirst, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles
WHEN old.title IS NOT new.title OR old.standfirst IS NOT new.standfirst
    OR old.body IS NOT new.body OR old.num IS NOT new.num
BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, body)
    VALUES ('delete', old.num, old.title, old.standfirst, old.body);
    INSERT INTO articles_fts (rowid, title, standfirst, body)
    VALUES (new.num, new.title, new.standfirst, new.body);
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', '{RANK}');
"""

_V3_STATE = """
CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


#: The SQL name of archive_query.fold_for_search, which the index and its triggers use.
FOLD = "fold_for_search"

_V4_FOLDED_SEARCH = f"""
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;
CREATE VIEW articles_folded (num, title, standfirst, body) AS
    SELECT num, {FOLD}(title), {FOLD}(standfirst), {FOLD}(body) FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, standfirst, body,
    content='articles_folded', content_rowid='num',
    tokenize='unicode61 remove_diacritics 2',
    prefix='2 3 4 5 6'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, standfirst, body)
    VALUES (new.num, {FOLD}(new.title), {FOLD}(new.standfirst), {FOLD}(new.body));
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, body)
    VALUES ('delete', old.num, {FOLD}(old.title), {FOLD}(old.standfirst), {FOLD}(old.body));
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles
WHEN old.title IS NOT new.title OR old.standfirst IS NOT new.standfirst
    OR old.body IS NOT new.body OR old.num IS NOT new.num
BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, body)
    VALUES ('delete', old.num, {FOLD}(old.title), {FOLD}(old.standfirst), {FOLD}(old.body));
    INSERT INTO articles_fts (rowid, title, standfirst, body)
    VALUES (new.num, {FOLD}(new.title), {FOLD}(new.standfirst), {FOLD}(new.body));
END;
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', '{RANK}');
"""


def register_functions(conn: sqlite3.Connection) -> None:
    """Register fold_for_search on `conn`: the schema's view and triggers call it."""
    conn.create_function(FOLD, 1, _fold_value, deterministic=True)


def _fold_value(value: str | None) -> str | None:
    return None if value is None else fold_for_search(str(value))


def _script(sql: str) -> Migration:
    """A migration that runs one SQL script, statement by statement, inside the caller's
    transaction (executescript would commit it)."""

    def run(conn: sqlite3.Connection) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return run


def _statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers contain `;` inside BEGIN..END)."""
    statements: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement in migration: {current.strip()[:60]}")
    return statements


#: The schema's history, oldest first. Append new steps; never edit a released one.
MIGRATIONS: tuple[Migration, ...] = (
    _script(_V1_ARTICLES),  # 1: articles + list order index
    _script(_V2_SEARCH),  # 2: FTS5 search index kept in step by triggers
    _script(_V3_STATE),  # 3: key -> JSON state (sync metadata, text-dump signatures)
    _script(_V4_FOLDED_SEARCH),  # 4: search index over folded text (Bjorn finds Bjørn)
)

SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring `conn` (in autocommit mode) from its version up to `target` in one transaction.

    Returns the version found before migrating. The caller checks for a newer file first.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = user_version(conn)  # re-read under the write lock: another process may have won
        for number in range(found + 1, target + 1):
            MIGRATIONS[number - 1](conn)
        if target > found:
            conn.execute(f"PRAGMA user_version = {int(target)}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return found


# -- opening -------------------------------------------------------------------------------

BUSY_TIMEOUT_SECONDS = 5.0
REBUILD_HINT = "The archive is only a cache of your sources: delete this file and run again."


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the archive at `path` (":memory:" for a throwaway one), migrated to
    SCHEMA_VERSION, in autocommit mode (transactions are explicit) and usable from any
    thread (the caller serialises use). Problems with the file raise InputError."""
    memory = str(path) == ":memory:"
    if not memory:
        if path.is_dir():
            raise InputError(
                "the archive path is a folder, not a file",
                path=path,
                hint="Set [archive] path in newsletter.toml to a file name.",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the archive's folder ({exc.strerror})", path=path.parent
            ) from exc
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise user_error(exc, path) or exc from exc
    try:
        register_functions(conn)
        _prepare(conn, path, memory=memory)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise user_error(exc, path) or exc from exc
        raise
    return conn


def _prepare(conn: sqlite3.Connection, path: Path, *, memory: bool) -> None:
    found = user_version(conn)  # the first read: fails here for a file that is not SQLite
    if found > SCHEMA_VERSION:
        raise _newer_error(path, found)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not memory:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable enough for a cache under WAL
    if found < SCHEMA_VERSION and migrate(conn) > SCHEMA_VERSION:
        raise _newer_error(path, user_version(conn))


def _newer_error(path: Path, version: int) -> InputError:
    return InputError(
        f"the archive was made by a newer newsletter (schema {version}; this version reads "
        f"up to {SCHEMA_VERSION}); upgrade",
        path=path,
        hint="Upgrade newsletter, or delete this file: it is only a cache of your sources "
        "and will be rebuilt.",
    )


def user_error(exc: sqlite3.Error, path: Path) -> InputError | None:
    """A readable error for a problem with the archive file itself, else None (a bug)."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return InputError(
            f"not a usable newsletter archive (SQLite says: {text})", path=path, hint=REBUILD_HINT
        )
    if "locked" in text or "busy" in text:
        return InputError(
            "the archive is busy: another program is writing to it",
            path=path,
            hint="Close the other newsletter window or process and try again.",
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return InputError(
            f"cannot open the archive for writing ({text})",
            path=path,
            hint="Check the folder's permissions, or set [archive] path in "
            "newsletter.toml to a writable place.",
        )
    if "disk" in text and ("full" in text or "I/O" in text):
        return InputError(
            f"cannot write the archive ({text})",
            path=path,
            hint="Free some disk space, then try again.",
        )
    return None
