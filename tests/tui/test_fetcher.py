"""The archive list's fetcher thread on the real sample archive: rows, newest request wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.archive import Archive
from newsletter.library import ensure_archive
from newsletter.tui.data.searcher import Fetcher, Rows, RowsRequest, fetch_rows
from newsletter.workspace import Workspace

LAB = "shared-laboratory-opens-for-small-biotech-companies"


@pytest.fixture
def archive(sample_workspace: Path) -> Iterator[Archive]:
    opened = ensure_archive(Workspace(sample_workspace))
    yield opened
    opened.close()


def request(text: str, generation: int, *, unused_only: bool = False) -> RowsRequest:
    return RowsRequest(text, unused_only, 0, frozenset({LAB}), generation)


def test_fetch_rows_lists_searches_and_hides_used_articles(archive: Archive) -> None:
    newest = fetch_rows(archive, request("", 1))
    assert [row.id for row in newest.rows] == [row.id for row in archive.list()]
    assert newest.exhausted and newest.next_offset == archive.count()
    found = fetch_rows(archive, request("laboratory", 2))
    assert LAB in [row.id for row in found.rows]
    assert found.rows == archive.search("laboratory")
    unused = fetch_rows(archive, request("laboratory", 3, unused_only=True))
    assert [row.id for row in unused.rows] == [r.id for r in found.rows if r.id != LAB]


def test_a_request_waiting_to_run_is_replaced_by_a_newer_one(archive: Archive) -> None:
    delivered: list[Rows] = []
    done = threading.Event()

    def deliver(rows: Rows) -> None:
        delivered.append(rows)
        done.set()

    fetcher = Fetcher(archive, deliver, lambda error: None)
    try:
        with fetcher._wake:  # the thread cannot pick a request up until both are in
            fetcher.submit(request("clinical", 1))
            fetcher.submit(request("laboratory", 2))
        assert done.wait(10)
        assert [rows.request.generation for rows in delivered] == [2]
        assert delivered[0].rows == archive.search("laboratory")
    finally:
        fetcher.close()
    fetcher._thread.join(10)
    assert not fetcher._thread.is_alive(), "close ends the thread"
    fetcher.submit(request("clinical", 3))
    assert [rows.request.generation for rows in delivered] == [2]
