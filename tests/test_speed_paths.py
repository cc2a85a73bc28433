"""The faster ways render, compose and import take give exactly what the plain ways give:
Jinja output escaping and includes, the section cutting of the HTML and the text, sentence
and word rules, the text-dump text rules, and what `compose` leaves unloaded."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import markupsafe
import pytest

from newsletter.render import postprocess as post
from newsletter.render.inline import _inline_blocks
from newsletter.render.sections import finish_html, split_text
from newsletter.render.templates import Templates
from newsletter.sources import blocks
from newsletter.trim import first_sentence, split_sentences, word_count

CHANCE = random.Random(20261201)

TEMPLATES = {
    "page.html.j2": (
        "{% macro card(x) %}<b>{{ x }}</b>{% endmacro %}"
        "{% macro frame(x) %}<div>{{ x }}{{ caller() }}</div>{% endmacro %}"
        "{% set block_text %}<i>{{ text }}</i>{% endset %}"
        "{{ text }}|{{ safe }}|{{ number }}|{{ text ~ safe }}|{{ block_text }}|{{ card(text) }}"
        "{% call frame(number) %}{{ text }}{% endcall %}"
        "{% filter upper %}{{ text }}{% endfilter %}"
        "{% for item in items %}{{ loop.length }}{% include 'item.html.j2' %}{% endfor %}"
        "{% autoescape false %}{{ text }}{% endautoescape %}{{ mapping.items }}"
    ),
    "item.html.j2": "<li>{{ item.name }}{{ item['name'] }}{{ loop.index }}</li>",
    # (the loop reaches an include only when the including template uses it too)
}


def test_our_jinja_renders_exactly_as_stock_jinja() -> None:
    """Escaping without Markup objects, dict keys first and the include cache change nothing."""
    ours = Templates(None).env
    ours.loader = jinja2.DictLoader(TEMPLATES)
    stock = jinja2.Environment(
        loader=ours.loader, autoescape=ours.autoescape, undefined=ours.undefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )  # fmt: skip
    hostile = '<script>alert("x")</script> {{ 7*7 }} & it\'s'
    context = {
        "text": hostile,
        "safe": markupsafe.Markup("<em>kept</em>"),
        "number": 42,
        "items": [{"name": hostile}, {"name": "plain"}],
        "mapping": {"items": "a key named like a dict method"},
    }
    rendered = ours.get_template("page.html.j2").render(context)
    assert rendered == stock.get_template("page.html.j2").render(context)
    assert "&lt;script&gt;" in rendered and "<em>kept</em>" in rendered
    assert "<script>" in rendered  # the autoescape false block, as stock Jinja has it


def test_a_changed_workspace_template_is_reloaded(tmp_path: Path) -> None:
    own = tmp_path / "issue.txt.j2"
    own.write_text("first {{ name }}", encoding="utf-8")
    templates = Templates(tmp_path)
    assert templates.render("issue.txt.j2", {"name": "x"}) == "first x"
    own.write_text("second {{ name }}", encoding="utf-8")
    stat = own.stat()
    os.utime(own, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert templates.render("issue.txt.j2", {"name": "x"}) == "second x"


def _text_with_markers(count: int) -> str:
    atoms = ["a", "b  ", " ", "\n", "\n\n", "\n\n\n", "\r\n", "\t", "\xa0", "·", "\x0b"]
    markers = []
    for index in range(count):
        markers += [post.TEXT_SECTION_START.format(index), post.TEXT_SECTION_END.format(index)]
    if CHANCE.random() < 0.1:
        CHANCE.shuffle(markers)
    if markers and CHANCE.random() < 0.1:
        markers.pop(CHANCE.randrange(len(markers)))
    out: list[str] = []
    for marker in markers:
        out += [CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 4))]
        out += ["\n"] if CHANCE.random() < 0.8 else []
        out += [marker, "\n"] if CHANCE.random() < 0.85 else [marker]
    out += [CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 4))]
    return "".join(out)


def test_split_text_gives_the_general_way_s_text_and_sections() -> None:
    for _ in range(3000):
        count = CHANCE.randint(0, 3)
        text = _text_with_markers(count)
        parts = post.slice_sections(text, count, post.TEXT_SECTION_START, post.TEXT_SECTION_END)
        expected = (
            post.tidy_text(post.strip_text_markers(text)),
            [
                None if part is None else post.tidy_text(post.strip_text_markers(part)).strip("\n")
                for part in parts
            ],
        )
        assert split_text(text, count) == expected, repr(text)


def test_finish_html_gives_label_merge_head_and_split_in_that_order() -> None:
    seam = "<![endif]--><!--[if mso | IE]>"
    head = "<!doctype html><html><head><title>T</title>\n <style>a { b : c ; }</style>\n</head>"
    atoms = [
        "<p>a</p>", "→", "·", seam, "<![endif]-->", "<!--[if mso | IE]>", " ", '<a href="x">',
        '<td class="nl-button-0 b">', '<td class="nl-button-1">', "nl-button-1", ' class="',
        "</head>", "<!--nl:section-",
    ]  # fmt: skip
    labels = {0: 'Read: <b>"&', 1: "One"}
    for _ in range(3000):
        count = CHANCE.randint(0, 3)
        out = [head] if CHANCE.random() < 0.9 else []
        for index in range(count):
            for pattern in (post.HTML_SECTION_START, post.HTML_SECTION_END):
                out += [CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 4))]
                out.append(pattern.format(index))
        out += [CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 4))]
        html = "".join(out)
        named = CHANCE.random() < 0.8
        source = post.label_buttons(html, labels) if named else html
        merged = post.finish_head(post.merge_conditionals(source), "en")
        whole, parts = post.split_html_sections(merged, count)
        got = finish_html(html, count, "en", labels if named else None)
        assert got == (whole, parts, len(whole.encode("utf-8"))), repr(html)


def test_a_button_whose_link_is_in_another_piece_is_named_on_the_whole_page() -> None:
    html = (
        '<td class="nl-button-0">' + post.HTML_SECTION_START.format(0) + '<a href="x">go</a>'
        + post.HTML_SECTION_END.format(0)
    )  # fmt: skip
    assert post.label_buttons_within('<td class="nl-button-0">', {0: "Go"}) is None
    link = '<a title="Go" aria-label="Go" href="x">go</a>'
    assert finish_html(html, 1, "en", {0: "Go"}) == ("<td>" + link, [link], len(link) + 4)


def _split_sentences_token_by_token(text: str) -> list[str]:
    """The sentence rule applied to every pair of whitespace-separated tokens (the oracle)."""
    from newsletter.trim import _ends_sentence

    text = text.strip()
    tokens = list(re.finditer(r"\S+", text))
    sentences, start = [], 0
    for token, following in itertools.pairwise(tokens):
        if _ends_sentence(token.group(), following.group()):
            sentences.append(text[start : token.end()])
            start = following.start()
    return sentences + ([text[start:]] if text[start:] else [])


def test_sentences_and_words_as_the_rules_define_them() -> None:
    words = ["Dr.", "e.g.", "U.S.", "no.", "5", "3.5", "end.", "End.”", "“Next", "(Yes", "ok?",
             "wait…", "...", "R.", "Björsne", "x.)", "’", ".", "?.", "Dec.", "—", "_"]  # fmt: skip
    spaces = [" ", "  ", "\n", "\t", "\xa0", "\u2028"]
    for _ in range(5000):
        text = "".join(CHANCE.choice(words) + CHANCE.choice(spaces) for _ in range(12))
        expected = _split_sentences_token_by_token(text)
        assert split_sentences(text) == expected, repr(text)
        assert first_sentence(text) == (expected[0] if expected else "")
        assert word_count(text) == len(re.findall(r"\S*?[^\W_]\S*", text))


def _segments_char_by_char(text: str) -> list[tuple[bool, str]]:
    runs: list[tuple[bool, str]] = []
    buffer: list[str] = []
    inside = False
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if not inside and char in '“„«"”' and not before.isalnum():
            runs.append((False, "".join(buffer)))
            buffer, inside = [], True
        elif inside and char in '”“»"' and not after.isalnum():
            runs.append((True, "".join(buffer)))
            buffer, inside = [], False
        else:
            buffer.append(char)
    runs.append((inside, "".join(buffer)))
    return [(quoted, part) for quoted, part in runs if quoted or part.strip()]


def test_text_dump_rules_as_their_regex_definitions() -> None:
    atoms = ["a", "B", " ", "  ", "\n", "“", "”", "„", "«", "»", '"', "x“", "”y", ",", " .",
             " ?", "Photo: Ann", "(Image: Z)", "Credit: A B.", "\xa0", "\t", "_", "1"]  # fmt: skip
    punctuation_gap = re.compile(r"(?<=\w) +(?=[,.;:!?](?:\s|$))")
    for _ in range(5000):
        text = "".join(CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 10)))
        expected = punctuation_gap.sub("", re.sub(r"\s+", " ", text).strip())
        assert blocks.clean_text(text) == expected, repr(text)
        assert blocks.clean_text(expected) == expected
        assert blocks._segments(text) == _segments_char_by_char(text), repr(text)


def test_inline_style_blocks_found_as_their_regex_finds_them() -> None:
    block = re.compile(
        r"""<mj-style\b[^>]*?\binline\s*=\s*["']inline["'][^>]*>(.*?)</mj-style\s*>""", re.DOTALL
    )
    atoms = ['<mj-style inline="inline">', "<mj-style>", "</mj-style>", "</mj-style >",
             "</mj-styles>", "<mj-style inline='inline' x>", ".a p { b: c; }", "text"]  # fmt: skip
    for _ in range(3000):
        mjml = "".join(CHANCE.choice(atoms) for _ in range(CHANCE.randint(0, 8)))
        expected = [(m.start(), m.start(1), m.end(1), m.end()) for m in block.finditer(mjml)]
        assert list(_inline_blocks(mjml)) == expected, repr(mjml)


@pytest.mark.parametrize("command", [["compose", "--issue", "issues/sample.toml", "-o", "out"]])
def test_compose_leaves_sending_saving_and_other_commands_unloaded(
    sample_workspace: Path, command: list[str]
) -> None:
    script = (
        "import gc, json, sys\n"
        "from newsletter.cli import main\n"
        f"sys.argv = ['newsletter', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(json.dumps([code, gc.isenabled(), sorted(m for m in sys.modules if m in (\n"
        "    'smtplib', 'ssl', 'tomlkit', 'rapidfuzz', 'textual', 'newsletter.cli_flow',\n"
        "    'newsletter.cli_archive', 'newsletter.sources.textdump', 'newsletter.issuedump'))]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=sample_workspace, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    code, gc_enabled, loaded = json.loads(done.stdout.splitlines()[-1])
    assert (sample_workspace / "out" / "sample.html").is_file()
    assert code == 0 and gc_enabled is True
    # The sample archive is built on this first run, so the text-dump parser loads; the rest
    # a compose never needs.
    assert loaded == ["newsletter.sources.textdump"]
