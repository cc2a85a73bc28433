"""The rendered email read back as data: its links and images, each tied to the section and
item it belongs to, and its visible text. Parsed once with selectolax; the checks share it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsletter.checks.model import Composed
from newsletter.render.urls import WEB_SCHEMES, article_link, safe_url
from newsletter.utm import link_tagger


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    label: str | None = None
    section: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Picture:
    src: str
    alt: str | None
    width: str | None
    decorative: bool
    linked: bool
    section: str | None = None
    item: str | None = None


@dataclass
class Document:
    links: list[Link] = field(default_factory=list)
    images: list[Picture] = field(default_factory=list)
    text: str = ""
    item_urls: dict[str, str] = field(default_factory=dict)


def item_urls(composed: Composed) -> dict[str, str]:
    """Each item's link as the render wrote it (UTM included) -> article id."""
    brand, issue = composed.brand, composed.issue
    tag = link_tagger(brand.utm, brand.website, issue)
    urls: dict[str, str] = {}
    for item in issue.items:
        article = composed.articles.get(item.article)
        if article is None:
            continue
        url = article_link(article.url, brand.website, article.slug)
        if url:
            urls.setdefault(tag(url), article.id)
    return urls


def visible_text(node: LexborNode) -> str:
    """Text of `node` with whitespace folded; images count by their alt text."""
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "img":
            parts.append(" " + (child.attributes.get("alt") or "") + " ")
    return " ".join("".join(parts).split())


def _ancestor_link(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None:
        if parent.tag == "a":
            return parent
        parent = parent.parent
    return None


def _items_by_image(composed: Composed) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in composed.issue.items:
        article = composed.articles.get(item.article)
        if article is not None and article.image is not None:
            url = safe_url(article.image.url, WEB_SCHEMES)
            if url:
                found.setdefault(url, article.id)
    return found


def _elements(root: LexborNode | None) -> Iterator[LexborNode]:
    if root is None:
        return
    for node in root.traverse():
        if node.tag in ("a", "img"):
            yield node


Signature = tuple[str, str, str]


def _signature(node: LexborNode) -> Signature:
    attrs = node.attributes
    if node.tag == "a":
        return ("a", (attrs.get("href") or "").strip(), visible_text(node))
    return ("img", (attrs.get("src") or "").strip(), attrs.get("alt") or "")


class _Sections:
    """Which section an element of the whole email belongs to.

    Each section's fragment is parsed on its own; an element of the whole email belongs to
    the first section (at or after the last one matched, as sections come in order) whose
    fragment still holds an element with the same tag, address and text.
    """

    def __init__(self, composed: Composed) -> None:
        self.pending = [
            Counter(_signature(node) for node in _elements(LexborHTMLParser(part.html).root))
            for part in composed.rendered.sections
        ]
        self.titles = [section.title for section in composed.issue.sections]
        self.current = 0

    def claim(self, signature: Signature) -> str | None:
        for index in range(self.current, len(self.pending)):
            if self.pending[index][signature] > 0:
                self.pending[index][signature] -= 1
                self.current = index
                return self.titles[index] if index < len(self.titles) else None
        return None


def read_document(composed: Composed) -> Document:
    """Parse the rendered HTML once into links, images and visible text."""
    doc = Document(item_urls=item_urls(composed))
    by_image = _items_by_image(composed)
    sections = _Sections(composed)
    tree = LexborHTMLParser(composed.rendered.html)
    for node in _elements(tree.root):
        kind, address, text = signature = _signature(node)
        section = sections.claim(signature)
        attrs = node.attributes
        if kind == "a":
            item = doc.item_urls.get(address) if section is not None else None
            doc.links.append(Link(address, text, attrs.get("aria-label"), section, item))
            continue
        anchor = _ancestor_link(node)
        item = None
        if section is not None:
            href = (anchor.attributes.get("href") or "") if anchor is not None else ""
            item = doc.item_urls.get(href.strip()) or by_image.get(address)
        decorative = (attrs.get("role") or "") in ("presentation", "none") or (
            attrs.get("aria-hidden") or ""
        ) == "true"
        doc.images.append(
            Picture(
                address,
                attrs.get("alt"),
                attrs.get("width"),
                decorative,
                anchor is not None,
                section,
                item,
            )
        )
    doc.text = visible_text(tree.body) if tree.body is not None else ""
    return doc
