"""The archive list's fetcher: one long-lived thread that runs the newest request only.

Plain Python (no widgets). Typing posts a request per keystroke; a request that has not
started when a newer one arrives is dropped (its results would be stale on arrival), so a
slow search never queues up work behind it. One thread for the life of the pane also spares
each keystroke the start of a worker. Results and errors go to callbacks, called on the
fetcher's thread: the pane turns them into messages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsletter.archive import Archive
    from newsletter.models import ArticleSummary

PAGE = 200
SEARCH_LIMIT = 50  # the best 50 hits: more than a screenful of list


@dataclass(frozen=True, slots=True)
class RowsRequest:
    """Rows for a search (`text`, "" for newest first) from `offset`, hiding `excluded`
    articles when `unused_only`; `generation` identifies the request."""

    text: str
    unused_only: bool
    offset: int
    excluded: frozenset[str]
    generation: int


@dataclass(frozen=True, slots=True)
class Rows:
    """What a request found, and where the next page starts."""

    request: RowsRequest
    rows: list[ArticleSummary]
    next_offset: int
    exhausted: bool


def fetch_rows(archive: Archive, request: RowsRequest) -> Rows:
    """Run one request: ranked hits for a search, else a page of the newest articles."""
    rows: list[ArticleSummary] = []
    hidden = request.excluded if request.unused_only else frozenset()
    if request.text.strip():
        hits = archive.search(request.text, limit=SEARCH_LIMIT)
        rows = [hit for hit in hits if hit.id not in hidden]
        return Rows(request, rows, len(hits), True)
    next_offset, exhausted = request.offset, False
    while len(rows) < PAGE:
        page = archive.list(limit=PAGE, offset=next_offset)
        next_offset += len(page)
        rows += [row for row in page if row.id not in hidden]
        if len(page) < PAGE:
            exhausted = True
            break
    return Rows(request, rows, next_offset, exhausted)


class Fetcher:
    """A daemon thread running `fetch_rows` for the newest request submitted."""

    def __init__(
        self,
        archive: Archive,
        deliver: Callable[[Rows], object],
        fail: Callable[[BaseException], object],
    ) -> None:
        self.archive = archive
        self._deliver = deliver
        self._fail = fail
        self._pending: RowsRequest | None = None
        self._stopped = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="archive-rows", daemon=True)
        self._thread.start()

    def submit(self, request: RowsRequest) -> None:
        """Ask for `request`; it replaces a request still waiting to run."""
        with self._wake:
            self._pending = request
            self._wake.notify()

    def close(self) -> None:
        """Stop after the request running now (if any); nothing more is delivered."""
        with self._wake:
            self._stopped = True
            self._pending = None
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                request, self._pending = self._pending, None
            assert request is not None
            try:
                found = fetch_rows(self.archive, request)
            except Exception as error:  # reported by the app's one handler, not a crash
                if not self._stopped:
                    self._fail(error)
                continue
            if not self._stopped:
                self._deliver(found)
