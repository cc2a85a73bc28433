"""Changes to the MJML before compiling that keep the layout: alt on images, less HTML.

Zero column padding: a padded mj-column compiles to a table holding a padding cell holding
the content table (mjml and mjml-python alike), even when the padding is 0; an unpadded one
to the content table alone. Our templates default every column to `padding="0"`, so dropping
the zero saves a table per column (about 130 bytes each, a tenth of an issue) and compile
time. Only zero paddings go, and only where no other default or mj-class could take their
place.
"""

from __future__ import annotations

import re

_ATTRIBUTES = re.compile(r"<mj-attributes\b[^>]*>(.*?)</mj-attributes\s*>", re.DOTALL)
_DEFAULT = re.compile(r"<mj-(?:all|class)\b[^>]*>")
_COLUMN = re.compile(r"<mj-column\b[^>]*>")
# A column tag whose padding may be zero (checked precisely in `drop`).
_MAYBE_ZERO = re.compile(r"""<mj-column\b[^>]*\spadding\s*=\s*["']\s*0[^>]*>""")
_PADDING = re.compile(r"""\spadding\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ZERO = re.compile(r"\s*(?:0(?:px|%|em|rem)?\s*){1,4}")
# Image tags; unnamed: the components that compile to <img> tags of their own, and img
# spelt in capitals (left to post.ensure_alt; a case-blind search costs more).
_IMAGE_TAG = re.compile(
    r"<(?:(mj-image|img)|mj-social|mj-carousel|mj-accordion|mj-include|(?i:img))\b[^>]*>"
)
_HAS_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)


def drop_zero_column_padding(mjml: str) -> str:
    """`mjml` without `padding="0"` on mj-column (defaults and tags), when that changes nothing.

    Left alone: MJML whose mj-all or any mj-class sets a padding; columns with an mj-class
    or inner-* attributes (those only show with padding); a non-zero or inner-* column
    default in mj-attributes keeps every explicit zero.
    """
    if "<mj-column" not in mjml or _MAYBE_ZERO.search(mjml) is None:
        return mjml
    attributes = _ATTRIBUTES.search(mjml)
    defaults = attributes.group(1) if attributes else ""
    if any(_PADDING.search(tag.group(0)) for tag in _DEFAULT.finditer(defaults)):
        return mjml
    default_column = _COLUMN.search(defaults)
    if default_column:
        padding = _PADDING.search(default_column.group(0))
        if (padding and not _is_zero(padding)) or "inner-" in default_column.group(0):
            return mjml

    def drop(tag: re.Match[str]) -> str:
        text = tag.group(0)
        padding = _PADDING.search(text)
        if padding is None or not _is_zero(padding) or "mj-class" in text or "inner-" in text:
            return text
        return text[: padding.start()] + text[padding.end() :]

    return _MAYBE_ZERO.sub(drop, mjml)


def _is_zero(padding: re.Match[str]) -> bool:
    value = padding.group(1) if padding.group(1) is not None else padding.group(2)
    return _ZERO.fullmatch(value) is not None


def add_image_alts(mjml: str) -> tuple[str, bool]:
    """(`mjml` with alt="" on every mj-image and <img> lacking an alt, whether that covers all).

    The flag is False when the compiled HTML may still hold images without alt: components
    that make their own (mj-social, mj-carousel, mj-accordion), an mj-include, or an alt
    default in mj-attributes (an explicit alt="" would override it). Then post.ensure_alt
    must run over the HTML.
    """
    attributes = _ATTRIBUTES.search(mjml)
    if attributes and _HAS_ALT.search(attributes.group(1)):
        return mjml, False
    pieces: list[str] = []
    covered = True
    pos = 0
    for tag in _IMAGE_TAG.finditer(mjml):
        text = tag.group(0)
        if tag.group(1) is None:
            covered = False  # a component that makes images of its own, or <IMG
        elif not _HAS_ALT.search(text):
            name_end = 1 + len(tag.group(1))  # a default <mj-image> in mj-attributes too
            pieces += [mjml[pos : tag.start()], text[:name_end], ' alt=""', text[name_end:]]
            pos = tag.end()
    if not pieces:
        return mjml, covered
    pieces.append(mjml[pos:])
    return "".join(pieces), covered
