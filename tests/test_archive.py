"""The archive on real SQLite files: storage, upsert, migrations, errors, transactions, state.

Search has its own file, test_archive_search.py."""

from __future__ import annotations

import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from archivehelp import article, data_version, index_and_rebuilt

from newsletter.archive import Archive, UpsertCounts
from newsletter.archive_query import stored
from newsletter.archive_schema import MIGRATIONS, SCHEMA_VERSION
from newsletter.errors import InputError
from newsletter.models import Article, Block, Image
from newsletter.sources.textdump import parse_file
from newsletter.workspace import Workspace

FULL = Article(
    id="https://example.org/2026/03/full-article/",
    title="Full article: every field",
    slug="full-article",
    standfirst="A standfirst with “quotes” and Bjørn.",
    blocks=(
        Block("paragraph", "First paragraph."),
        Block("heading", "A heading"),
        Block("quote", "We are delighted.", speaker="Kari Nordmann", role="CEO of Example"),
        Block("quote", "No role here.", speaker="Ola", role=None),
        Block("caption", "A photo in the body. Photo: Someone"),
        Block("list", "Three things:", items=("one", "two", "three")),
        Block("paragraph", "Last paragraph."),
    ),
    url="https://example.org/2026/03/full-article/",
    date=date(2026, 3, 14),
    modified=datetime(2026, 3, 15, 9, 30, tzinfo=UTC),
    image=Image(
        url="https://example.org/img.jpg", alt="Alt text", caption="Caption", credit="Photo: X"
    ),
    tags=("research", "funding"),
    source="wordpress",
)


# -- opening ---------------------------------------------------------------------------------


def test_open_creates_folders_wal_and_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "ws" / ".newsletter" / "archive.sqlite"
    with Archive.open(path) as opened:
        assert opened.count() == 0
        conn = opened._conn
        assert conn is not None
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    raw.close()


def test_for_workspace_uses_the_configured_path(tmp_path: Path) -> None:
    (tmp_path / "newsletter.toml").write_text(
        '[brand]\nname = "N"\nwebsite = "https://example.org"\n'
        'signup_url = "https://example.org/s"\naddress = "Street 1"\n'
        '[archive]\npath = "cache/news.sqlite"\n',
        encoding="utf-8",
    )
    with Archive.for_workspace(Workspace(tmp_path)) as opened:
        opened.upsert([article("a")])
    assert (tmp_path / "cache" / "news.sqlite").is_file()


