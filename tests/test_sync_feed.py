"""Syncing RSS 2.0 and Atom feeds from the real local test server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newsletter.archive import Archive
from newsletter.models import Block
from newsletter.sources.feed import parse_feed_bytes
from newsletter.sources.pull import SourceError
from newsletter.sync import SyncReport, SyncSource, sync_sources

try:
    from tests.synchelp import fast_options, snapshot
    from tests.wpserver import WPServer
except ImportError:
    from synchelp import fast_options, snapshot  # type: ignore[no-redef]
    from wpserver import WPServer  # type: ignore[no-redef]


def sync(archive: Archive, *sources: SyncSource) -> SyncReport:
    return sync_sources(archive, list(sources), options=fast_options())


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_feed_posts_become_the_same_articles_as_from_the_api(
    tmp_path: Path,
    server: WPServer,
    path: str,
) -> None:
    with Archive.open(tmp_path / "api.sqlite") as api, Archive.open(tmp_path / "f.sqlite") as feed:
        assert sync(api, SyncSource("wordpress", server.url)).ok
        report = sync(feed, SyncSource("feed", server.url + path))
        assert report.ok and report.sources[0].new == 6
        assert sorted(feed.ids()) == sorted(api.ids())  # ids are the posts' slugs
        for article_id in api.ids():
            from_api, from_feed = api.get(article_id), feed.get(article_id)
            assert from_api is not None and from_feed is not None
            assert from_feed.title == from_api.title
            assert from_feed.url == from_api.url
            assert from_feed.standfirst == from_api.standfirst
            assert from_feed.blocks == from_api.blocks  # footer "The post … first appeared" gone
            assert from_feed.image is None  # feeds carry no featured image


def test_rss_dates_tags_and_source(archive: Archive, server: WPServer) -> None:
    sync(archive, SyncSource("feed", server.url + "/feed/"))
    hackathon = archive.get("health-data-hackathon")
    assert hackathon is not None
    assert hackathon.date == date(2026, 3, 5)
    assert hackathon.modified == datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    assert hackathon.tags == ("Events", "Data", "Students")
    assert hackathon.source == server.url.removeprefix("http://")
    assert hackathon.blocks[-1] == Block(
        "quote",
        "We did not expect to win. We just wanted to fix something that annoyed us.",
        "Emma Strand",
        "Datahjelp team member",
    )


def test_atom_uses_updated_for_modified(archive: Archive, server: WPServer) -> None:
    sync(archive, SyncSource("feed", server.url + "/feed/atom/"))
    podcast = archive.get("cluster-podcast")
    assert podcast is not None
    assert podcast.date == date(2026, 3, 7)
    assert podcast.modified == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
    assert podcast.tags == ("News",)


def test_summary_only_feed_uses_the_summary(tmp_path: Path) -> None:
    with WPServer(feed_content=False) as server, Archive.open(tmp_path / "a.sqlite") as archive:
        assert sync(archive, SyncSource("feed", server.url + "/feed/")).ok
        mentors = archive.get("mentors-for-researchers")
        assert mentors is not None
        assert mentors.standfirst == (
            "Founders who have been there before will guide twelve "
            "researchers through their first year as entrepreneurs."
        )
        assert mentors.blocks == ()
        podcast = archive.get("cluster-podcast")
        assert podcast is not None
        assert podcast.standfirst == (
            "The cluster has launched a podcast where members talk about the hardest decisions "
            "in building a health company. Episodes come out every second Thursday."
        )
        lab = archive.get("shared-lab-opens")
        assert lab is not None
        assert lab.standfirst.startswith("The new shared laboratory at Nordlys Health Cluster")
        assert lab.standfirst.endswith("afford alone.")  # the manual excerpt, "[…]" removed


def test_unchanged_feed_costs_one_conditional_request(archive: Archive, server: WPServer) -> None:
    source = SyncSource("feed", server.url + "/feed/")
    sync(archive, source)
    before = snapshot(archive, [source])
    server.reset_log()
    report = sync(archive, source)
    assert report.sources[0].not_modified and report.sources[0].requests == 1
    (request,) = server.requests
    assert request.conditional and request.headers["if-none-match"].startswith('"')
    assert snapshot(archive, [source]) == before


def test_changed_feed_updates_only_what_changed(archive: Archive, server: WPServer) -> None:
    source = SyncSource("feed", server.url + "/feed/atom/")
    sync(archive, source)
    server.touch("exports-grow", title="Health exports grow by a quarter")
    report = sync(archive, source)
    assert (report.sources[0].updated, report.sources[0].unchanged) == (1, 5)
    edited = archive.get("exports-grow")
    assert edited is not None and edited.title == "Health exports grow by a quarter"


def test_a_web_page_is_not_a_feed(archive: Archive, server: WPServer) -> None:
    report = sync(archive, SyncSource("feed", server.url + "/json"))
    (error,) = report.errors
    assert error.startswith(f"{server.url}/json: not an RSS or Atom feed: the server sent JSON")
    assert "/feed/" in error
    assert len(server.requests) == 1  # not retried: it would not help
    with pytest.raises(SourceError, match="sent a web page"):
        parse_feed_bytes(b"\n<!DOCTYPE html><html><body>Home</body></html>", "https://x.org/")


def test_malformed_xml_is_retried_as_unreadable() -> None:
    with pytest.raises(ValueError, match="invalid XML at line 2"):
        parse_feed_bytes(b"<?xml version='1.0'?>\n<rss><channel><item></rss>")
