"""WordPress / feed HTML -> article blocks (the same Block model as the text-dump importer)."""

from __future__ import annotations

from newsletter.models import Block, Image
from newsletter.sources.html import article_body, html_text, html_to_blocks, image_from_media
from newsletter.sources.textdump import parse_dump


def test_structure_becomes_blocks() -> None:
    blocks = html_to_blocks(
        "<p>First  paragraph\nwraps.</p><h2>A heading</h2><h5>Small heading</h5>"
        "<ul><li>One</li><li><strong>Two</strong> items<ul><li>Two a</li></ul></li></ul>"
        '<figure class="wp-block-image"><img src="x.jpg" alt="Alt"/>'
        "<figcaption>Nurses at work. Photo: Anne Lie</figcaption></figure>"
        '<div class="wp-caption"><img src="y.jpg"/><p class="wp-caption-text">Old style '
        "caption</p></div>"
    )
    assert blocks == (
        Block("paragraph", "First paragraph wraps."),
        Block("heading", "A heading"),
        Block("heading", "Small heading"),
        Block("list", "", items=("One", "Two items", "Two a")),
        Block("caption", "Nurses at work. Photo: Anne Lie"),
        Block("caption", "Old style caption"),
    )


def test_entities_are_decoded_and_markup_is_not_kept() -> None:
    blocks = html_to_blocks(
        "<p>R&amp;D at the cluster&#8217;s lab &lt;b&gt; costs &euro;5&nbsp;000</p>"
        "<script>alert(1)</script><style>p{}</style><!-- note --><iframe src='x'></iframe>"
    )
    assert blocks == (Block("paragraph", "R&D at the cluster’s lab <b> costs €5 000"),)


def test_blockquote_with_cite_is_a_quote_with_speaker_and_role() -> None:
    blocks = html_to_blocks(
        '<blockquote class="wp-block-quote"><p>&#8220;We build for patients.&#8221;</p>'
        "<cite>Kari Nilsen, CEO of Fjordgen</cite></blockquote>"
        '<figure class="wp-block-pullquote"><blockquote><p>Plain pull quote</p></blockquote>'
        "</figure>"
    )
    assert blocks == (
        Block("quote", "We build for patients.", "Kari Nilsen", "CEO of Fjordgen"),
        Block("quote", "Plain pull quote"),
    )


def test_quote_paragraphs_get_their_speaker_like_text_dumps() -> None:
    blocks = html_to_blocks(
        "<p>&#8220;It works,&#8221; says Per Olsen, researcher at the hospital.</p>"
        "<p>&#8220;Nobody saw this coming.&#8221;</p>"
        "<p>The plan is ready. Lise Berg, director of Polar Imaging, commented:</p>"
        "<p>&#8220;We start in May.&#8221;</p>"
        "<p>&#8220;Next year we grow.&#8221;<br>– Tor Lund, CFO of Kvist</p>"
    )
    assert blocks == (
        Block("quote", "It works.", "Per Olsen", "researcher at the hospital"),
        Block("quote", "Nobody saw this coming."),
        Block("paragraph", "The plan is ready."),
        Block("quote", "We start in May.", "Lise Berg", "director of Polar Imaging"),
        Block("quote", "Next year we grow.", "Tor Lund", "CFO of Kvist"),
    )


def test_boilerplate_is_dropped() -> None:
    blocks = html_to_blocks(
        "<p>Real content.</p><p><strong>Sign up to our monthly newsletter!</strong></p>"
        "<p>Partner logos:</p><p>Fjordgen logo</p>"
        "<p>Want to read more about vaccines?</p>"
        '<p>The post <a href="https://example.org/x/">X</a> first appeared on '
        '<a href="https://example.org">Example</a>.</p>'
        "<p>The partners in the project are:</p>"
    )
    assert blocks == (Block("paragraph", "Real content."),)


def test_list_lead_in_keeps_its_items_and_an_empty_one_is_dropped() -> None:
    blocks = html_to_blocks(
        "<p>The three partners are:</p><ol><li>Fjordgen</li><li>Kvist</li><li>Polar</li></ol>"
        "<p>Our sponsors include:</p><h2>Next</h2><p>Text.</p>"
    )
    assert blocks == (
        Block("list", "The three partners are:", items=("Fjordgen", "Kvist", "Polar")),
        Block("heading", "Next"),
        Block("paragraph", "Text."),
    )


def test_figures_keep_their_content_before_the_caption() -> None:
    blocks = html_to_blocks(
        '<figure class="wp-block-table"><table><tr><td>Trials</td><td>41</td></tr></table>'
        "<figcaption>Results so far</figcaption></figure>"
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        '<iframe src="https://video.example.org/1"></iframe></div>'
        "<figcaption>Watch the opening</figcaption></figure>"
    )
    assert blocks == (
        Block("paragraph", "Trials – 41"),
        Block("caption", "Results so far"),
        Block("caption", "Watch the opening"),
    )


