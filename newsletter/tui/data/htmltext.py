"""Turn rendered email HTML (a section fragment or the whole issue) into Rich text for the preview.

The preview never renders a second, approximate way: it reads the HTML that export writes
and pulls out what a reader sees — headings, paragraphs, links with their URLs, buttons and
image alt text — using selectolax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.console import Group
from rich.style import Style
from rich.text import Text
from selectolax.lexbor import LexborHTMLParser, LexborNode

SKIP = frozenset({"head", "style", "script", "title", "meta", "link", "noscript", "template"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = frozenset({"p", "li", "blockquote", "figcaption", "pre"})
CONTAINERS = frozenset({"div", "td", "th", "span", "center", "section", "article"})
_SPACE = re.compile(r"\s+")

HEADING_STYLE = Style(bold=True, color="bright_white")
LINK_STYLE = Style(underline=True, color="cyan")
URL_STYLE = Style(dim=True, italic=True)
BUTTON_STYLE = Style(bold=True, reverse=True)
IMAGE_STYLE = Style(italic=True, color="magenta")


@dataclass
class _Out:
    blocks: list[Text] = field(default_factory=list)

    def add(self, text: Text) -> None:
        text.rstrip()
        if text.plain.strip():
            self.blocks.append(text)


def _is_button(node: LexborNode) -> bool:
    """MJML buttons are links styled as inline blocks inside a padded cell."""
    if node.tag != "a":
        return False
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    return "display:inline-block" in style or "button" in (node.attributes.get("class") or "")


def _has_direct_text(node: LexborNode) -> bool:
    return any(
        child.tag == "-text" and (child.text_content or "").strip()
        for child in node.iter(include_text=True)
    )


def _inline(node: LexborNode, text: Text, style: Style | None = None) -> None:
    """Append the inline content of `node` to `text` (whitespace collapsed like a browser)."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            chunk = _SPACE.sub(" ", child.text_content or "")
            if text.plain.endswith((" ", "\n")) or not text.plain:
                chunk = chunk.lstrip(" ")
            text.append(chunk, style)
        elif tag == "br":
            text.rstrip()
            text.append("\n")
        elif tag in SKIP or tag is None or tag.startswith("-"):
            continue
        elif tag == "img":
            alt = (child.attributes.get("alt") or "").strip()
            if alt:
                text.append(f"[image: {alt}]", IMAGE_STYLE)
        elif tag == "a":
            href = child.attributes.get("href") or ""
            link = LINK_STYLE + Style(link=href) if href else LINK_STYLE
            _inline(child, text, (style + link) if style else link)
        elif tag in {"strong", "b"}:
            _inline(child, text, (style or Style()) + Style(bold=True))
        elif tag in {"em", "i"}:
            _inline(child, text, (style or Style()) + Style(italic=True))
        else:
            _inline(child, text, style)


def _links(node: LexborNode) -> list[str]:
    return [href for a in node.css("a") if (href := a.attributes.get("href") or "")]


def _walk(node: LexborNode, out: _Out) -> None:
    for child in node.iter(include_text=False):
        tag = child.tag
        if tag is None or tag in SKIP or tag.startswith("-"):
            continue
        if tag == "img":
            alt = (child.attributes.get("alt") or "").strip()
            if alt:
                out.add(Text(f"[image: {alt}]", IMAGE_STYLE))
        elif _is_button(child):
            label = _SPACE.sub(" ", child.text(deep=True) or "").strip()
            line = Text.assemble((f" {label} ", BUTTON_STYLE))
            href = child.attributes.get("href") or ""
            if href:
                line.append(f"  → {href}", URL_STYLE)
            out.add(line)
        elif tag in HEADINGS:
            heading = Text()
            _inline(child, heading, HEADING_STYLE)
            for href in _links(child)[:1]:
                heading.append(f"\n{href}", URL_STYLE)
            out.add(heading)
        elif tag == "hr":
            out.add(Text("─" * 20, Style(dim=True)))
        elif tag in BLOCKS or (tag in CONTAINERS and _has_direct_text(child)):
            text = Text()
            if tag == "li":
                text.append("• ")
            _inline(child, text)
            out.add(text)
        else:
            _walk(child, out)


def html_to_blocks(html: str) -> list[Text]:
    """The reader-visible blocks of an HTML email (or fragment), in order."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    out = _Out()
    if root is not None:
        _walk(root, out)
    return out.blocks


def html_to_rich(html: str) -> Group:
    """The preview renderable: blocks separated by blank lines."""
    blocks = html_to_blocks(html)
    parts: list[Text] = []
    for index, block in enumerate(blocks):
        if index:
            parts.append(Text(""))
        parts.append(block)
    return Group(*parts)
