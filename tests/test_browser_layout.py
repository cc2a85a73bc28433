"""The exported HTML in real headless Chromium, as readers get it: at 600 px and 375 px no
horizontal overflow, every image loaded (fixture PNGs served from 127.0.0.1), every item's
title and the sign-up block visible and in order; and the same with every <style> removed,
as some email clients do (the inlined styles must carry the layout)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium, layout, png, serve
from factories import make_article

from newsletter.compose import compose_issue, export
from newsletter.library import ensure_archive
from newsletter.workspace import Workspace

__all__ = ["chromium"]  # the fixture, re-exported for pytest

pytestmark = pytest.mark.chromium

SIGNUP = "Forwarded this? Sign up to our monthly newsletter"
STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
WIDTHS = (600, 375)


@dataclass
class Page:
    """An exported issue, copied into a served folder with its images pointed there."""

    folder: Path
    base: str
    titles: list[str]
    images: int


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "site"
    (folder / "img").mkdir(parents=True)
    with serve(folder) as base:
        yield folder, base


def publish(workspace: Path, issue: Path, folder: Path, base: str) -> Page:
    """Compose and export the issue as `compose` does, then serve a copy of NAME.html whose
    images come from local PNGs (the real https sources are not reachable from tests)."""
    composition = compose_issue(Workspace(workspace), issue)
    assert composition.blocking == [], composition.blocking
    files = export(composition, workspace / "out")["files"]
    html = Path(files["html"]).read_text(encoding="utf-8")
    sources = list(dict.fromkeys(match.group(2) for match in IMG_SRC.finditer(html)))
    local = {}
    for n, src in enumerate(sources):
        size = (360, 80) if "logo" in src else (1200, 675)
        (folder / "img" / f"{n}.png").write_bytes(png(*size, (11 + 40 * n % 200, 83, 148)))
        local[src] = f"{base}/img/{n}.png"
    html = IMG_SRC.sub(lambda m: m.group(1) + local[m.group(2)] + m.group(3), html)
    (folder / "issue.html").write_text(html, encoding="utf-8")
    (folder / "issue-unstyled.html").write_text(STYLE_BLOCK.sub("", html), encoding="utf-8")
    titles = [
        item.headline or composition.articles[item.article].title
        for item in composition.issue.items
    ]
    return Page(folder, base, titles, len(IMG_SRC.findall(html)))


def assert_reads_well(binary: Path, page: Page, name: str, width: int) -> dict[str, Any]:
    data = layout(binary, page.folder, page.base, name, width=width, texts=[*page.titles, SIGNUP])
    assert data["viewport"] == width
    assert data["scroll"] <= width, f"{name} overflows at {width} px: {data['scroll']} px wide"
    assert len(data["images"]) == page.images
    assert all(image["loaded"] for image in data["images"]), data["images"]
    assert all(image["width"] <= width for image in data["images"])
    texts = data["texts"]
    missing = [t["text"] for t in texts if not (t["found"] and t["visible"])]
    assert not missing, f"not visible in {name} at {width} px: {missing}"
    tops = [t["top"] for t in texts]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops  # titles, then sign-up
    return data


@pytest.fixture
def sample(sample_workspace: Path, site: tuple[Path, str]) -> Page:
    folder, base = site
    return publish(sample_workspace, sample_workspace / "issues" / "sample.toml", folder, base)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["issue.html", "issue-unstyled.html"])
def test_sample_issue_reads_well(chromium: Path, sample: Page, name: str, width: int) -> None:
    assert sample.images == 1  # the logo: the sample dumps carry no article images
    assert_reads_well(chromium, sample, name, width)


def _issue_with_images(workspace: Path) -> Path:
    """Articles with lead images in the archive (as a WordPress sync brings them) and an
    issue using every layout."""
    titles = (
        "Hospital and industry test a new route for trial referrals",
        "Summer school in precision medicine fills up in a week",
        "Member company raises funding for its antibody platform",
        "Nordic partners sign agreement on cancer diagnostics",
    )
    articles = [
        make_article(
            title,
            image_url=f"https://example.org/wp-content/uploads/{n}.jpg",
            published=date(2026, 11, 20 - n),
        )
        for n, title in enumerate(titles)
    ]
    with ensure_archive(Workspace(workspace)) as archive:
        archive.upsert(articles)
    ids = [a.id for a in articles]
    issue = workspace / "issues" / "2026-12.toml"
    issue.write_text(
        'number = 12\ndate = 2026-12-01\nsubject = "December: referrals, summer school, funding"\n'
        'preheader = "A new route for trial referrals, a full summer school and fresh funding."\n\n'
        f'[[sections]]\ntitle = "Top story"\n\n[[sections.items]]\narticle = "{ids[0]}"\n'
        'layout = "lead"\nparagraphs = 1\n\n'
        f'[[sections]]\ntitle = "News"\n\n[[sections.items]]\narticle = "{ids[1]}"\n\n'
        f'[[sections.items]]\narticle = "{ids[2]}"\nwords = 40\n\n'
        f'[[sections]]\ntitle = "In brief"\n\n[[sections.items]]\narticle = "{ids[3]}"\n'
        'layout = "compact"\n',
        encoding="utf-8",
    )
    return issue


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["issue.html", "issue-unstyled.html"])
def test_issue_with_images_reads_well(
    chromium: Path, sample_workspace: Path, site: tuple[Path, str], name: str, width: int
) -> None:
    folder, base = site
    page = publish(sample_workspace, _issue_with_images(sample_workspace), folder, base)
    assert page.images == 1 + 3  # logo, lead image, two standard thumbnails (compact: none)
    data = assert_reads_well(chromium, page, name, width)
    lead = max(image["width"] for image in data["images"])
    margins = 16 if "unstyled" in name else 0  # without <style>, <body> keeps its 8 px margin
    assert lead == pytest.approx(min(width - margins, 600), abs=1)  # the lead image spans it


def test_the_probe_sees_overflow_broken_images_and_hidden_text(
    chromium: Path, site: tuple[Path, str]
) -> None:
    folder, base = site
    (folder / "img" / "ok.png").write_bytes(png(40, 40, (0, 0, 0)))
    (folder / "bad.html").write_text(
        '<!doctype html><html><body style="margin:0"><p>First title</p>'
        '<table style="width:900px"><tr><td>Wide table</td></tr></table>'
        f'<img src="{base}/img/ok.png" width="40"><img src="{base}/img/missing.png" width="40">'
        '<p style="display:none">Hidden title</p></body></html>',
        encoding="utf-8",
    )
    data = layout(
        chromium,
        folder,
        base,
        "bad.html",
        width=375,
        texts=["First title", "Hidden title", "Not there"],
    )
    assert data["viewport"] == 375 and data["scroll"] >= 900
    assert [image["loaded"] for image in data["images"]] == [True, False]
    found = {t["text"]: (t["found"], t.get("visible")) for t in data["texts"]}
    assert found == {
        "First title": (True, True),
        "Hidden title": (True, False),
        "Not there": (False, None),
    }
