"""The render's fast paths give what the general way gives: MJML-stage CSS inlining, dropped
zero column padding, alt at the MJML stage, the compacted head, the fast text wrap."""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from chromium import chromium, screenshot
from factories import make_article, make_articles, make_brand, make_issue, make_profile
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsletter.models import Block, Item, Rendered, Section
from newsletter.render import Templates, inline, render_issue
from newsletter.render import postprocess as post
from newsletter.render.context import build_context
from newsletter.render.mjml_stage import add_image_alts, drop_zero_column_padding
from newsletter.render.pipeline import compile_html, compile_mjml
from newsletter.render.templates import wrap
from newsletter.trim import word_count

__all__ = ["chromium"]  # the fixture, re-exported for pytest

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} </mj-text> &amp; "quoted" it\'s a > b'


def hostile_issue() -> tuple[dict[str, object], object]:
    articles = make_articles(6)
    bad = make_article(
        f"Headline {HOSTILE}", id="hostile", standfirst=f"Standfirst {HOSTILE}.",
        image_alt=f"Alt {HOSTILE}", caption=f"Caption {HOSTILE}",
        blocks=(Block("paragraph", f"Body {HOSTILE}."),),
    )  # fmt: skip
    articles["hostile"] = bad
    issue = make_issue(articles)
    sections = (
        Section("Lead", (Item("hostile", layout="lead", paragraphs=1),)),
        *issue.sections,
    )
    return articles, replace(issue, sections=sections)


def general_html(mjml: str, labels: dict[int, str]) -> str:
    """The general way for the same MJML: compile, then css-inline over the whole page."""
    staged, _ = add_image_alts(drop_zero_column_padding(mjml))
    prepared = inline.prepare(staged)
    general = prepared.fallback() or prepared
    html = post.label_buttons(compile_mjml(general.mjml, "test"), labels)
    html = post.ensure_alt(inline.inline_document(html, general.rules))
    return post.strip_html_markers(post.finish_head(post.merge_conditionals(html), "en"))


