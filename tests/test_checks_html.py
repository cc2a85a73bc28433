"""Preflight on links and images: hand-written HTML (as a workspace template could produce)
and real renders, with each finding tied to its section and item."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from factories import make_articles, make_brand, make_issue

from newsletter.checks import Finding, run_preflight
from newsletter.checks.document import read_document
from newsletter.compose import Composition
from newsletter.config import load_profile
from newsletter.models import Image, Rendered, RenderedSection
from newsletter.render import Templates, render_issue

ADDRESS = "Nordlys Health Cluster, Innovasjonsveien 1, 0000 Oslo, Norway"
FOOTER = (
    f'<p>{ADDRESS}</p><a href="https://example.org/newsletter/">Sign up</a>'
    '<a href="*|UNSUB|*">Unsubscribe</a>'
)


def composed_html(body: str, *, in_section: bool = True) -> Composition:
    """A composition whose HTML is `body` (inside the first section) plus a valid footer."""
    articles = make_articles(2)
    issue = make_issue(articles)
    section_html = body if in_section else ""
    html = (
        "<!doctype html><html><head><title>x</title></head><body>"
        f"<div>{'' if in_section else body}</div>{section_html}{FOOTER}</body></html>"
    )
    sections = tuple(
        RenderedSection(s.title, section_html if n == 0 else "", "")
        for n, s in enumerate(issue.sections)
    )
    rendered = Rendered(html=html, text="*|UNSUB|*", sections=sections)
    return Composition(issue, articles, make_brand(), load_profile("mailchimp"), rendered)


def found(body: str, prefix: str) -> list[Finding]:
    return [f for f in run_preflight(composed_html(body)) if f.code.startswith(prefix)]


@pytest.mark.parametrize(
    ("img", "expected"),
    [
        ('<img src="https://example.org/a.png" alt="A chart" width="200">', []),
        ('<img src="https://example.org/a.png" alt="" role="presentation" width="9">', []),
        ('<img src="https://example.org/a.png" width="200">', ["error images.alt-missing"]),
        ('<img src="https://example.org/a.png" alt="" width="200">', ["warning images.alt-empty"]),
        (
            '<a href="https://example.org/x"><img src="https://example.org/a.png" alt="" '
            'width="200"></a>',
            ["error images.alt-link", "error links.no-text"],
        ),
        ('<img src="http://example.org/a.png" alt="A" width="200">', ["warning images.http"]),
        ('<img src="/img/a.png" alt="A" width="200">', ["error images.source"]),
        ('<img src="data:image/png;base64,AAAA" alt="A" width="2">', ["error images.source"]),
        ('<img src="" alt="A" width="200">', ["error images.source"]),
        ('<img src="https://example.org/a.png" alt="A">', ["warning images.width"]),
    ],
)
def test_image_rules(img: str, expected: list[str]) -> None:
    findings = [
        f for f in run_preflight(composed_html(img)) if f.code.startswith(("images.", "links."))
    ]
    assert sorted(f"{f.severity} {f.code}" for f in findings) == sorted(expected), [
        str(f) for f in findings
    ]
    assert all(f.section == "Top story" for f in findings)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<a href="https://example.org/news/">Cluster news</a>', []),
        ('<a href="mailto:news@example.org">Write to us</a>', []),
        ('<a href="*|ARCHIVE|*">View in your browser</a>', []),
        ('<a href="javascript:alert(1)">Cluster news</a>', ["error links.script"]),
        ('<a href="/news/">Cluster news</a>', ["error links.not-absolute"]),
        ('<a href="www.example.org/news/">Cluster news</a>', ["error links.not-absolute"]),
        ('<a href="#">Cluster news</a>', ["error links.empty"]),
        ('<a href="mailto:">Write to us</a>', ["error links.not-absolute"]),
        ('<a href="https://example.org/x">click here</a>', ["warning links.vague-text"]),
        ('<a href="https://example.org/x">Read more &rarr;</a>', ["warning links.vague-text"]),
        (
            '<a href="https://example.org/x" aria-label="Read more: The new lab">Read more</a>',
            [],
        ),
        (
            '<a href="https://example.org/x" aria-label="more">More</a>',
            ["warning links.vague-text"],
        ),
        ('<a href="https://example.org/x"></a>', ["error links.no-text"]),
        (f'<a href="https://example.org/{"a" * 190}">Long</a>', ["warning links.long"]),
    ],
)
def test_link_rules(link: str, expected: list[str]) -> None:
    findings = found(link, "links.")
    assert sorted(f"{f.severity} {f.code}" for f in findings) == expected, [
        str(f) for f in findings
    ]


def test_findings_outside_sections_have_no_section() -> None:
    composed = composed_html('<a href="/x">Relative</a>', in_section=False)
    finding = next(f for f in run_preflight(composed) if f.code == "links.not-absolute")
    assert (finding.section, finding.item) == (None, None)


def test_real_render_ties_image_findings_to_section_and_item() -> None:
    articles = make_articles(5, image_url="http://cdn.example.org/pictures/lab.jpg")
    issue = make_issue(articles)
    brand = make_brand()
    profile = load_profile("mailchimp")
    rendered = render_issue(issue, articles, brand, profile)
    composed = Composition(issue, articles, brand, profile, rendered)
    http = [f for f in run_preflight(composed) if f.code == "images.http"]
    with_image = [
        (section.title, item.article)
        for section in issue.sections
        for item in section.items
        if item.layout != "compact"
    ]
    assert [(f.section, f.item) for f in http] == with_image
    doc = read_document(composed)
    headline_links = [link for link in doc.links if link.item is not None]
    assert {link.item for link in headline_links} == set(articles)


def test_template_override_with_bad_markup_is_caught(tmp_path: Path) -> None:
    partials = tmp_path / "partials"
    partials.mkdir()
    (partials / "intro.mjml.j2").write_text(
        "<mj-section><mj-column><mj-text>"
        '<a href="javascript:void(0)">click here</a> <a href="/about/">About us</a>'
        '</mj-text><mj-image src="/banner.png" alt="" href="/about/" /></mj-column></mj-section>\n',
        encoding="utf-8",
    )
    articles = make_articles(3)
    issue = make_issue(articles)
    brand, profile = make_brand(), load_profile("mailchimp")
    rendered = render_issue(issue, articles, brand, profile, templates=Templates(tmp_path))
    findings = run_preflight(Composition(issue, articles, brand, profile, rendered))
    got = {(f.severity, f.code) for f in findings}
    assert {
        ("error", "links.script"),
        ("warning", "links.vague-text"),
        ("error", "links.not-absolute"),
        ("error", "images.source"),
        ("error", "images.alt-link"),
    } <= got, [str(f) for f in findings]


def test_unsafe_article_url_never_reaches_the_email() -> None:
    articles = make_articles(2)
    key = next(iter(articles))
    articles[key] = replace(
        articles[key],
        url="javascript:alert(1)",
        image=Image("javascript:alert(2)", "x"),
    )
    issue = make_issue(articles)
    brand, profile = make_brand(), load_profile("mailchimp")
    rendered = render_issue(issue, articles, brand, profile)
    findings = run_preflight(Composition(issue, articles, brand, profile, rendered))
    assert not [f for f in findings if f.code in ("links.script", "images.source")]
