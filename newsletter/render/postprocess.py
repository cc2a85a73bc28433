"""After mjml2html: inline the `<mj-style inline="inline">` CSS, alt on every image, lang,
accessible names on buttons, and slicing the compiled HTML into sections by marker comments."""

from __future__ import annotations

import re
from collections.abc import Mapping

import css_inline
from markupsafe import escape

# The first line of the inline mj-style in our templates; it marks the block to inline.
INLINE_MARKER = "/* newsletter:inline */"
_INLINE_STYLE = re.compile(
    r"<style[^>]*>\s*" + re.escape(INLINE_MARKER) + r"(.*?)</style>", re.DOTALL
)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HAS_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)
# A start tag as css-inline (html5ever) serialises it: attribute values are always
# double-quoted and never contain `"`, but may contain raw `<` and `>`.
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>"]*(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*\s*/?>')
_ATTR_VALUE = re.compile(r'="([^"]*)"')
_BRACKET_IN_VALUE = re.compile(r'="[^"]*[<>]')
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


def inline_css(html: str) -> str:
    """Inline the marked style block into style attributes, as MJML's own `inline` does.

    mjml-python emits `<mj-style inline="inline">` as an ordinary <style>; we take that block
    out, keep any @media rules of it in a <style>, and leave every other style block alone.
    """
    match = _INLINE_STYLE.search(html)
    if match is None:
        return html
    rules, at_rules = split_at_rules(match.group(1))
    kept = f'<style type="text/css">{at_rules}</style>' if at_rules else ""
    html = html[: match.start()] + kept + html[match.end() :]
    if not rules:
        return html
    inliner = css_inline.CSSInliner(
        inline_style_tags=False, keep_style_tags=True, keep_link_tags=True,
        load_remote_stylesheets=False, extra_css=rules,
    )  # fmt: skip
    return str(inliner.inline(html))


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


def label_buttons(html: str, labels: Mapping[int, str]) -> str:
    """Name each button link after its article (title and aria-label).

    mj-button drops `title`, so the templates give a button the css-class `nl-button-N`
    (N = the item's index); the first <a> after that class attribute gets the item's label
    and the marker class is removed.
    """
    parts: list[str] = []
    pos = cursor = 0
    while (found := html.find(BUTTON_CLASS, cursor)) >= 0:
        cursor = found + len(BUTTON_CLASS)
        start = html.rfind(' class="', pos, found)
        end = html.find('"', found)
        marker = _BUTTON_CLASS.match(html, found)
        if start < 0 or end < 0 or marker is None or html.find('"', start + 8, found) >= 0:
            continue  # not inside a class attribute (article text may say anything)
        classes = " ".join(_BUTTON_CLASS.sub("", html[start + 8 : end]).split())
        parts += [html[pos:start], f' class="{classes}"' if classes else ""]
        pos = cursor = end + 1
        label = labels.get(int(marker.group(1)))
        anchor = _ANCHOR.search(html, pos)
        if label is None or anchor is None:
            continue
        text = escape(label)
        parts += [html[pos : anchor.end()], f' title="{text}" aria-label="{text}"']
        pos = cursor = anchor.end()
    parts.append(html[pos:])
    return "".join(parts)


def slice_sections(document: str, count: int, start: str, end: str) -> list[str | None]:
    """The text between each section's start and end markers (None where they are missing)."""
    pieces: list[str | None] = []
    for index in range(count):
        begin = document.find(start.format(index))
        finish = document.find(end.format(index), begin)
        if begin < 0 or finish < 0:
            pieces.append(None)
            continue
        pieces.append(document[begin + len(start.format(index)) : finish])
    return pieces


def strip_html_markers(html: str) -> str:
    return _HTML_MARKER.sub("", html)


def strip_text_markers(text: str) -> str:
    return _TEXT_MARKER.sub("", text)


def tidy_text(text: str) -> str:
    """Plain text: no trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return tidy + "\n"
