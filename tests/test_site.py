"""The static web archive: index newest first, one page per issue, relative links that work."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from chromium import chromium, dump_dom, probe
from click.testing import CliRunner, Result
from selectolax.lexbor import LexborHTMLParser

from newsletter.cli import main
from newsletter.site import INDEX, build_site, collect_site, merge_tags, write_site
from newsletter.workspace import Workspace

__all__ = ["chromium"]  # the fixture, re-exported for pytest

SUBJECTS = {
    "2026-10": ("October: a lab, a course and a conference", 1, "2026-10-01"),
    "2026-11 special": ("November: the members' meeting", 2, "2026-11-01"),
    "sample": ("December: demo day, a shared lab and patient data rules", 3, "2026-12-01"),
}


@pytest.fixture
def archive_workspace(sample_workspace: Path) -> Path:
    """The sample workspace with three issues: October, November (a name with a space), December."""
    issues = sample_workspace / "issues"
    sample = (issues / "sample.toml").read_text(encoding="utf-8")
    sample = sample.replace("number = 1", "number = 3")
    (issues / "sample.toml").write_text(sample, encoding="utf-8")
    for name, (subject, number, day) in SUBJECTS.items():
        if name == "sample":
            continue
        text = sample.replace("number = 3", f"number = {number}")
        text = text.replace("date = 2026-12-01", f"date = {day}")
        text = text.replace(
            'subject = "December: demo day, a shared lab and patient data rules"',
            f'subject = "{subject}"',
        )
        if name == "2026-10":  # a different lead story
            text = text.replace(
                'article = "twelve-start-ups-pitch-at-the-autumn-demo-day"\nlayout = "lead"',
                'article = "pupils-meet-researchers-in-the-teaching-laboratory"\nlayout = "lead"',
            )
        (issues / f"{name}.toml").write_text(text, encoding="utf-8")
    return sample_workspace


def hrefs(html: str) -> list[str]:
    return [a.attributes.get("href") or "" for a in LexborHTMLParser(html).css("a")]


def relative(links: list[str]) -> list[str]:
    return [h for h in links if not urlsplit(h).scheme and not h.startswith("//")]


def test_index_lists_issues_newest_first_with_date_and_lead(archive_workspace: Path) -> None:
    pages = build_site(Workspace(archive_workspace))
    assert sorted(pages) == sorted(
        ["index.html", "issues/2026-10.html", "issues/2026-11 special.html", "issues/sample.html"]
    )
    tree = LexborHTMLParser(pages[INDEX])
    entries = tree.css("main li")
    assert [li.css_first("h2").text(strip=True) for li in entries] == [
        SUBJECTS[name][0] for name in ("sample", "2026-11 special", "2026-10")
    ]
    assert [li.css_first("time").attributes["datetime"] for li in entries] == [
        "2026-12-01",
        "2026-11-01",
        "2026-10-01",
    ]
    assert [li.css_first("time").text() for li in entries] == [
        "December 2026",
        "November 2026",
        "October 2026",
    ]
    leads = [li.css_first(".lead a").text() for li in entries]
    assert leads == [
        "Twelve start-ups pitch at the autumn demo day",
        "Twelve start-ups pitch at the autumn demo day",
        "Pupils meet researchers in the teaching laboratory",
    ]
    assert relative(hrefs(pages[INDEX])) == [
        "issues/sample.html",
        "issues/2026-11%20special.html",
        "issues/2026-10.html",
    ]
    assert tree.css_first("html").attributes["lang"] == "en"


def test_every_index_link_and_back_link_resolves_to_a_file(
    archive_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    write_site(build_site(Workspace(archive_workspace)), out)
    index = out / INDEX
    links = relative(hrefs(index.read_text(encoding="utf-8")))
    assert len(links) == 3
    for link in links:
        page = (index.parent / unquote(link)).resolve()
        assert page.is_file(), link
        back = relative(hrefs(page.read_text(encoding="utf-8")))
        assert back == ["../index.html"]
        assert (page.parent / back[0]).resolve() == index.resolve()


def test_issue_pages_have_no_merge_tags_and_no_unsubscribe(archive_workspace: Path) -> None:
    pages = build_site(Workspace(archive_workspace))
    tags = merge_tags()
    assert {"*|UNSUB|*", "*|ARCHIVE|*", "{{ unsubscribe }}", "{$unsubscribe}"} <= tags
    for path, html in pages.items():
        assert not [tag for tag in tags if tag in html], path
        assert "Unsubscribe" not in html and "View in your browser" not in html, path
    page = pages["issues/sample.html"]
    assert "Enjoyed this issue? Sign up to our monthly newsletter" in page
    assert "https://example.org/newsletter/" in hrefs(page)
    assert "Twelve start-ups pitch at the autumn demo day" in page
    assert "<title>December: demo day, a shared lab and patient data rules</title>" in page


def test_a_template_that_hardcodes_a_merge_tag_is_cleaned_with_a_warning(
    sample_workspace: Path,
) -> None:
    partial = sample_workspace / "templates" / "partials" / "intro.mjml.j2"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(
        '    <mj-section><mj-column><mj-text><p>Hello *|FNAME|*, <a href="*|UPDATE_PROFILE|*">'
        'prefs</a> <a href="*|ARCHIVE|*">archive</a></p></mj-text></mj-column></mj-section>\n',
        encoding="utf-8",
    )
    build = collect_site(Workspace(sample_workspace))
    page = build.pages["issues/sample.html"]
    assert "*|" not in page and ">archive</a>" not in page and ">prefs</a>" not in page
    assert "Hello , " in page
    removed = "removed merge tags *|ARCHIVE|*, *|FNAME|*, *|UPDATE_PROFILE|*"
    assert any(removed in warning for warning in build.warnings), build.warnings


def test_no_issues_gives_an_index_that_says_so(sample_workspace: Path) -> None:
    (sample_workspace / "issues" / "sample.toml").unlink()
    pages = build_site(Workspace(sample_workspace))
    assert list(pages) == [INDEX]
    assert "No issues yet." in pages[INDEX]


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-w", str(workspace), *args], catch_exceptions=False)


def test_cli_site_writes_pages_and_drops_stale_ones(
    archive_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = run(archive_workspace, "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{out / INDEX}  (3 issue pages)" in result.output
    (archive_workspace / "issues" / "2026-10.toml").unlink()
    assert run(archive_workspace, "site", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in (out / "issues").iterdir()) == [
        "2026-11 special.html",
        "sample.html",
    ]


def test_cli_site_bad_issue_is_bad_input(sample_workspace: Path, tmp_path: Path) -> None:
    bad = sample_workspace / "issues" / "2027-01.toml"
    bad.write_text('number = 2\ndate = 2027-01-01\nsubject = "x"\nsections = 3\n', "utf-8")
    result = run(sample_workspace, "site", "-o", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.output
    assert not (tmp_path / "site").exists()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served_site(archive_workspace: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The built site on disk and the same folder served over HTTP on 127.0.0.1."""
    out = tmp_path / "site"
    write_site(build_site(Workspace(archive_workspace)), out)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.chromium
