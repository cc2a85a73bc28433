"""After mjml2html: alt on every image, lang, accessible names on buttons, slicing the compiled
HTML into sections by marker comments, and compacting it (the CSS inlining is in inline.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from markupsafe import escape

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HAS_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)
# A start tag as css-inline (html5ever) serialises it: attribute values are always
# double-quoted and never contain `"`, but may contain raw `<` and `>`.
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>"]*(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*\s*/?>')
_ATTR_VALUE = re.compile(r'="([^"]*)"')
_BRACKET_IN_VALUE = re.compile(r'="[^"<>]*+[<>]')  # possessive: no backtracking
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTR = re.compile(r"""\slang\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
BUTTON_CLASS = "nl-button-"
_BUTTON_CLASS = re.compile(r"nl-button-(\d+)\b")
_ANCHOR = re.compile(r"<a\b", re.IGNORECASE)

HTML_SECTION_START = "<!--nl:section-start:{}-->"
HTML_SECTION_END = "<!--nl:section-end:{}-->"
_HTML_MARKER = re.compile(r"<!--nl:section-(?:start|end):\d+-->")
TEXT_SECTION_START = "\x1esection-start:{}\x1e"
TEXT_SECTION_END = "\x1esection-end:{}\x1e"
_SEAM = "<![endif]--><!--[if mso | IE]>"
_MARKER_START = "<!--nl:section-"
_HEAD_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.DOTALL)
_HEAD_GAP = re.compile(r">\s+<")
# Spaces CSS never needs, once the whitespace is collapsed to single spaces.
_CSS_TIGHT = (
    *((spaced, spaced.strip()) for mark in "{};,!" for spaced in (f" {mark}", f"{mark} ")),
    (";}", "}"),
)
_TEXT_MARKER = re.compile(r"\x1esection-(?:start|end):\d+\x1e\n?")


def split_at_rules(css: str) -> tuple[str, str]:
    """(plain rules, @-rules such as @media): only the former can be inlined."""
    plain: list[str] = []
    at_rules: list[str] = []
    pos = 0
    while pos < len(css):
        at = css.find("@", pos)
        if at < 0:
            plain.append(css[pos:])
            break
        plain.append(css[pos:at])
        brace = css.find("{", at)
        semicolon = css.find(";", at)
        if brace < 0 or 0 <= semicolon < brace:  # a statement like @import ...;
            end = len(css) if semicolon < 0 else semicolon + 1
        else:
            depth, end = 0, brace
            while end < len(css):
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
                if depth == 0:
                    break
        at_rules.append(css[at:end])
        pos = end
    return "".join(plain).strip(), "\n".join(at_rules).strip()


def escape_attribute_brackets(html: str) -> str:
    """Write `<` and `>` inside attribute values as entities again.

    The HTML serialiser leaves them raw (valid HTML, but an alt text reading `<script>` alarms
    spam filters and naive sanitisers); the MJML reference keeps them escaped.
    """

    def fix_value(match: re.Match[str]) -> str:
        return '="' + match.group(1).replace("<", "&lt;").replace(">", "&gt;") + '"'

    def fix_tag(match: re.Match[str]) -> str:
        tag = match.group(0)
        return _ATTR_VALUE.sub(fix_value, tag) if "<" in tag[1:] or ">" in tag[:-1] else tag

    if _BRACKET_IN_VALUE.search(html) is None:  # the usual case: nothing to do
        return html
    return _START_TAG.sub(fix_tag, html)


