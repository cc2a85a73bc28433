"""RSS 2.0 / Atom feeds -> articles: feedparser over the bytes httpx fetched.

`content:encoded` (or Atom `content`) when present, else the summary, goes through the
same HTML importer as WordPress posts. A conditional request (ETag / Last-Modified) makes
an unchanged feed cost one cheap request.
"""

from __future__ import annotations

import re
import time
import xml.sax
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser

from newsletter.models import Article, Image
from newsletter.net import Client, Validators
from newsletter.sources.blocks import slugify
from newsletter.sources.html import article_body, html_text
from newsletter.sources.pull import PageDone, Pulled, SourceError

_FEED_HINT = "Give the feed's address; for WordPress it is usually the site's /feed/."
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_feed_bytes(data: bytes, url: str = "") -> Any:
    """feedparser's result for `data`; ValueError for XML that is not well-formed.

    A web page or JSON instead of a feed is a SourceError at once (retrying cannot help).
    """
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or head[:1] in (b"{", b"["):
        kind = "a web page" if head.startswith(b"<") else "JSON"
        raise SourceError(
            f"not an RSS or Atom feed: the server sent {kind}", url=url, hint=_FEED_HINT
        )
    parsed = feedparser.parse(data, sanitize_html=True)
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(error, xml.sax.SAXException):
        line = error.getLineNumber() if isinstance(error, xml.sax.SAXParseException) else None
        where = f" at line {line}" if line else ""
        raise ValueError(f"invalid XML{where}: {error.getMessage()}")
    return parsed


def articles_from_feed(parsed: Any, url: str, source: str) -> tuple[list[Article], list[str]]:
    """The feed's entries as articles, plus a warning for each entry that could not be read."""
    if not parsed.get("version") and not parsed.get("entries"):
        raise SourceError(
            "not an RSS or Atom feed",
            url=url,
            hint=_FEED_HINT,
        )
    articles: dict[str, Article] = {}
    warnings = []
    for entry in parsed.entries:
        try:
            article = article_from_entry(entry, source)
        except (KeyError, TypeError, ValueError) as exc:
            warnings.append(f"{url}: skipped an entry: missing or bad {exc}")
            continue
        articles.setdefault(article.id, article)  # a feed lists the newest first
    return list(articles.values()), warnings


def article_from_entry(entry: Any, source: str) -> Article:
    """One feed entry as an Article."""
    title = html_text(entry.get("title", ""))
    if not title:
        raise ValueError("title")
    contents = entry.get("content") or []
    summary = entry.get("summary", "")
    if contents:
        body = article_body(contents[0].get("value", ""), summary)
    else:
        body = article_body(summary)
    link = entry.get("link")
    link = link if isinstance(link, str) and link.startswith(("https://", "http://")) else None
    slug = _slug_from_link(link) or slugify(title)
    # `in` first: feedparser's get("updated_parsed") falls back to published, with a warning
    updated = _time(entry["updated_parsed"]) if "updated_parsed" in entry else None
    published = _time(entry.get("published_parsed")) or updated
    updated = updated or published
    return Article(
        id=slug,
        title=title,
        slug=slug,
        standfirst=body.standfirst,
        blocks=body.blocks,
        url=link,
        date=published.date() if published else None,
        modified=updated,
        image=_image(entry),
        tags=_tags(entry),
        source=source,
    )


async def pull_feed(
    client: Client,
    url: str,
    state: dict[str, Any] | None,
    *,
    source: str,
    on_page: PageDone,
) -> Pulled:
    """Fetch a feed, conditionally when an earlier sync stored its ETag / Last-Modified."""
    validators = Validators.from_dict(state) if state else None
    fetched = await client.get(
        url, lambda data: parse_feed_bytes(data, url), validators=validators, accept=ACCEPT
    )
    if fetched.not_modified:
        on_page(1, 1, 0)
        return Pulled(pages=1, pages_total=1, not_modified=True)
    articles, warnings = articles_from_feed(fetched.data, url, source)
    on_page(1, 1, len(articles))
    return Pulled(
        articles=articles,
        state=fetched.validators.to_dict(),
        pages=1,
        pages_total=1,
        warnings=warnings,
    )


def _slug_from_link(link: str | None) -> str | None:
    if not link:
        return None
    parts = urlsplit(link)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if parts.query or not segments:
        return None
    last = segments[-1].lower()
    return last if _SLUG.match(last) and not last.isdigit() else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    return datetime(*value[:6], tzinfo=UTC)


def _image(entry: Any) -> Image | None:
    candidates = [*entry.get("media_content", []), *entry.get("media_thumbnail", [])]
    candidates += [
        e for e in entry.get("enclosures", []) if str(e.get("type", "")).startswith("image/")
    ]
    for media in candidates:
        url = media.get("url") or media.get("href")
        medium = str(media.get("medium") or media.get("type") or "image")
        if (
            isinstance(url, str)
            and url.startswith(("https://", "http://"))
            and (medium.startswith("image"))
        ):
            return Image(url=url, alt="", caption=None, credit=None)
    return None


def _tags(entry: Any) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for tag in entry.get("tags", []):
        name = html_text(str(tag.get("term") or ""))
        if name and name.lower() not in ("uncategorized", "uncategorised"):
            names.setdefault(name)
    return tuple(names)
