"""Faults injected by the real test server: the archive is complete after a recovered fault,
and exactly as before after one that does not go away."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsletter.archive import Archive
from newsletter.sync import SyncReport, SyncSource, sync_sources

try:
    from tests.synchelp import fast_options, snapshot
    from tests.wpserver import (
        DROP,
        INVALID_XML,
        POSTS_PATH,
        TRUNCATE,
        Fault,
        WPServer,
        hang,
        oversize,
        status,
    )
except ImportError:
    from synchelp import fast_options, snapshot  # type: ignore[no-redef]
    from wpserver import (  # type: ignore[no-redef]
        DROP,
        INVALID_XML,
        POSTS_PATH,
        TRUNCATE,
        Fault,
        WPServer,
        hang,
        oversize,
        status,
    )

TIMEOUT = 1.0  # for the hang faults; other requests get ample time so load cannot trip them
HANG = hang(5.0)
PASSING_FAULTS = {
    "500": status(500),
    "429 Retry-After": status(429, retry_after="1"),
    "timeout": HANG,
    "truncated JSON": TRUNCATE,
    "dropped mid-body": DROP,
}
LASTING_FAULTS = {
    "500": (status(500), "HTTP 500 (gave up after 2 attempts)"),
    "timeout": (HANG, "timed out after 1 s (gave up after 2 attempts)"),
    "truncated JSON": (TRUNCATE, "unreadable response"),
    "dropped mid-body": (DROP, "connection failed"),
    "oversized": (oversize(200_000), "response larger than 64 KiB; refused"),
}


def run(
    archive: Archive,
    source: SyncSource,
    attempts: int = 4,
    fault: Fault | None = None,
    max_bytes: int = 1 << 20,
) -> SyncReport:
    timeout = TIMEOUT if fault is not None and fault.kind == "hang" else 10.0
    options = replace(fast_options(timeout, attempts), max_bytes=max_bytes)
    return sync_sources(archive, [source], options=options, per_page=2)


def clean_articles(tmp_path: Path, server: WPServer, source: SyncSource) -> dict[str, Any]:
    """What a sync without faults stores, from a second archive."""
    with Archive.open(tmp_path / "clean.sqlite") as clean:
        assert run(clean, source).ok
        return snapshot(clean, [source])["articles"]


@pytest.mark.parametrize("fault", PASSING_FAULTS.values(), ids=PASSING_FAULTS.keys())
def test_wordpress_page_recovers_and_posts_are_complete(
    tmp_path: Path,
    archive: Archive,
    server: WPServer,
    fault: Fault,
) -> None:
    source = SyncSource("wordpress", server.url)
    server.inject(POSTS_PATH, fault, page=2)
    report = run(archive, source, fault=fault)
    assert report.ok, report.errors
    (result,) = report.sources
    assert (result.new, result.pages, result.requests) == (6, 3, 4)
    assert len([r for r in server.log_for(POSTS_PATH) if r.query["page"] == "2"]) == 2
    assert archive.count() == 6
    after = snapshot(archive, [source])
    assert after["articles"] == clean_articles(tmp_path, server, source)
    server.reset_log()
    again = run(archive, source)  # nothing changed on the site since
    assert again.sources[0].not_modified
    assert server.requests and all(r.conditional for r in server.requests)
    assert snapshot(archive, [source]) == after


@pytest.mark.parametrize("fault,message", LASTING_FAULTS.values(), ids=LASTING_FAULTS.keys())
def test_wordpress_failure_leaves_the_archive_exactly_as_before(
    archive: Archive,
    server: WPServer,
    fault: Fault,
    message: str,
) -> None:
    source = SyncSource("wordpress", server.url)
    assert run(archive, source).ok
    for slug in ("shared-lab-opens", "mentors-for-researchers", "exports-grow"):
        server.touch(slug, title=f"Edited: {slug}")
    before = snapshot(archive, [source])
    server.inject(POSTS_PATH, fault, page=2, repeat=True)
    report = run(archive, source, attempts=2, fault=fault, max_bytes=64 * 1024)
    (error,) = report.errors
    assert f"{server.url}{POSTS_PATH}: page 2 of 2: {message}" in error
    assert report.sources[0].new == report.sources[0].updated == 0
    assert snapshot(archive, [source]) == before  # no post, and no sync state, changed
    server.clear_faults()
    again = run(archive, source)
    assert again.ok
    assert (again.sources[0].updated, again.sources[0].unchanged) == (3, 1)
    titles = {a.title for a in archive.get_many(archive.ids()).values()}
    assert {"Edited: shared-lab-opens", "Edited: exports-grow"} <= titles
    assert archive.count() == 6


def test_failed_first_sync_leaves_an_empty_archive(archive: Archive, server: WPServer) -> None:
    server.inject(POSTS_PATH, status(502), page=3, repeat=True)
    report = run(archive, SyncSource("wordpress", server.url), attempts=2)
    assert not report.ok
    assert archive.count() == 0
    assert archive.get_state(SyncSource("wordpress", server.url).state_key) is None


@pytest.mark.parametrize(
    "fault",
    [INVALID_XML, DROP, status(503, retry_after="1"), TRUNCATE, HANG],
    ids=["invalid XML", "dropped", "503", "truncated", "timeout"],
)
def test_feed_recovers_from_a_passing_fault(
    tmp_path: Path, archive: Archive, server: WPServer, fault: Fault
) -> None:
    source = SyncSource("feed", server.url + "/feed/")
    server.inject("/feed/", fault)
    report = run(archive, source, fault=fault)
    assert report.ok, report.errors
    assert (report.sources[0].new, report.sources[0].requests) == (6, 2)
    after = snapshot(archive, [source])
    assert after["articles"] == clean_articles(tmp_path, server, source)
    server.reset_log()
    assert run(archive, source).sources[0].not_modified
    assert [r.conditional for r in server.requests] == [True]
    assert snapshot(archive, [source]) == after


def test_invalid_feed_is_reported_and_the_archive_kept(archive: Archive, server: WPServer) -> None:
    source = SyncSource("feed", server.url + "/feed/")
    assert run(archive, source).ok
    server.touch("cluster-podcast", title="The podcast is renamed")
    before = snapshot(archive, [source])
    server.inject("/feed/", INVALID_XML, repeat=True)
    report = run(archive, source, attempts=2)
    (error,) = report.errors
    assert "unreadable response: invalid XML at line 1" in error
    assert snapshot(archive, [source]) == before


def test_one_failing_source_does_not_stop_the_others(archive: Archive, server: WPServer) -> None:
    server.inject("/feed/atom/", status(500), repeat=True)
    sources = [SyncSource("feed", server.url + "/feed/atom/"), SyncSource("wordpress", server.url)]
    report = sync_sources(archive, sources, options=fast_options(attempts=2), per_page=100)
    assert [s.ok for s in report.sources] == [False, True]
    assert report.sources[1].new == 6
    assert archive.count() == 6