def ensure_alt(html: str) -> str:
    """Give every <img> without an alt attribute alt="" (decorative, skipped by screen readers)."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        return tag if _HAS_ALT.search(tag) else tag[:4] + ' alt=""' + tag[4:]

    return _IMG.sub(fix, html)


def set_lang(html: str, lang: str) -> str:
    """Set lang on the <html> element."""
    value = f' lang="{escape(lang)}"'

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        if _LANG_ATTR.search(tag):
            return _LANG_ATTR.sub(value, tag, count=1)
        return tag[:5] + value + tag[5:]

    return _HTML_TAG.sub(fix, html, count=1)


def finish_head(html: str, lang: str) -> str:
    """lang on <html>, and the <head> compacted: no whitespace between its tags, its <style>
    blocks squeezed (squeeze_css)."""
    end = html.find("</head>")
    if end < 0:
        return set_lang(html, lang)
    return _finish_head_part(html[:end], lang) + html[end:]


@lru_cache(maxsize=32)
def _finish_head_part(head: str, lang: str) -> str:
    """finish_head on the part before </head> (it holds nothing from items: cached)."""
    head = _HEAD_GAP.sub("><", set_lang(head, lang)).rstrip()
    return _HEAD_STYLE.sub(_squeeze_style, head)


def _squeeze_style(match: re.Match[str]) -> str:
    return match.group(1) + squeeze_css(match.group(2)) + match.group(3)


@lru_cache(maxsize=64)
def squeeze_css(css: str) -> str:
    """CSS without the whitespace a reader never needs (the same few blocks every render).

    Selectors keep their spaces; CSS with quotes, escapes or url() (strings) is left alone.
    """
    if any(char in css for char in "\"'\\") or "url(" in css:
        return css
    css = " ".join(css.split())
    for spaced, tight in _CSS_TIGHT:
        css = css.replace(spaced, tight)
    blocks = css.split("{")
    for number in range(1, len(blocks)):  # "prop: value" in declarations, not media features
        body, brace, rest = blocks[number].partition("}")
        if brace:
            blocks[number] = body.replace(": ", ":") + brace + rest
    return "{".join(blocks).strip()


def label_buttons(html: str, labels: Mapping[int, str]) -> str:
    """Name each button link after its article (title and aria-label).

    mj-button drops `title`, so the templates give a button the css-class `nl-button-N`
    (N = the item's index); the first <a> after that class attribute gets the item's label
    and the marker class is removed.
    """
    return _label_buttons(html, labels)[0]


def label_buttons_within(html: str, labels: Mapping[int, str]) -> str | None:
    """label_buttons on a piece of a page, or None when a button's class attribute or link
    may lie outside the piece (then only the whole page gives label_buttons' result)."""
    labelled, within = _label_buttons(html, labels)
    return labelled if within else None


def _label_buttons(html: str, labels: Mapping[int, str]) -> tuple[str, bool]:
    """(label_buttons' result, whether every class attribute and link it looked for was in
    `html`)."""
    parts: list[str] = []
    within = True
    pos = cursor = 0
    while (found := html.find(BUTTON_CLASS, cursor)) >= 0:
        cursor = found + len(BUTTON_CLASS)
        start = html.rfind(' class="', pos, found)
        end = html.find('"', found)
        marker = _BUTTON_CLASS.match(html, found)
        if start < 0 or end < 0:
            within = False
        if start < 0 or end < 0 or marker is None or html.find('"', start + 8, found) >= 0:
            continue  # not inside a class attribute (article text may say anything)
        classes = " ".join(_BUTTON_CLASS.sub("", html[start + 8 : end]).split())
        parts += [html[pos:start], f' class="{classes}"' if classes else ""]
        pos = cursor = end + 1
        label = labels.get(int(marker.group(1)))
        anchor = _ANCHOR.search(html, pos)
        if label is None or anchor is None:
            within = within and (label is None or anchor is not None)
            continue
        text = escape(label)
        parts += [html[pos : anchor.end()], f' title="{text}" aria-label="{text}"']
        pos = cursor = anchor.end()
    parts.append(html[pos:])
    return "".join(parts), within


def slice_sections(document: str, count: int, start: str, end: str) -> list[str | None]:
    """The text between each section's start and end markers (None where they are missing)."""
    pieces: list[str | None] = []
    pos = 0
    for index in range(count):
        opening, closing = start.format(index), end.format(index)
        begin = document.find(opening, pos)
        if begin < 0:
            begin = document.find(opening)  # out of order: look from the top
        finish = document.find(closing, begin) if begin >= 0 else -1
        if begin < 0 or finish < 0:
            pieces.append(None)
            continue
        pieces.append(document[begin + len(opening) : finish])
        pos = finish + len(closing)
    return pieces


def strip_html_markers(html: str) -> str:
    return _HTML_MARKER.sub("", html)


def merge_conditionals(html: str) -> str:
    """Adjacent Outlook conditional comments merged into one, as MJML itself does."""
    return html.replace(_SEAM, "")


def split_html_sections(html: str, count: int) -> tuple[str, list[str | None]]:
    """(the HTML without section markers, each section's HTML or None where markers lack).

    Each section's HTML is a slice of the whole (so conditionals either side of a marker
    stay apart).
    """
    in_order = _split_in_order(html, count)
    if in_order is not None:
        return in_order
    pieces: list[str] = []
    parts: list[str | None] = []
    pos = 0
    for index in range(count):
        opening, closing = HTML_SECTION_START.format(index), HTML_SECTION_END.format(index)
        begin = html.find(opening, pos)
        finish = html.find(closing, begin) if begin >= 0 else -1
        if begin < 0 or finish < 0:
            parts.append(None)
            continue
        part = html[begin + len(opening) : finish]
        pieces += [html[pos:begin], part]
        parts.append(part)
        pos = finish + len(closing)
    pieces.append(html[pos:])
    stripped = "".join(pieces)
    if _MARKER_START in stripped:  # markers out of order or for sections that do not exist
        stripped = strip_html_markers(stripped)
    return stripped, parts


def _split_in_order(html: str, count: int) -> tuple[str, list[str | None]] | None:
    """split_html_sections in one pass when the markers are exactly each section's start and
    end, in order (the usual case); None otherwise."""
    found = html_pieces_in_order(html, count)
    if found is None:
        return None
    pieces, parts = found
    return "".join(pieces), list(parts)


def html_pieces_in_order(html: str, count: int) -> tuple[list[str], list[str]] | None:
    """(the HTML without markers as pieces, each section's HTML) when the section markers are
    exactly each section's start and end, in order (the usual case); None otherwise."""
    found: list[tuple[int, int]] = []  # (start, end) of each marker
    pos = 0
    while (at := html.find(_MARKER_START, pos)) >= 0:
        marker = _HTML_MARKER.match(html, at)
        if marker is None or len(found) == 2 * count:
            return None
        index, edge = divmod(len(found), 2)
        expected = (HTML_SECTION_END if edge else HTML_SECTION_START).format(index)
        if marker.group() != expected:
            return None
        found.append((at, marker.end()))
        pos = marker.end()
    if len(found) != 2 * count:
        return None
    pieces: list[str] = []
    parts: list[str] = []
    pos = 0
    for (begin, opened), (closing, finish) in zip(found[::2], found[1::2], strict=True):
        part = html[opened:closing]
        pieces += [html[pos:begin], part]
        parts.append(part)
        pos = finish
    pieces.append(html[pos:])
    return pieces, parts


def strip_text_markers(text: str) -> str:
    return _TEXT_MARKER.sub("", text)


def tidy_text(text: str) -> str:
    """Plain text: no trailing spaces, at most one blank line in a row, one final newline."""
    tidy = "\n".join(map(str.rstrip, text.splitlines()))
    while "\n\n\n" in tidy:
        tidy = tidy.replace("\n\n\n", "\n\n")
    return tidy.strip("\n") + "\n"