def test_wrappers_and_tables_are_read_through() -> None:
    blocks = html_to_blocks(
        '<div class="wp-block-group"><section><p>Inside a group.</p></section></div>'
        "<table><tr><th>Year</th><th>Sales</th></tr><tr><td>2025</td><td>12</td></tr></table>"
        "Loose text<br>on two lines"
    )
    assert blocks == (
        Block("paragraph", "Inside a group."),
        Block("paragraph", "Year – Sales"),
        Block("paragraph", "2025 – 12"),
        Block("paragraph", "Loose text"),
        Block("paragraph", "on two lines"),
    )


def test_standfirst_is_the_first_paragraph_for_automatic_excerpts() -> None:
    content = "<p>Lead paragraph here.</p><p>Body.</p>"
    for excerpt in ("", "<p>Lead paragraph [&hellip;]</p>", "<p>Lead paragraph here.</p>"):
        body = article_body(content, excerpt)
        assert body.standfirst == "Lead paragraph here."
        assert body.blocks == (Block("paragraph", "Body."),)


def test_hand_written_excerpt_is_the_standfirst_and_body_stays_whole() -> None:
    body = article_body("<p>Lead.</p><p>Body.</p>", "<p>A summary written by hand.</p>")
    assert body.standfirst == "A summary written by hand."
    assert [b.text for b in body.blocks] == ["Lead.", "Body."]


def test_summary_only_feed_entry_marks_its_cut() -> None:
    body = article_body(
        "<p>The first words of a post [&hellip;]</p>\n<p>The post A first appeared on B.</p>"
    )
    assert body.standfirst == "The first words of a post…"
    assert body.blocks == ()


def test_featured_image_caption_gives_credit() -> None:
    image = image_from_media(
        "https://cdn.example.org/a.jpg", "", "<p>Researchers in the lab. Photo: Ola Hansen</p>\n"
    )
    assert image == Image(
        "https://cdn.example.org/a.jpg",
        "Researchers in the lab.",
        "Researchers in the lab. Photo: Ola Hansen",
        "Ola Hansen",
    )
    with_alt = image_from_media("https://cdn.example.org/b.jpg", " The lab ", "")
    assert with_alt == Image("https://cdn.example.org/b.jpg", "The lab", None, None)


def test_html_text_for_titles() -> None:
    assert html_text("Early results for a R&amp;D test") == "Early results for a R&D test"
    assert html_text("<em>Bold</em> &#8211; move") == "Bold – move"
    assert html_text("Plain") == "Plain"


SAME_POST_AS_DUMP = """The new lab on its first day. Photo: Ola Hansen

Shared lab opens for young companies

The new shared laboratory opened its doors on Monday, giving ten young companies access.

The lab offers a flow cytometer and two sequencers. Companies book time by the hour.

“Small teams should spend their money on ideas, not on machines,” says Marte Lien, lab \
manager at Nordlys Health Cluster.

The plan is ready. Lise Berg, director of Polar Imaging, commented:

“We start in May.”


How to apply

Members apply through the cluster office.

“Next year we grow.”
Tor Lund, CFO of Kvist

Sign up to our monthly newsletter

The post Shared lab opens for young companies first appeared on Nordlys Health Cluster.
"""

SAME_POST_AS_HTML = """
<p>The new shared laboratory opened its doors on Monday, giving ten young companies access.</p>
<p>The lab offers a flow cytometer and two sequencers. Companies book time by the hour.</p>
<p>&#8220;Small teams should spend their money on ideas, not on machines,&#8221; says Marte
Lien, lab manager at Nordlys Health Cluster.</p>
<p>The plan is ready. Lise Berg, director of Polar Imaging, commented:</p>
<p>&#8220;We start in May.&#8221;</p>
<h2>How to apply</h2>
<p>Members apply through the cluster office.</p>
<p>&#8220;Next year we grow.&#8221;<br>Tor Lund, CFO of Kvist</p>
<p><strong>Sign up to our monthly newsletter</strong></p>
<p>The post <a href="https://example.org/x/">Shared lab opens for young companies</a> first
appeared on <a href="https://example.org">Nordlys Health Cluster</a>.</p>
"""


def test_html_and_text_dump_of_one_post_give_the_same_blocks() -> None:
    (from_dump,) = parse_dump(SAME_POST_AS_DUMP, "lab.txt")
    from_html = article_body(SAME_POST_AS_HTML)
    assert from_html.standfirst == from_dump.standfirst
    assert from_html.blocks == from_dump.blocks
    assert [b.type for b in from_html.blocks] == [
        "paragraph",
        "quote",
        "paragraph",
        "quote",
        "heading",
        "paragraph",
        "quote",
    ]
