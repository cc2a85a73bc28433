"""Syncing a WordPress site (the real local test server) into a real SQLite archive."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsletter.archive import Archive
from newsletter.config import Config, Source
from newsletter.errors import InputError
from newsletter.models import Block, Brand, Image
from newsletter.sources.wordpress import posts_endpoint
from newsletter.sync import (
    SyncEvent,
    SyncReport,
    SyncSource,
    make_sources,
    sources_from_config,
    sync_sources,
)

try:
    from tests.synchelp import Events, fast_options, snapshot
    from tests.wpdata import BASE, Post, generated_posts
    from tests.wpserver import WPServer
except ImportError:
    from synchelp import Events, fast_options, snapshot  # type: ignore[no-redef]
    from wpdata import BASE, Post, generated_posts  # type: ignore[no-redef]
    from wpserver import WPServer  # type: ignore[no-redef]


def sync(archive: Archive, server: WPServer, **kwargs: Any) -> SyncReport:
    kwargs.setdefault("per_page", 2)
    return sync_sources(
        archive, [SyncSource("wordpress", server.url)], options=fast_options(), **kwargs
    )


def test_first_sync_imports_every_post_complete(archive: Archive, server: WPServer) -> None:
    report = sync(archive, server)
    assert report.ok, report.errors
    (source,) = report.sources
    assert (source.pages, source.pages_total, source.posts) == (3, 3, 6)
    assert (source.new, source.updated, source.unchanged, source.requests) == (6, 0, 0, 3)
    assert sorted(archive.ids()) == sorted(p.slug for p in server.posts)
    lab = archive.get("shared-lab-opens")
    assert lab is not None
    assert lab.title == "Shared lab opens for young companies"
    assert lab.url == f"{server.url}/2026/03/shared-lab-opens/"
    assert lab.date == date(2026, 3, 2)
    assert lab.modified == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert lab.source == server.url.removeprefix("http://")
    assert lab.tags == ("News", "Laboratory", "Start-ups")
    assert lab.image == Image(
        "https://cdn.example.org/lab-front.jpg",
        "The lab entrance",
        "The entrance of the new lab. Photo: Ola Hansen",
        "Ola Hansen",
    )
    assert lab.standfirst == (
        "The new shared laboratory at Nordlys Health Cluster opened its doors on Monday, "
        "giving ten young companies access to equipment none of them could afford alone."
    )
    assert lab.blocks == (
        Block("heading", "Equipment on loan"),
        Block(
            "paragraph",
            "The lab offers a flow cytometer, two sequencers and a cell culture "
            "suite. Companies book time by the hour through the cluster’s booking system.",
        ),
        Block("caption", "The cell culture suite on the second floor. Photo: Ola Hansen"),
        Block(
            "quote",
            "Small teams should spend their money on ideas, not on machines that "
            "stand idle most of the week.",
            "Marte Lien",
            "lab manager at Nordlys Health Cluster",
        ),
        Block(
            "list",
            "The first tenants are:",
            items=("Fjordgen, which works on gene panels", "Polar Imaging", "Kvist Diagnostics"),
        ),
        Block("heading", "How to apply"),
        Block(
            "paragraph",
            "Members apply through the cluster office. Applications are reviewed every month.",
        ),
    )


def test_quotes_boilerplate_and_excerpts_of_the_other_posts(
    archive: Archive,
    server: WPServer,
) -> None:
    sync(archive, server)
    mentors = archive.get("mentors-for-researchers")
    assert mentors is not None
    assert mentors.standfirst == (
        "Founders who have been there before will guide twelve "
        "researchers through their first year as entrepreneurs."
    )
    quotes = [(b.speaker, b.role) for b in mentors.blocks if b.type == "quote"]
    assert quotes == [
        ("Jonas Vik", "a researcher at the University Hospital"),
        ("Ingrid Dahl", "head of talent at Nordlys Health Cluster"),
    ]
    texts = [b.text for b in mentors.blocks]
    assert "Partner logos:" not in texts and "Fjordgen logo" not in texts
    assert texts[-1].startswith("Pairs meet at least three times a term.")
    assert mentors.image is not None and mentors.image.alt == "The mentors gathered in Bergen."
    trial = archive.get("blood-test-trial")
    assert trial is not None and trial.image is None
    assert trial.title == "Early results for a R&D blood test"
    assert [b.type for b in trial.blocks] == ["paragraph", "quote", "heading", "paragraph"]
    assert trial.blocks[1].speaker is None
    hackathon = archive.get("health-data-hackathon")
    assert hackathon is not None
    assert hackathon.blocks[-1] == Block(
        "quote",
        "We did not expect to win. We just wanted to fix something that annoyed us.",
        "Emma Strand",
        "Datahjelp team member",
    )


def test_requests_ask_for_pages_embeds_and_oldest_change_first(
    archive: Archive,
    server: WPServer,
) -> None:
    sync(archive, server)
    sent = server.log_for("/wp-json/wp/v2/posts")
    assert sorted(r.query["page"] for r in sent) == ["1", "2", "3"]
    for request in sent:
        assert request.query["per_page"] == "2"
        assert request.query["_embed"] == "wp:featuredmedia,wp:term"
        assert (request.query["orderby"], request.query["order"]) == ("modified", "asc")
        assert "modified_after" not in request.query
        assert request.headers["user-agent"].startswith("newsletter/")


def test_resync_of_unchanged_site_is_one_conditional_request_and_changes_nothing(
    archive: Archive,
    server: WPServer,
) -> None:
    sync(archive, server)
    sources = [SyncSource("wordpress", server.url)]
    before = snapshot(archive, sources)
    server.reset_log()
    report = sync(archive, server)
    assert report.ok
    (source,) = report.sources
    assert source.not_modified
    assert (source.requests, source.new, source.updated, source.unchanged) == (1, 0, 0, 0)
    assert len(server.requests) == 1 and all(r.conditional for r in server.requests)
    assert snapshot(archive, sources) == before


def test_edited_post_is_fetched_incrementally_and_updated(
    archive: Archive,
    server: WPServer,
) -> None:
    sync(archive, server)
    server.touch("exports-grow", title="Health exports grow by a quarter")
    server.reset_log()
    report = sync(archive, server)
    (source,) = report.sources
    # the post edited plus the newest one again (a one-second overlap so no edit is missed)
    assert (source.new, source.updated, source.unchanged) == (0, 1, 1)
    (request,) = server.requests
    assert request.query["modified_after"] == (BASE + timedelta(days=6, seconds=-1)).isoformat()
    edited = archive.get("exports-grow")
    assert edited is not None and edited.title == "Health exports grow by a quarter"
    assert archive.count() == 6
    server.reset_log()
    again = sync(archive, server)
    assert again.sources[0].not_modified and len(server.requests) == 1


def test_new_post_is_added_once(archive: Archive, server: WPServer) -> None:
    sync(archive, server)
    latest = max(p.modified for p in server.posts)
    server.posts.append(
        Post(
            99,
            "new-board",
            "A new board for the cluster",
            latest,
            latest + timedelta(hours=2),
            "<p>The members elected a board.</p>",
        )
    )
    report = sync(archive, server)
    assert report.sources[0].new == 1
    assert archive.count() == 7
    added = archive.get("new-board")
    assert added is not None and added.standfirst == "The members elected a board."


@pytest.mark.parametrize("concurrency", [1, 3])
def test_many_pages_are_each_fetched_once(tmp_path: Path, concurrency: int) -> None:
    with WPServer(generated_posts(25)) as server, Archive.open(tmp_path / "a.sqlite") as archive:
        report = sync(archive, server, per_page=10, concurrency=concurrency)
        assert report.sources[0].pages == 3
        assert report.sources[0].new == 25
        assert archive.count() == 25
        assert sorted(r.query["page"] for r in server.requests) == ["1", "2", "3"]


def test_without_total_headers_pages_are_walked_until_a_short_one(tmp_path: Path) -> None:
    with WPServer(generated_posts(20)) as server, Archive.open(tmp_path / "a.sqlite") as archive:
        server.hide_totals = True
        report = sync(archive, server, per_page=7)
        assert report.ok and report.sources[0].new == 20
        assert [r.query["page"] for r in server.requests] == ["1", "2", "3"]


def test_progress_reports_pages_and_counts(archive: Archive, server: WPServer) -> None:
    events = Events()
    sync(archive, server, progress=events)
    assert events.kinds() == ["started", "page", "page", "page", "finished"]
    pages = [(e.report.pages, e.report.pages_total) for e in events.events[1:4]]
    assert pages == [(1, 3), (2, 3), (3, 3)]
    final = events.events[-1].report
    assert (final.new, final.posts, final.requests) == (6, 6, 3)


def test_cancelling_leaves_the_archive_as_it_was(archive: Archive, server: WPServer) -> None:
    cancel = threading.Event()

    def stop_after_first_page(event: SyncEvent) -> None:
        if event.kind == "page":
            cancel.set()

    report = sync(archive, server, progress=stop_after_first_page, cancel=cancel)
    assert not report.ok
    assert "cancelled" in report.errors[0]
    assert archive.count() == 0
    assert archive.get_state(SyncSource("wordpress", server.url).state_key) is None


def test_a_site_without_the_api_says_so(archive: Archive, server: WPServer) -> None:
    report = sync(archive, WPServerAt(server.url + "/blog"))
    (error,) = report.errors
    assert error.startswith(f"{server.url}/blog/wp-json/wp/v2/posts: HTTP 404")
    assert "check the URL" in error
    assert archive.count() == 0


class WPServerAt:
    """Just a URL where a WordPress site is expected (for error cases)."""

    def __init__(self, url: str) -> None:
        self.url = url


def test_posts_endpoint_accepts_home_page_or_api_urls() -> None:
    expected = "https://example.org/wp-json/wp/v2/posts"
    for url in (
        "https://example.org",
        "https://example.org/",
        "https://example.org/wp-json",
        "https://example.org/wp-json/wp/v2",
        expected + "?per_page=3",
    ):
        assert posts_endpoint(url) == expected
    assert posts_endpoint("https://example.org/news/") == (
        "https://example.org/news/wp-json/wp/v2/posts"
    )


def test_sources_come_from_the_command_line_or_the_config() -> None:
    assert make_sources(["https://a.example"], ["https://b.example/feed/"]) == [
        SyncSource("wordpress", "https://a.example"),
        SyncSource("feed", "https://b.example/feed/"),
    ]
    with pytest.raises(InputError, match="not an http"):
        make_sources(["ftp://a.example"])
    brand = Brand("N", "https://example.org", "https://example.org/s", "Address")
    config = Config(
        brand,
        sources=(
            Source("textdump", "dumps/*.txt"),
            Source("wordpress", "https://example.org"),
            Source("feed", "https://example.org/feed/"),
        ),
    )
    assert sources_from_config(config) == [
        SyncSource("wordpress", "https://example.org"),
        SyncSource("feed", "https://example.org/feed/"),
    ]