def test_not_a_database_names_the_file_and_suggests_deleting(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    path.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Archive.open(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a usable newsletter archive")
    assert "delete this file" in message
    assert path.read_text(encoding="utf-8").startswith("these are my notes")  # left alone


def test_damaged_database_is_reported_not_raised_raw(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    with Archive.open(path) as opened:
        opened.upsert(article(f"a{i}", f"Title {i}", "Standfirst " * 50) for i in range(200))
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = b"\xa5" * (len(data) - page)  # keep the header page, garble the rest
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught, Archive.open(path) as opened:
        opened.count()
        opened.search("title")
    assert str(caught.value).startswith(f"{path}: ")
    assert "delete this file" in str(caught.value)


def test_newer_schema_is_refused_with_upgrade_hint(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    Archive.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(InputError) as caught:
        Archive.open(path)
    assert "made by a newer newsletter" in str(caught.value)
    assert "upgrade" in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_folder_in_the_way_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "archive.sqlite").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        Archive.open(tmp_path / "archive.sqlite")


# -- migrations ------------------------------------------------------------------------------


def test_empty_v0_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(b"")  # SQLite treats an empty file as an empty database at version 0
    with Archive.open(path) as opened:
        opened.upsert([article("a", "Catapult")])
        assert [hit.id for hit in opened.search("catapult")] == ["a"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_v1_file_with_articles_gains_search_and_state(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](conn)  # the schema as version 1 shipped it: articles only
    conn.execute("PRAGMA user_version = 1")
    row = stored(FULL)
    conn.execute(
        f"INSERT INTO articles ({', '.join(row._fields)}, imported_at) "
        f"VALUES ({', '.join('?' * 13)})",
        (*row, "2026-01-01T00:00:00+00:00"),
    )
    conn.close()
    with Archive.open(path) as opened:
        assert opened.get(FULL.id) == FULL
        assert [hit.id for hit in opened.search("delighted")] == [FULL.id]  # index rebuilt
        opened.set_state("k", {"etag": "x"})
        assert opened.get_state("k") == {"etag": "x"}
        assert opened.upsert([FULL]) == UpsertCounts(0, 0, 1)
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _v3_archive(path: Path, articles: list[Article]) -> None:
    """An archive as schema version 3 made it: the index holds unfolded text ("bjørn")."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        migration(conn)
    conn.execute("PRAGMA user_version = 3")
    for row in map(stored, articles):
        conn.execute(
            f"INSERT INTO articles ({', '.join(row._fields)}, imported_at) "
            f"VALUES ({', '.join('?' * 13)})",
            (*row, "2026-01-01T00:00:00+00:00"),
        )
    assert conn.execute("SELECT count(*) FROM articles_fts('bjorn')").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles_fts('bjørn')").fetchone()[0] == 1
    conn.close()


def test_v3_file_is_migrated_to_a_folded_index(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    kjaer = article("kjaer", "Partners meet", "Anne Kjær hosts.", "An ærlig talk.")
    _v3_archive(path, [FULL, kjaer, article("other", "Other news")])
    with Archive.open(path) as opened:
        assert opened.get(FULL.id) == FULL and opened.get("kjaer") == kjaer
        assert [hit.id for hit in opened.search("bjorn")] == [FULL.id]
        assert [hit.id for hit in opened.search("Bjørn")] == [FULL.id]
        assert [hit.id for hit in opened.search("kjaer aerl")] == ["kjaer"]
        assert [hit.id for hit in opened.search("delighted")] == [FULL.id]
        assert opened.upsert([FULL, kjaer]) == UpsertCounts(0, 0, 2)
        conn = opened._conn
        assert conn is not None
        indexed, rebuilt = index_and_rebuilt(conn)
        assert indexed == rebuilt and ("kjaer", 2, "standfirst", 1) in indexed
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4


def test_index_stays_equal_to_its_folded_content(archive: Archive) -> None:
    archive.upsert([FULL, article("a", "Ærlig Bjørn", "Straße."), article("b", "Øst")])
    archive.upsert([replace(FULL, title="Ødegård’s full article"), article("a", "Æ ø å")])
    archive.delete(["b"])
    conn = archive._conn
    assert conn is not None
    indexed, rebuilt = index_and_rebuilt(conn)
    assert indexed == rebuilt
    terms = {term for term, *_ in indexed}
    assert {"odegard", "ae", "o", "a", "bjorn"} <= terms
    assert not {term for term in terms if not term.isascii()}  # no "ø", "æ", "ß" left
    assert "ost" not in terms and "aerlig" not in terms  # deleted, replaced


def test_writing_without_the_fold_function_fails_instead_of_corrupting(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    with Archive.open(path) as opened:
        opened.upsert([article("a", "Bjørn")])
    raw = sqlite3.connect(path)  # the sqlite3 shell, say: no fold_for_search registered
    with pytest.raises(sqlite3.OperationalError, match="no such function: fold_for_search"):
        raw.execute("DELETE FROM articles")
    assert raw.execute("SELECT count(*) FROM articles_fts('bjorn')").fetchone()[0] == 1
    raw.close()
    with Archive.open(path) as opened:
        assert [hit.id for hit in opened.search("bjorn")] == ["a"]


# -- storing ---------------------------------------------------------------------------------


def test_round_trip_keeps_every_field(archive: Archive) -> None:
    bare = article("bare", when=None)
    archive.upsert([FULL, bare])
    assert archive.get(FULL.id) == FULL
    assert archive.get("bare") == bare
    assert archive.get("missing") is None
    assert archive.get_many(["bare", "missing", FULL.id]) == {"bare": bare, FULL.id: FULL}
    assert list(archive.get_many(["bare", FULL.id])) == ["bare", FULL.id]
    assert list(archive.get_many([FULL.id, "bare"])) == [FULL.id, "bare"]


def test_upsert_counts_and_idempotent_reimport(tmp_path: Path, archive: Archive) -> None:
    articles = [article(f"a{i}", f"Title {i}", "Text.", "Body.") for i in range(5)]
    assert archive.upsert(articles) == UpsertCounts(new=5, updated=0, unchanged=0)
    before = data_version(archive.path)
    assert archive.upsert(articles) == UpsertCounts(new=0, updated=0, unchanged=5)
    assert data_version(archive.path) == before  # nothing was written

    edited = replace(articles[0], title="A new title")  # text: the fingerprint changes
    retagged = replace(articles[1], tags=("new",))  # metadata only: same fingerprint
    assert retagged.fingerprint == articles[1].fingerprint
    counts = archive.upsert([edited, retagged, *articles[2:], article("a5")])
    assert counts == UpsertCounts(new=1, updated=2, unchanged=3)
    assert counts.total == 6
    assert archive.get("a0") == edited
    assert archive.get("a1") == retagged
    assert archive.count() == 6


def test_duplicate_ids_in_one_batch_last_wins(archive: Archive) -> None:
    first, second = article("x", "First"), article("x", "Second")
    assert archive.upsert([first, second, second]) == UpsertCounts(1, 1, 1)
    assert archive.get("x") == second
    assert archive.count() == 1


def test_real_text_dumps_reimport_changes_nothing(archive: Archive, seeds_dir: Path) -> None:
    posts = [post for path in sorted(seeds_dir.glob("*.txt")) for post in parse_file(path)]
    assert len(posts) >= 5
    assert archive.upsert(posts) == UpsertCounts(new=len(posts), updated=0, unchanged=0)
    before = data_version(archive.path)
    assert archive.upsert(posts) == UpsertCounts(new=0, updated=0, unchanged=len(posts))
    assert data_version(archive.path) == before
    assert archive.get_many(archive.ids()) == {p.id: p for p in sorted(posts, key=lambda p: p.id)}
    hits = archive.search("health catapult")
    assert hits[0].id == "preparing-for-the-first-health-catapult-centre"
    assert "atapult" in hits[0].snippet or "Catapult" in hits[0].title
    # Names with ø in the real posts are found as typed on any keyboard ("o" for "ø").
    texts = {p.id: " ".join([p.title, p.standfirst, *p.paragraphs]) for p in posts}
    names = {word for text in texts.values() for word in re.findall(r"\w*ø\w*", text)}
    assert names
    for name in names:
        having = {key for key, text in texts.items() if re.search(rf"\b{name}\b", text)}
        found = {hit.id for hit in archive.search(name.replace("ø", "o"), limit=100)}
        assert having <= found, name
        assert {hit.id for hit in archive.search(name, limit=100)} == found, name


def test_list_newest_first_undated_last_then_title(archive: Archive) -> None:
    archive.upsert(
        [
            article("old", "Old", when=date(2024, 1, 1)),
            article("undated-b", "beta", when=None),
            article("new-b", "Bravo", when=date(2026, 5, 1)),
            article("new-a", "alpha", when=date(2026, 5, 1)),
            article("undated-a", "Alpha", "A long standfirst. " * 30, when=None),
        ]
    )
    rows = archive.list()
    assert [r.id for r in rows] == ["new-a", "new-b", "old", "undated-a", "undated-b"]
    assert rows[0].date == date(2026, 5, 1) and rows[3].date is None
    assert rows[3].snippet.startswith("A long standfirst.") and rows[3].snippet.endswith("…")
    assert len(rows[3].snippet) <= 161
    assert [r.id for r in archive.list(limit=2, offset=1)] == ["new-b", "old"]
    assert archive.list(limit=0) == []


def test_ids_count_sources_delete(archive: Archive) -> None:
    archive.upsert([article("b", "Catapult", source="feed"), article("a"), article("c")])
    assert archive.ids() == ["a", "b", "c"]
    assert archive.count() == 3
    assert archive.sources() == {"feed": 1, "test": 2}
    assert archive.delete(["b", "zzz"]) == 1
    assert archive.ids() == ["a", "c"]
    assert archive.search("catapult") == []  # the index followed the delete


# -- transactions, state, threads ------------------------------------------------------------


def test_exception_in_transaction_rolls_back_everything(archive: Archive) -> None:
    archive.upsert([article("keep")])
    with pytest.raises(RuntimeError), archive.transaction():
        archive.upsert([article("lost"), replace(article("keep"), title="Changed")])
        archive.set_state("sync", {"etag": "lost"})
        with archive.transaction():
            archive.delete(["keep"])
        raise RuntimeError("network failed")
    assert archive.ids() == ["keep"]
    assert archive.get("keep") == article("keep")
    assert archive.get_state("sync") is None
    assert archive.search("changed") == []


def test_nested_transaction_is_a_savepoint(archive: Archive) -> None:
    with archive.transaction():
        archive.upsert([article("outer")])
        with pytest.raises(ValueError), archive.transaction():
            archive.upsert([article("inner")])
            raise ValueError
        archive.upsert([article("after")])
    assert archive.ids() == ["after", "outer"]
    assert archive.upsert([article("outer")]) == UpsertCounts(0, 0, 1)


def test_transaction_commits_together_for_other_connections(archive: Archive) -> None:
    with Archive.open(archive.path) as reader:
        with archive.transaction():
            archive.upsert([article("a"), article("b")])
            assert reader.count() == 0  # WAL: the reader is not blocked and sees no half
        assert reader.count() == 2


def test_state_round_trip(archive: Archive) -> None:
    assert archive.get_state("feed:https://example.org/feed") is None
    value = {
        "etag": 'W/"abc"',
        "last_modified": "Tue, 01 Dec 2026 10:00:00 GMT",
        "n": 3,
        "nested": {"ok": True, "list": [1, 2]},
        "note": "Bjørn",
    }
    archive.set_state("feed:https://example.org/feed", value)
    assert archive.get_state("feed:https://example.org/feed") == value
    archive.set_state("feed:https://example.org/feed", {"etag": "new"})
    assert archive.get_state("feed:https://example.org/feed") == {"etag": "new"}
    archive.delete_state("feed:https://example.org/feed")
    assert archive.get_state("feed:https://example.org/feed") is None
    archive.close()
    with Archive.open(archive.path) as again:
        assert again.get_state("feed:https://example.org/feed") is None


def test_one_archive_shared_by_threads(archive: Archive) -> None:
    archive.upsert(article(f"p{i}", f"Catapult {i}") for i in range(50))
    barrier = threading.Barrier(4)

    def search(_: int) -> int:
        barrier.wait()
        return sum(len(archive.search("catapult")) for _ in range(20))

    with ThreadPoolExecutor(4) as pool:
        totals = list(pool.map(search, range(4)))
    assert totals == [20 * 50] * 4


def test_closed_archive_refuses_use(tmp_path: Path) -> None:
    opened = Archive.open(tmp_path / "a.sqlite")
    opened.close()
    opened.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        opened.count()
