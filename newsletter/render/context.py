"""The render context: plain dicts and strings built from the issue, articles, brand and profile.

Article text only ever enters templates as data here; it is never template or MJML source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsletter.models import Article, Brand, Image, Issue, Item, Profile, month_label
from newsletter.render.urls import WEB_SCHEMES, article_link, safe_url
from newsletter.trim import first_sentence, trim
from newsletter.utm import link_tagger

READ_MORE = "Read the full story"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LANG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_SOCIAL_LABELS = {"linkedin": "LinkedIn", "x": "X", "twitter": "X", "youtube": "YouTube"}


@dataclass
class ContextResult:
    """The context handed to Jinja plus what building it noticed."""

    context: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    button_labels: dict[int, str] = field(default_factory=dict)


def clean(text: str | None) -> str:
    """Text without control characters (they are invalid in HTML and reserved for markers)."""
    if not text:
        return ""
    if text.isprintable():  # no control characters, no line breaks: the usual case
        return text.strip()
    return _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a free-text field (blank-line separated), inner line breaks folded."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", clean(text)) if p.strip()]


def build_context(
    issue: Issue, articles: Mapping[str, Article], brand: Brand, profile: Profile
) -> ContextResult:
    """Everything the templates may use, as plain data; unsafe URLs are already dropped."""
    result = ContextResult({})
    tag = link_tagger(brand.utm, brand.website, issue)  # UTM on own-domain links, else as is
    brand_ctx = _brand_context(brand, result.warnings, tag)
    sections = []
    index = 0
    for section_index, section in enumerate(issue.sections):
        items = []
        for item in section.items:
            article = articles.get(item.article)
            if article is None:
                result.warnings.append(
                    f"item {item.article!r} in section {section.title!r}: article not in the "
                    "archive; left out of the render"
                )
                continue
            item_ctx = _item_context(item, article, brand, index, result.warnings, tag)
            result.button_labels[index] = item_ctx["button_title"]
            items.append(item_ctx)
            index += 1
        sections.append({"index": section_index, "title": clean(section.title), "entries": items})
    result.context = {
        "issue": {
            "name": issue.name,
            "number": issue.number,
            "date": issue.date.isoformat(),
            "date_label": month_label(issue.date),
            "subject": clean(issue.subject),
            "preheader": clean(issue.preheader),
            "intro": split_paragraphs(issue.intro),
        },
        "brand": brand_ctx,
        "profile": {
            "name": profile.name,
            "label": profile.label,
            "unsubscribe": profile.unsubscribe,
            "view_in_browser": profile.view_in_browser,
            "first_name": profile.first_name,
            "preheader": profile.preheader_tag,  # the tool's preview-text tag, if it has one
        },
        "sections": sections,
        "read_more": READ_MORE,
    }
    return result


def _brand_context(brand: Brand, warnings: list[str], tag: Callable[[str], str]) -> dict[str, Any]:
    website = safe_url(brand.website, WEB_SCHEMES)
    signup = safe_url(brand.signup_url, WEB_SCHEMES) or website
    lang = brand.lang if _LANG.match(brand.lang) else "en"
    if lang != brand.lang:
        warnings.append(f"brand.lang {brand.lang!r} is not a language tag; using 'en'")
    social = []
    for name, url in brand.social:
        link = safe_url(url)
        if link is None:
            warnings.append(f"brand.social.{name}: not an http(s) URL; left out")
            continue
        social.append({"name": name, "label": _SOCIAL_LABELS.get(name.lower(), name.title()),
                       "url": tag(link)})  # fmt: skip
    return {
        "name": clean(brand.name),
        "website": tag(website) if website else "",
        "signup_url": tag(signup) if signup else "",
        "address": clean(brand.address),
        "logo_url": safe_url(brand.logo_url, WEB_SCHEMES),
        "primary_color": _color(brand.primary_color, "#0b5394"),
        "text_color": _color(brand.text_color, "#222222"),
        "background_color": _color(brand.background_color, "#f4f4f4"),
        "accent_color": _color(brand.accent_color, "#e8f0fa"),
        "font_family": clean(brand.font_family).replace('"', "'") or "Helvetica, Arial, sans-serif",
        "lang": lang,
        "tagline": clean(brand.tagline),
        "social": social,
    }


def _color(value: str, default: str) -> str:
    return value if _COLOR.match(value) else default


def _item_context(
    item: Item,
    article: Article,
    brand: Brand,
    index: int,
    warnings: list[str],
    tag: Callable[[str], str],
) -> dict[str, Any]:
    label = f"item {article.id!r}"
    if item.fingerprint and item.fingerprint != article.fingerprint:
        warnings.append(
            f"{label}: the article changed since it was trimmed (fingerprint "
            f"{item.fingerprint} -> {article.fingerprint}); check the teaser"
        )
    own_url = safe_url(article.url)
    if article.url and own_url is None:
        warnings.append(f"{label}: unsafe link {article.url[:60]!r} dropped; linking the website")
    teaser = trim(article, item)
    url = own_url or article_link(None, brand.website, article.slug)
    headline = clean(teaser.headline)
    paragraphs = [p for p in (clean(p) for p in teaser.paragraphs) if p]
    image = _image_context(article.image, item, label, warnings)
    first = paragraphs[0] if paragraphs else ""
    line = clean(first_sentence(first)) if first and item.layout == "compact" else first
    return {
        "index": index,
        "article_id": article.id,
        "layout": item.layout,
        "headline": headline,
        "url": tag(url) if url else "",
        "paragraphs": paragraphs,
        "line": line,
        "image": image,
        "date": f"{article.date.day} {month_label(article.date)}" if article.date else "",
        "word_count": teaser.word_count,
        "truncated": teaser.truncated,
        "button_title": f"{READ_MORE}: {headline}",
    }


def _image_context(
    image: Image | None, item: Item, label: str, warnings: list[str]
) -> dict[str, str] | None:
    if image is None or item.layout == "compact":
        return None
    url = safe_url(image.url, WEB_SCHEMES)
    if url is None:
        # Text dumps carry no image URLs (only captions): nothing to warn about then.
        if image.url:
            warnings.append(f"{label}: image URL {image.url[:60]!r} is not http(s); left out")
        return None
    caption = clean(image.caption)
    return {
        "url": url,
        "alt": clean(image.alt) or caption,
        "caption": caption,
        "credit": clean(image.credit),
    }