def test_site_opens_in_chromium_from_file_and_from_a_server(
    chromium: Path, served_site: tuple[Path, str]
) -> None:
    out, base = served_site
    index = probe(chromium, out / INDEX, width=800)
    assert index["title"] == "Nordlys Health Cluster newsletter archive"
    assert index["overflow"] is False
    issue_links = [link for link in index["links"] if link["href"].startswith("issues/")]
    assert [link["text"] for link in issue_links] == [
        SUBJECTS[name][0] for name in ("sample", "2026-11 special", "2026-10")
    ]
    for link in issue_links:  # what the browser resolved each href to is a file of the site
        assert link["url"].startswith("file://")
        assert Path(unquote(urlsplit(link["url"]).path)).is_file()
    page = probe(chromium, out / "issues" / "sample.html")
    back = [link for link in page["links"] if link["href"] == "../index.html"]
    assert Path(unquote(urlsplit(back[0]["url"]).path)) == (out / INDEX).resolve()
    assert "Unsubscribe" not in page["text"]

    served = LexborHTMLParser(dump_dom(chromium, f"{base}/{INDEX}", width=800))
    assert [a.text() for a in served.css("main h2 a")] == [link["text"] for link in issue_links]
    served_page = dump_dom(chromium, f"{base}/issues/2026-11%20special.html")
    assert "November: the members' meeting" in served_page