def elements(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    """Every element of the body: tag, attributes (style as a set of declarations), own text."""
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    found = []
    for node in tree.body.traverse(include_text=False):
        attributes = dict(node.attributes)
        if attributes.get("style"):
            declarations = {d.strip() for d in (attributes["style"] or "").split(";") if d.strip()}
            attributes["style"] = ";".join(sorted(declarations))
        found.append((node.tag or "", attributes, _own_text(node)))
    return found


def _own_text(node: LexborNode) -> str:
    return " ".join(node.text(deep=False).split())


@pytest.mark.parametrize("case", ["plain", "hostile"])
def test_fast_inlining_matches_css_inline_over_the_whole_page(case: str) -> None:
    if case == "plain":
        articles = make_articles(10)
        issue = make_issue(articles)
    else:
        articles, issue = hostile_issue()  # type: ignore[assignment]
    brand, profile = make_brand(), make_profile()
    rendered = render_issue(issue, articles, brand, profile)  # type: ignore[arg-type]
    labels = build_context(issue, articles, brand, profile).button_labels  # type: ignore[arg-type]
    assert inline.prepare(rendered.mjml).plain is not None, "the fast path was taken"
    fast = post.strip_html_markers(compile_html(rendered.mjml, "test", labels))
    assert elements(fast) == elements(general_html(rendered.mjml, labels))
    headline = LexborHTMLParser(fast).css_first(".nl-headline a")
    assert headline is not None and "text-decoration: none" in (headline.attributes["style"] or "")


def test_fast_inlining_keeps_hostile_text_escaped() -> None:
    articles, issue = hostile_issue()
    html = render_issue(issue, articles, make_brand(), make_profile()).html  # type: ignore[arg-type]
    assert "<script" not in html and "</mj-text>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r'="[^"]*[<>]', html), "no raw brackets in attribute values"


def inline_template(tmp_path: Path, css: str, extra_body: str = "") -> Templates:
    """A workspace whose issue layout has its own inline mj-style (and maybe more body)."""
    source = Path(__file__).resolve().parents[1] / "newsletter" / "templates" / "issue.mjml.j2"
    text = source.read_text(encoding="utf-8")
    text = text.replace("</mj-head>", f'<mj-style inline="inline">{css}</mj-style></mj-head>')
    text = text.replace("<mj-body", extra_body + "<mj-body", 1) if extra_body else text
    (tmp_path / "issue.mjml.j2").write_text(text, encoding="utf-8")
    return Templates(tmp_path)


@pytest.mark.parametrize(
    ("css", "why"),
    [
        ("p { letter-spacing: 1px; }", "not scoped to a class: matches MJML's own <p>"),
        (".nl-teaser div { letter-spacing: 1px; }", "styles MJML's div inside the mj-text"),
        (".nl-gap img { letter-spacing: 1px; }", "the class is an mj-column's"),
        (".nl-teaser:first-child p { letter-spacing: 1px; }", "a pseudo-class on the scope"),
    ],
)
def test_rules_the_fast_path_cannot_take_go_over_the_whole_page(
    tmp_path: Path, css: str, why: str
) -> None:
    articles = make_articles(6)
    issue = make_issue(articles)
    templates = inline_template(tmp_path, css)
    rendered = render_issue(issue, articles, make_brand(), make_profile(), templates=templates)
    staged, _ = add_image_alts(drop_zero_column_padding(rendered.mjml))
    assert inline.prepare(staged).rules, why
    labels = build_context(issue, articles, make_brand(), make_profile()).button_labels
    assert elements(rendered.html) == elements(general_html(rendered.mjml, labels))
    assert "letter-spacing: 1px" in rendered.html


def test_scoped_rules_of_a_workspace_template_take_the_fast_path(tmp_path: Path) -> None:
    articles = make_articles(4)
    issue = make_issue(articles)
    templates = inline_template(tmp_path, ".nl-teaser > p { letter-spacing: 1px; }")
    rendered = render_issue(issue, articles, make_brand(), make_profile(), templates=templates)
    assert inline.prepare(drop_zero_column_padding(rendered.mjml)).plain is not None
    teaser = LexborHTMLParser(rendered.html).css(".nl-teaser p")
    assert teaser and all(
        "letter-spacing: 1px" not in (p.attributes["style"] or "") for p in teaser
    )
    # `>`: the paragraphs are grandchildren of the td that carries the class, as in MJML.


def test_zero_column_padding_goes_only_where_nothing_else_could_apply() -> None:
    head = '<mjml><mj-head><mj-attributes><mj-column padding="0" /></mj-attributes></mj-head>'
    body = (
        '<mj-body><mj-section><mj-column padding="0px">a</mj-column>'
        '<mj-column padding="0" mj-class="x">b</mj-column>'
        '<mj-column padding="0" inner-background-color="#fff">c</mj-column>'
        '<mj-column padding="4px">d</mj-column></mj-section></mj-body></mjml>'
    )
    dropped = drop_zero_column_padding(head + body)
    assert "<mj-column />" in dropped and "<mj-column>a</mj-column>" in dropped
    assert 'padding="0" mj-class="x"' in dropped and 'padding="0" inner-' in dropped
    assert 'padding="4px"' in dropped
    nonzero_default = head.replace('padding="0"', 'padding="8px"') + body
    assert drop_zero_column_padding(nonzero_default) == nonzero_default
    all_padded = head.replace("<mj-column", '<mj-all padding="2px" /><mj-column') + body
    assert drop_zero_column_padding(all_padded) == all_padded


def test_alt_at_the_mjml_stage_and_when_the_html_must_be_checked() -> None:
    fixed, covered = add_image_alts('<mj-image src="a" /><img src="b"><mj-image alt="x" src="c"/>')
    assert fixed == '<mj-image alt="" src="a" /><img alt="" src="b"><mj-image alt="x" src="c"/>'
    assert covered
    assert not add_image_alts("<mj-social><mj-social-element /></mj-social>")[1]
    assert not add_image_alts('<IMG src="a">')[1]
    defaults = '<mj-attributes><mj-image alt="Logo" /></mj-attributes><mj-image src="a" />'
    assert add_image_alts(defaults) == (defaults, False)


def test_head_css_loses_only_whitespace_it_never_needed() -> None:
    css = "\n  a :hover , p { margin : 0 ; color: red !important; }\n@media (max-width: 479px) {\n"
    css += " .x div { font-size: 23px; } }\n"
    assert post.squeeze_css(css) == (
        "a :hover,p{margin :0;color:red!important}@media (max-width: 479px){.x div{font-size:23px}}"
    )
    quoted = 'p { content: "a ; b"; }'
    assert post.squeeze_css(quoted) == quoted
    html = '<html><head>\n<style type="text/css">\n p { margin: 0; }\n</style>\n</head><body>'
    assert post.finish_head(html, "nb") == (
        '<html lang="nb"><head><style type="text/css">p{margin:0}</style></head><body>'
    )


def test_wrap_fills_exactly_as_textwrap() -> None:
    pieces = ["a", "bb", "word.", "é", "—", "x-y", "https://example.org/" + "long-" * 20, " ", "\n"]
    pieces += ["\xa0", "\u2003", "\t", ""]
    chance = random.Random(7)
    for _ in range(3000):
        text = "".join(
            chance.choice(pieces) + chance.choice(" \n") for _ in range(chance.randint(0, 40))
        )
        width = chance.choice([1, 3, 10, 40, 72])
        indent = chance.choice(["", "  ", " " * 12])
        expected = textwrap.fill(
            " ".join(text.split()), width=width, initial_indent=indent,
            subsequent_indent=indent, break_long_words=False, break_on_hyphens=False,
        )  # fmt: skip
        assert wrap(text, width, indent) == expected, (text, width, indent)


def test_word_count_counts_tokens_with_a_letter_or_digit() -> None:
    chance = random.Random(11)
    alphabet = ["a", "5", "é", "٣", "_", "-", "—", "“", ".", " ", "\n", "\xa0", "\u2003", "中", "²"]
    for _ in range(5000):
        text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 25)))
        expected = sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
        assert word_count(text) == expected, repr(text)


