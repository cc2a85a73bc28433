"""The templates' `<mj-style inline="inline">` CSS, inlined into style attributes as MJML does.

mjml-python compiles an inline mj-style as an ordinary <style>, so we take those blocks out of
the MJML before compiling (their @media rules stay, in a plain mj-style) and inline the rules
with css-inline ourselves, in one of two ways:

- Fast path, at the MJML stage: when every selector starts with a lone class (`.nl-teaser p`)
  that nothing but mj-text elements and their contents mention, the rules can only match
  inside those mj-texts. Only their contents go through css-inline (one call on a small
  fragment that mirrors the compiled `<td class><div>` around each), then mjml2html compiles
  the result. The compiled page is never parsed and rewritten, which is most of the cost.
- Otherwise, after compiling, css-inline over the whole page (`inline_document`).

Either way the compiled HTML carries the same inline styles as MJML's own `inline` gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import css_inline

from newsletter.render.postprocess import escape_attribute_brackets, split_at_rules

# An inline mj-style's start tag; its end is the first `</mj-style\s*>` after it.
_INLINE_START = re.compile(r"""<mj-style\b[^>]*?\binline\s*=\s*["']inline["'][^>]*>""")
_STYLE_END = re.compile(r"</mj-style\s*>")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_RULE = re.compile(r"\s*([^{}]+?)\s*\{([^{}]*)\}\s*")
# A selector whose leftmost part is exactly one class, then a descendant or child combinator.
_SCOPED = re.compile(r"\.(-?[A-Za-z_][\w-]*)(?:\s*>\s*|\s+)(?=[^\s>+~])")
_CSS_CLASS = re.compile(r"""\scss-class\s*=\s*"([^"]*)\"""")
SEPARATOR = "<!--nl:inline-->"

# One inliner for the process; like MJML, it applies only the given CSS (no <style>, <link>).
_INLINER = css_inline.CSSInliner(
    inline_style_tags=False, keep_style_tags=True, keep_link_tags=True,
    load_remote_stylesheets=False,
)  # fmt: skip


@dataclass(frozen=True)
class Prepared:
    """The MJML to compile and the CSS rules still to inline over the compiled HTML.

    When the rules already went in at the MJML stage, `plain` is the MJML without them and
    `applied` the rules, so a caller can still take the general way (`fallback`).
    """

    mjml: str
    rules: str = ""
    plain: str | None = None
    applied: str = ""

    def fallback(self) -> Prepared | None:
        """The same without the fast path, or None when it was not taken."""
        return None if self.plain is None else Prepared(self.plain, self.applied)


def prepare(mjml: str) -> Prepared:
    """Take the inline mj-style blocks out of `mjml`; apply their rules now when they are scoped.

    Returns the MJML to compile and, when the fast path does not apply, the rules that
    `inline_document` must apply to the compiled HTML.
    """
    blocks = list(_inline_blocks(mjml))
    if not blocks:
        return Prepared(mjml)
    rules, at_rules = _split_css("\n".join(mjml[start:end] for _, start, end, _ in blocks))
    kept = f"<mj-style>{at_rules}</mj-style>" if at_rules else ""
    pieces, pos = [], 0
    for number, (tag_start, _, _, block_end) in enumerate(blocks):
        pieces += [mjml[pos:tag_start], "" if number else kept]
        pos = block_end
    plain = "".join(pieces) + mjml[pos:]
    if not rules:
        return Prepared(plain)
    inlined = _inline_mj_texts(plain, rules)
    if inlined is None:
        return Prepared(plain, rules)
    return Prepared(inlined, plain=plain, applied=rules)


def _inline_blocks(mjml: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, CSS start, CSS end, end) of each `<mj-style inline="inline">` block, in order."""
    pos = 0
    while (start := mjml.find("<mj-style", pos)) >= 0:
        tag = _INLINE_START.match(mjml, start)
        if tag is None:
            pos = start + 1
            continue
        end = None
        close = mjml.find("</mj-style", tag.end())
        while close >= 0 and end is None:
            end = _STYLE_END.match(mjml, close)
            if end is None:
                close = mjml.find("</mj-style", close + 1)
        if end is None:
            return  # no end for this block, so none for any later one either
        yield start, tag.end(), close, end.end()
        pos = end.end()


@lru_cache(maxsize=32)
def _split_css(css: str) -> tuple[str, str]:
    """(plain rules, @-rules) of the inline blocks, comments dropped (the same every render)."""
    return split_at_rules(_CSS_COMMENT.sub("", css))


def inline_document(html: str, rules: str) -> str:
    """Inline `rules` into the whole compiled page (the general, slower way)."""
    return escape_attribute_brackets(str(_document_inliner(rules).inline(html)))


@lru_cache(maxsize=8)
def _document_inliner(rules: str) -> css_inline.CSSInliner:
    return css_inline.CSSInliner(
        inline_style_tags=False, keep_style_tags=True, keep_link_tags=True,
        load_remote_stylesheets=False, extra_css=rules,
    )  # fmt: skip


@lru_cache(maxsize=32)
def scope_classes(rules: str) -> re.Pattern[str] | None:
    """A pattern finding the classes the rules are scoped to; None when some rule is not scoped.

    Attribute selectors, functional pseudo-classes and escapes are not analysed: None.
    """
    classes: set[str] = set()
    pos = 0
    for rule in _RULE.finditer(rules):
        if rule.start() != pos:
            return None
        pos = rule.end()
        selectors = rule.group(1)
        if any(char in selectors for char in "()[]\\\"'@"):
            return None
        for selector in selectors.split(","):
            scoped = _SCOPED.match(selector.strip())
            if scoped is None:
                return None
            classes.add(scoped.group(1))
    if pos != len(rules) or not classes:
        return None
    # Plain substrings (a longer name containing one counts too: only ever more cautious),
    # with the names' common start outside the group so the search can skip ahead fast.
    first, last = min(classes), max(classes)  # the sorted ends share what all share
    pairs = enumerate(zip(first, last, strict=False))
    size = next((n for n, (a, b) in pairs if a != b), min(len(first), len(last)))
    prefix = first[:size]
    rest = "|".join(re.escape(name[size:]) for name in sorted(classes))
    return re.compile(f"{re.escape(prefix)}(?:{rest})")


def _mj_texts(mjml: str) -> Iterator[tuple[int, int, int, int]]:
    """(tag start, content start, content end, element end) of each mj-text with content."""
    pos = 0
    while (start := mjml.find("<mj-text", pos)) >= 0:
        pos = start + 8
        if mjml[pos : pos + 1] not in (" ", ">", "\n", "\t", "\r", "/"):
            continue  # <mj-textfoo>
        tag_end = mjml.find(">", pos)
        if tag_end < 0:
            return
        if mjml[tag_end - 1] == "/":
            pos = tag_end + 1
            continue  # <mj-text ... />: no content
        close = mjml.find("</mj-text", tag_end)
        end = mjml.find(">", close)
        if close < 0 or end < 0:
            return
        pos = end + 1
        yield start, tag_end + 1, close, pos


def _inline_mj_texts(mjml: str, rules: str) -> str | None:
    """`mjml` with `rules` inlined into its mj-text contents, or None when that is not safe."""
    mentions = scope_classes(rules)
    if mentions is None:
        return None
    texts = list(_mj_texts(mjml))
    targets: list[tuple[int, int, int, int]] = []
    number = 0
    for found in mentions.finditer(mjml):  # each must lie in an mj-text, tag or content
        while number < len(texts) and texts[number][3] <= found.start():
            number += 1
        if number == len(texts) or found.start() < texts[number][0]:
            return None  # mentioned outside mj-text (mj-class, an mj-section's css-class, ...)
        if not targets or targets[-1] is not texts[number]:
            targets.append(texts[number])
    if not targets:
        return mjml
    heads = []
    for start, content_start, _, _ in targets:
        css_class = _CSS_CLASS.search(mjml[start:content_start])
        heads.append(f'<div class="{css_class.group(1) if css_class else ""}"><div>')
    fragment = SEPARATOR.join(
        head + mjml[content_start:content_end] + "</div></div>"
        for head, (_, content_start, content_end, _) in zip(heads, targets, strict=True)
    )
    inlined = str(_INLINER.inline_fragment(fragment, rules))
    # mjml-python parses mj-text contents again: no raw brackets in attribute values.
    parts = escape_attribute_brackets(inlined).split(SEPARATOR)
    if len(parts) != len(targets):
        return None
    pieces, pos = [], 0
    for head, part, (_, content_start, content_end, _) in zip(heads, parts, targets, strict=True):
        if not (part.startswith(head) and part.endswith("</div></div>")):
            return None  # a rule styled the wrappers, which stand for MJML's own td and div
        pieces += [mjml[pos:content_start], part[len(head) : -12]]
        pos = content_end
    pieces.append(mjml[pos:])
    return "".join(pieces)
