"""render_issue: structure, layouts, escaping, overrides, post-processing, warnings."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from factories import make_article, make_articles, make_brand, make_issue, make_profile
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode

from newsletter.config import load_profile, profile_names
from newsletter.errors import InputError
from newsletter.models import Article, Block, Brand, Issue, Item, Layout, Profile, Rendered, Section
from newsletter.render import GMAIL_CLIP_BYTES, Templates, render_issue, safe_url
from newsletter.render.postprocess import split_at_rules
from newsletter.render.urls import article_link

HOSTILE = (
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "<mj-raw>",
    "</mj-text>",
    "&amp;",
)


def render(
    issue: Issue | None = None,
    articles: dict[str, Article] | None = None,
    brand: Brand | None = None,
    profile: Profile | None = None,
    templates: Templates | None = None,
) -> Rendered:
    articles = articles if articles is not None else make_articles(10)
    issue = issue or make_issue(articles)
    return render_issue(
        issue, articles, brand or make_brand(), profile or make_profile(), templates=templates
    )


def one(where: str | HTMLParser | LexborNode, selector: str) -> LexborNode:
    """The first node matching `selector` (a test failure when there is none)."""
    tree = HTMLParser(where) if isinstance(where, str) else where
    node = tree.css_first(selector)
    assert node is not None, f"nothing matches {selector!r}"
    return node


def attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    assert value is not None, f"<{node.tag}> has no {name}"
    return value


def visible_text(html: str) -> str:
    tree = HTMLParser(html)
    for node in tree.css("style, title"):
        node.decompose()
    return " ".join(tree.body.text(separator=" ").split()) if tree.body else ""


def test_every_headline_appears_once_in_order_in_html_and_text() -> None:
    articles = make_articles(10)
    issue = make_issue(articles)
    rendered = render(issue, articles)
    titles = [articles[item.article].title for item in issue.items]
    headings = [a.text() for a in HTMLParser(rendered.html).css("h2 a, h3 a, .nl-compact p > a")]
    assert headings == titles
    text_positions = [rendered.text.index(title) for title in titles]
    assert text_positions == sorted(text_positions)


def test_head_has_subject_preheader_and_lang() -> None:
    issue = make_issue(
        make_articles(3), preheader="Three things you should know this month, in brief."
    )
    rendered = render(issue, make_articles(3), brand=make_brand(lang="nb"))
    tree = HTMLParser(rendered.html)
    assert one(tree, "title").text() == issue.subject
    assert attr(one(tree, "html"), "lang") == "nb"
    preview = one(tree, "body > div")
    assert preview.text().strip() == issue.preheader
    assert "display:none" in attr(preview, "style")


def test_signup_block_and_footer() -> None:
    rendered = render(brand=make_brand(signup_url="https://example.org/join/"))
    text = visible_text(rendered.html)
    assert "Forwarded this? Sign up to our monthly newsletter" in text
    assert "Innovasjonsveien 1, 0000 Oslo" in text
    hrefs = [a.attributes.get("href") for a in HTMLParser(rendered.html).css("a")]
    assert "https://example.org/join/" in hrefs
    assert "https://www.linkedin.com/company/example" in hrefs
    assert "Forwarded this? Sign up to our monthly newsletter\nhttps://example.org/join/" in (
        rendered.text
    )


@pytest.mark.parametrize("name", profile_names())
def test_merge_tags_survive_verbatim_for_every_profile(name: str) -> None:
    profile = load_profile(name)
    rendered = render(profile=profile)
    links = {a.text().strip(): a.attributes.get("href") for a in HTMLParser(rendered.html).css("a")}
    assert links["Unsubscribe"] == profile.unsubscribe
    assert links["View in your browser"] == profile.view_in_browser
    # Exactly as the tool expects, in the raw HTML too (no entity or URL encoding).
    assert f'href="{profile.unsubscribe}"' in rendered.html
    assert f'href="{profile.view_in_browser}"' in rendered.html
    for tag in profile.required:
        assert tag in rendered.html
    assert f"Unsubscribe\n{profile.unsubscribe}\n" in rendered.text


def test_lead_layout_has_big_image_caption_and_named_button() -> None:
    article = make_article(image_url="https://example.org/images/demo-day.jpg")
    issue = make_issue([article.id], layouts=("lead",))
    rendered = render(issue, {article.id: article})
    tree = HTMLParser(rendered.html)
    image = one(tree, 'img[src="https://example.org/images/demo-day.jpg"]')
    assert attr(image, "alt") == "Researchers at a laboratory bench"
    assert attr(image, "width") == "600"
    assert "The new shared laboratory on its opening day. Photo: Nordlys" in visible_text(
        rendered.html
    )
    button = [a for a in tree.css("a") if a.text().strip() == "Read the full story"]
    assert len(button) == 1
    label = f"Read the full story: {article.title}"
    assert attr(button[0], "aria-label") == label
    assert attr(button[0], "title") == label
    assert attr(button[0], "href") == article.url
    assert "nl-button-" not in rendered.html


def test_standard_layout_has_thumbnail_and_described_link() -> None:
    article = make_article()
    issue = make_issue([article.id], layouts=("standard",))
    tree = HTMLParser(render(issue, {article.id: article}).html)
    image = one(tree, "img")
    assert attr(image, "width") == "162"
    more = one(tree, ".nl-more a")
    assert attr(more, "aria-label") == f"Read the full story: {article.title}"
    assert attr(more, "href") == article.url


def test_compact_layout_is_headline_link_and_one_line() -> None:
    article = make_article(standfirst="First sentence of the standfirst. Second sentence here.")
    issue = make_issue([article.id], layouts=("compact",))
    rendered = render(issue, {article.id: article})
    tree = HTMLParser(rendered.html)
    assert tree.css("img") == []
    compact = one(tree, ".nl-compact p")
    assert one(compact, "a").text() == article.title
    assert compact.text().endswith("First sentence of the standfirst.")
    assert "Second sentence" not in rendered.html
    assert f"{article.title}\n{article.url}\nFirst sentence of the standfirst.\n" in rendered.text


def test_paragraph_trim_shows_standfirst_and_first_paragraphs_only() -> None:
    article = make_article(paragraphs=4)
    issue = make_issue([article.id], layouts=("standard",))
    issue = replace(issue, sections=(Section("News", (Item(article.id, paragraphs=2),)),))
    text = visible_text(render(issue, {article.id: article}).html)
    assert article.standfirst in text
    assert "Paragraph 1 of" in text and "Paragraph 2 of" in text
    assert "Paragraph 3 of" not in text


def test_override_headline_and_teaser_win() -> None:
    article = make_article()
    item = Item(
        article.id, headline="Our own headline", teaser="Custom teaser one.\n\nCustom teaser two."
    )
    issue = make_issue([article.id])
    issue = replace(issue, sections=(Section("News", (item,)),))
    rendered = render(issue, {article.id: article})
    tree = HTMLParser(rendered.html)
    assert one(tree, "h3 a").text() == "Our own headline"
    assert [p.text() for p in tree.css(".nl-teaser p")][:2] == [
        "Custom teaser one.",
        "Custom teaser two.",
    ]
    assert article.title not in rendered.html
    assert article.standfirst not in rendered.html
    assert "Our own headline\n" in rendered.text and "Custom teaser two." in rendered.text


def hostile_article() -> tuple[str, Article]:
    text = " ".join(HOSTILE)
    article = make_article(
        title=f"Headline {text}",
        id="hostile",
        standfirst=f"Standfirst {text}.",
        url="javascript:alert(1)",
        image_url="https://example.org/i.jpg",
        image_alt=f'alt " onerror="alert(1) {text}',
        caption=f"Caption {text}",
        credit="<b>Credit</b>",
        blocks=(Block("paragraph", f"Body {text}."),),
    )
    return text, article


@pytest.mark.parametrize("layout", ["lead", "standard", "compact"])
def test_hostile_article_text_is_escaped_in_html_and_literal_in_text(layout: Layout) -> None:
    text, article = hostile_article()
    item = Item("hostile", layout=layout, paragraphs=1)
    issue = make_issue(["hostile"])
    issue = replace(issue, sections=(Section(f"Section {text}", (item,)),))
    rendered = render(issue, {"hostile": article})
    html = rendered.html
    assert "<script" not in html
    assert "javascript:" not in html and "javascript:" not in rendered.text
    assert "<mj-raw>" not in html and "</mj-text>" not in html
    assert "onerror=" not in re.sub(r'alt="[^"]*"', "", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;mj-raw&gt;" in html and "&lt;/mj-text&gt;" in html
    assert "&amp;amp;" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html
    assert "49" not in html and "49" not in rendered.text
    # In the browser the reader sees exactly the text that was written.
    assert f"Headline {text}" in visible_text(html)
    # Plain text carries the characters literally, never as entities or markup.
    assert f"Headline {text}" in " ".join(rendered.text.split())
    assert "&lt;" not in rendered.text
    # The unsafe link is dropped: the item links the website instead, with a warning.
    assert "https://example.org/hostile-headline" not in html
    assert any("unsafe link" in w for w in rendered.warnings)
    for section in rendered.sections:
        assert "<script" not in section.html
        assert section.title == f"Section {text}"


def test_hostile_section_title_and_intro_are_escaped() -> None:
    articles = make_articles(2)
    issue = make_issue(articles, intro="<img src=x onerror=alert(1)> {{ 7*7 }}",
                       subject="<b>Bold</b> subject", preheader="</mj-preview> & more")  # fmt: skip
    rendered = render(issue, articles)
    assert "<img src=x" not in rendered.html
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in rendered.html
    assert "<title>&lt;b&gt;Bold&lt;/b&gt; subject</title>" in rendered.html
    assert "&lt;/mj-preview&gt; &amp; more" in rendered.html
    assert "<img src=x onerror=alert(1)> {{ 7*7 }}" in rendered.text


def test_item_without_url_links_website_slug() -> None:
    article = make_article(url=None)
    issue = make_issue([article.id], layouts=("standard",))
    rendered = render(issue, {article.id: article}, brand=make_brand(website="https://ex.org/"))
    href = attr(one(rendered.html, "h3 a"), "href")
    assert href == f"https://ex.org/{article.slug}/"
    assert f"{article.title}\nhttps://ex.org/{article.slug}/\n" in rendered.text


def test_every_img_has_alt_and_decorative_ones_are_empty() -> None:
    articles = make_articles(6, image_alt="")
    articles["logo-test"] = make_article("Logo test", id="logo-test", caption=None, image_alt="")
    issue = make_issue(articles)
    rendered = render(issue, articles, brand=make_brand(logo_url="https://example.org/logo.png"))
    images = HTMLParser(rendered.html).css("img")
    assert len(images) == 1 + 4  # logo, lead image, three standard thumbnails (compact: none)
    assert all("alt" in img.attributes for img in images)
    logo = one(rendered.html, 'img[src="https://example.org/logo.png"]')
    assert attr(logo, "alt") == "Nordlys Health Cluster"
    # An empty alt falls back to the caption; no caption at all makes it decorative.
    alts = [attr(img, "alt") for img in images[1:]]
    assert "The new shared laboratory on its opening day." in alts


def test_ensure_alt_covers_images_from_templates_without_alt(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "intro.mjml.j2").write_text(
        '<mj-section><mj-column><mj-image src="https://example.org/spacer.gif" />'
        "</mj-column></mj-section>\n"
    )
    rendered = render(templates=Templates(tmp_path))
    spacer = one(rendered.html, 'img[src="https://example.org/spacer.gif"]')
    assert attr(spacer, "alt") == ""


def test_css_is_inlined_and_media_queries_stay_in_style() -> None:
    rendered = render()
    tree = HTMLParser(rendered.html)
    more = tree.css(".nl-more")
    assert more and all("margin" in (p.attributes.get("style") or "") for p in more)
    headline_link = one(tree, ".nl-headline a")
    assert "text-decoration: none" in attr(headline_link, "style")
    assert "color: #0b5394" in attr(headline_link, "style")
    styles = " ".join(s.text() for s in tree.css("style"))
    assert ".nl-headline a" not in styles  # inlined rules leave the head, as MJML's inline does
    assert "newsletter:inline" not in rendered.html
    assert "@media only screen and (max-width: 479px)" in styles


def test_split_at_rules_keeps_media_queries_apart() -> None:
    plain, at_rules = split_at_rules(
        ".a { color: red; } @media (max-width: 400px) { .a { color: blue; } } .b { margin: 0; }"
    )
    assert " ".join(plain.split()) == ".a { color: red; } .b { margin: 0; }"
    assert at_rules == "@media (max-width: 400px) { .a { color: blue; } }"


def test_size_is_utf8_bytes_of_html() -> None:
    articles = make_articles(3, standfirst="Ærlig talt: så Øvre Ålen — “quoted”.")
    rendered = render(make_issue(articles), articles)
    assert rendered.size == len(rendered.html.encode("utf-8"))
    assert rendered.size > len(rendered.html)  # multi-byte characters count as bytes
    assert not any("102 KB" in w for w in rendered.warnings)


def test_warns_over_gmail_clip() -> None:
    long_blocks = tuple(Block("paragraph", "Word " * 400 + "end.") for _ in range(12))
    articles = {
        a.id: a for a in (make_article(f"Long story {n}", blocks=long_blocks) for n in range(10))
    }
    issue = make_issue(list(articles), layouts=("standard",))
    issue = replace(issue, sections=(Section("All", tuple(
        Item(a, paragraphs=12) for a in articles)),))  # fmt: skip
    rendered = render(issue, articles)
    assert rendered.size > GMAIL_CLIP_BYTES
    assert any("Gmail clips" in w for w in rendered.warnings)


def test_missing_article_is_skipped_with_warning() -> None:
    articles = make_articles(3)
    ids = [*articles, "no-such-article"]
    rendered = render(make_issue(ids, layouts=("standard",)), articles)
    assert any("'no-such-article'" in w and "not in the archive" in w for w in rendered.warnings)
    assert len(HTMLParser(rendered.html).css("h3 a")) == 3


def test_changed_source_fingerprint_warns() -> None:
    article = make_article()
    fresh = Item(article.id, fingerprint=article.fingerprint)
    stale = Item(article.id, fingerprint="0123456789abcdef")
    for item, expected in ((fresh, False), (stale, True)):
        issue = replace(make_issue([article.id]), sections=(Section("News", (item,)),))
        rendered = render(issue, {article.id: article})
        assert any("changed since it was trimmed" in w for w in rendered.warnings) is expected


def test_image_without_url_emits_no_img_quietly() -> None:
    article = make_article(image_url=None, caption="A caption from a text dump.")
    issue = make_issue([article.id], layouts=("lead",))
    rendered = render(issue, {article.id: article})
    assert HTMLParser(rendered.html).css("img") == []
    assert rendered.warnings == ()


def test_image_with_unsafe_url_is_left_out_with_a_warning() -> None:
    article = make_article(image_url="javascript:alert(1)")
    issue = make_issue([article.id], layouts=("lead",))
    rendered = render(issue, {article.id: article})
    assert "javascript:" not in rendered.html
    assert any("is not http(s)" in w for w in rendered.warnings)


def test_sections_slice_the_same_render() -> None:
    articles = make_articles(10)
    issue = make_issue(articles)
    rendered = render(issue, articles)
    assert [s.title for s in rendered.sections] == [s.title for s in issue.sections]
    for section, source in zip(rendered.sections, issue.sections, strict=True):
        titles = [articles[i.article].title for i in source.items]
        for title in titles:
            assert title in section.html and title in section.text
            assert section.html in rendered.html  # a slice of the one render
            assert section.text in rendered.text
        others = [articles[i.article].title for i in issue.items if i not in source.items]
        assert not any(f">{other}<" in section.html for other in others)
        assert section.text.startswith(source.title.upper())
    assert "nl:section" not in rendered.html
    assert "\x1e" not in rendered.text


def test_empty_section_still_gets_a_rendered_section() -> None:
    articles = make_articles(2)
    issue = make_issue(articles)
    issue = replace(issue, sections=(*issue.sections, Section("Coming up")))
    rendered = render(issue, articles)
    assert [s.title for s in rendered.sections][-1] == "Coming up"
    assert "COMING UP" in rendered.sections[-1].text


def test_plain_text_is_wrapped_and_not_html() -> None:
    articles = make_articles(10, paragraphs=3)
    issue = make_issue(articles)
    issue = replace(issue, sections=tuple(
        replace(s, items=tuple(replace(i, paragraphs=3) for i in s.items))
        for s in issue.sections))  # fmt: skip
    text = render(issue, articles).text
    for line in text.splitlines():
        assert len(line) <= 72 or line.startswith(("http://", "https://")), line
    assert "<" not in text and "&amp;" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text


def test_workspace_override_of_one_partial_wins(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "item_compact.mjml.j2").write_text(
        '    <mj-section><mj-column><mj-text css-class="ours">'
        "OURS: {{ item.headline }}</mj-text></mj-column></mj-section>\n"
    )
    articles = make_articles(10)
    issue = make_issue(articles)
    rendered = render(issue, articles, templates=Templates(tmp_path))
    compact = [articles[i.article].title for i in issue.items if i.layout == "compact"]
    ours = [td.text().strip() for td in HTMLParser(rendered.html).css(".ours")]
    assert ours == [f"OURS: {title}" for title in compact]
    # The other partials still come from the package.
    assert "Forwarded this? Sign up to our monthly newsletter" in rendered.html
    assert len(HTMLParser(rendered.html).css("h3 a")) == 3


def test_templates_without_workspace_dir_or_with_missing_dir() -> None:
    for templates in (Templates(None), Templates(Path("/nonexistent/templates"))):
        assert templates.exists("issue.mjml.j2") and templates.exists("issue.txt.j2")
        assert not templates.exists("nope.mjml.j2")


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    broken = tmp_path / "partials" / "footer.mjml.j2"
    broken.write_text("<mj-section>\n<mj-column>\n{% if brand.name %}\n</mj-column>\n")
    with pytest.raises(InputError) as caught:
        render(templates=Templates(tmp_path))
    assert str(broken) in str(caught.value)
    assert caught.value.line is not None
    assert "syntax error" in caught.value.message


def test_unknown_name_in_template_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    broken = tmp_path / "partials" / "intro.mjml.j2"
    broken.write_text("<mj-section><mj-column>\n<mj-text>{{ issue.nope }}</mj-text>\n"
                      "</mj-column></mj-section>\n")  # fmt: skip
    with pytest.raises(InputError) as caught:
        render(templates=Templates(tmp_path))
    assert caught.value.path == broken and caught.value.line == 2


def test_unknown_issue_template_is_an_input_error() -> None:
    articles = make_articles(2)
    with pytest.raises(InputError, match=r"'special\.mjml\.j2' not found"):
        render(make_issue(articles, template="special"), articles)


def test_invalid_mjml_from_override_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "intro.mjml.j2").write_text("<mj-bogus>\n")
    with pytest.raises(InputError, match="MJML"):
        render(templates=Templates(tmp_path))


def test_safe_url() -> None:
    assert safe_url("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    assert safe_url("  http://example.org/x y ") == "http://example.org/x%20y"
    assert safe_url("mailto:news@example.org") == "mailto:news@example.org"
    for bad in (
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
        "java\tscript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//example.org/x",
        "/relative", "ftp://example.org", "https://", "mailto:", "", None,
    ):  # fmt: skip
        assert safe_url(bad) is None, bad
    assert safe_url("mailto:x@example.org", ("https",)) is None


def test_article_link_fallbacks() -> None:
    assert article_link("https://a.org/x/", "https://b.org", "x") == "https://a.org/x/"
    assert article_link(None, "https://b.org/", "my-slug") == "https://b.org/my-slug/"
    assert article_link("javascript:x", "https://b.org", "s") == "https://b.org/s/"
    assert article_link(None, "https://b.org", "a b/") == "https://b.org/a%20b/"


def test_render_of_real_seed_articles(seeds_dir: Path) -> None:
    """The seed dumps (real archive text) render without markup leaking through."""
    from newsletter.sources.textdump import parse_file

    articles = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        for article in parse_file(path):
            articles[article.id] = article
    assert articles
    ids = list(articles)[:10]
    issue = make_issue(ids)
    rendered = render(issue, articles)
    headings = [a.text() for a in HTMLParser(rendered.html).css("h2 a, h3 a, .nl-compact p > a")]
    assert headings == [articles[i].title for i in ids]
    assert not rendered.text.count("<p>")


def test_marker_like_article_text_is_left_alone() -> None:
    article = make_article(
        "Why nl-button-0 and nl:section-start:0 are just words",
        standfirst='Class="nl-button-0" <!--nl:section-end:0--> \x1esection-end:0\x1e stay text.',
    )
    issue = make_issue([article.id], layouts=("lead",))
    rendered = render(issue, {article.id: article})
    assert f">{article.title}</a>" in rendered.html
    assert "Class=&quot;nl-button-0&quot;" in rendered.html or 'Class="nl-button-0"' in (
        rendered.html
    )
    assert "&lt;!--nl:section-end:0--&gt;" in rendered.html
    assert len(HTMLParser(rendered.html).css("a[aria-label]")) == 1
    assert 'Class="nl-button-0" <!--nl:section-end:0--> section-end:0 stay text.' in (
        " ".join(rendered.text.split())
    )
    assert article.title in rendered.sections[0].html


def test_package_templates_load_from_a_zipped_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader reads through importlib.resources, so a zipped or wheel install works."""
    import importlib
    import zipfile

    from newsletter.render.templates import ResourceLoader, package_templates

    assert package_templates().joinpath("issue.mjml.j2").is_file()
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zippedpkg/__init__.py", "")
        bundle.writestr("zippedpkg/templates/partials/hello.txt.j2", "Hello {{ name }}!")
    monkeypatch.syspath_prepend(str(archive))
    importlib.invalidate_caches()
    from importlib import resources

    root = resources.files("zippedpkg") / "templates"
    assert not isinstance(root, Path)  # really inside the zip
    env = jinja2.Environment(loader=ResourceLoader(root))
    assert env.get_template("partials/hello.txt.j2").render(name="zip") == "Hello zip!"
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("../escape.txt.j2")


def test_override_without_section_markers_warns_and_sections_are_empty(tmp_path: Path) -> None:
    (tmp_path / "issue.mjml.j2").write_text(
        "<mjml><mj-body>{% for section in sections %}"
        '{% include "partials/section.mjml.j2" %}{% endfor %}</mj-body></mjml>\n'
    )
    articles = make_articles(3)
    issue = make_issue(articles)
    rendered = render(issue, articles, templates=Templates(tmp_path))
    assert any("section markers" in w for w in rendered.warnings)
    assert [s.title for s in rendered.sections] == [s.title for s in issue.sections]
    assert all(s.html == "" for s in rendered.sections)
    assert all(s.text for s in rendered.sections)  # the package's text template still has them
    text = visible_text(rendered.html)
    for article in articles.values():
        assert article.title in text