def test_sections_are_slices_and_the_markers_are_gone() -> None:
    articles = make_articles(10)
    rendered: Rendered = render_issue(make_issue(articles), articles, make_brand(), make_profile())
    assert "nl:section" not in rendered.html and "nl:inline" not in rendered.html
    assert all(section.html and section.html in rendered.html for section in rendered.sections)
    assert "<![endif]--><!--[if mso | IE]>" not in rendered.sections[0].html


@pytest.mark.chromium
def test_fast_and_general_html_look_the_same_in_chromium(chromium: Path, tmp_path: Path) -> None:
    articles = make_articles(10)
    issue = make_issue(articles)
    rendered = render_issue(issue, articles, make_brand(), make_profile())
    labels = build_context(issue, articles, make_brand(), make_profile()).button_labels
    unstaged = inline.prepare(rendered.mjml)  # no column or alt changes either
    general = unstaged.fallback() or unstaged
    html = post.label_buttons(compile_mjml(general.mjml, "test"), labels)
    html = post.strip_html_markers(post.ensure_alt(inline.inline_document(html, general.rules)))
    (tmp_path / "fast.html").write_text(rendered.html, encoding="utf-8")
    (tmp_path / "general.html").write_text(post.set_lang(html, "en"), encoding="utf-8")
    assert len(rendered.html) < len(html)
    for width in (600, 375):
        shots = [
            screenshot(chromium, tmp_path / f"{name}.html", tmp_path / f"{name}-{width}.png",
                       width=width, height=3000).read_bytes()
            for name in ("fast", "general")
        ]  # fmt: skip
        assert shots[0] == shots[1], f"the pages differ at {width}px"
