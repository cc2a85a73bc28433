"""The RSS 2.0 and Atom feeds the WordPress test server serves, built from fixture posts."""

from __future__ import annotations

import email.utils
import html
import re
from datetime import UTC, datetime, timedelta

try:
    from tests.wpdata import Post
except ImportError:  # tests/ on sys.path instead of the repo root
    from wpdata import Post  # type: ignore[no-redef]

SITE_NAME = "Nordlys Health Cluster"
UTC_OFFSET = timedelta(hours=1)  # the site's local time is UTC+1
FEED_ITEMS = 10


def auto_excerpt(post: Post) -> str:
    """What WordPress generates without a manual excerpt: the first 55 words and […]."""
    words = html.unescape(re.sub(r"<[^>]*>", " ", post.content)).split()
    more = " [&hellip;]" if len(words) > 55 else ""
    return f"<p>{html.escape(' '.join(words[:55]))}{more}</p>\n"


def http_date(local: datetime) -> str:
    """A site-local time as an HTTP date (GMT)."""
    return email.utils.format_datetime((local - UTC_OFFSET).replace(tzinfo=UTC), usegmt=True)


def _newest(posts: list[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: p.date, reverse=True)[:FEED_ITEMS]


def _link(base: str, post: Post) -> str:
    return f"{base}/{post.date:%Y/%m}/{post.slug}/"


def _footer(base: str, post: Post) -> str:
    return (
        f'<p>The post <a href="{_link(base, post)}">{post.title}</a> first '
        f'appeared on <a href="{base}">{SITE_NAME}</a>.</p>'
    )


def rss(posts: list[Post], base: str, *, with_content: bool = True) -> bytes:
    """RSS 2.0 as WordPress writes it: description = excerpt, content:encoded = the post."""
    items = []
    for post in _newest(posts):
        categories = "".join(
            f"<category><![CDATA[{c}]]></category>" for c in post.categories + post.tags
        )
        footer = _footer(base, post)
        content = (
            f"<content:encoded><![CDATA[{post.content}{footer}]]></content:encoded>"
            if with_content
            else ""
        )
        items.append(
            f"<item><title>{post.title}</title><link>{_link(base, post)}</link>"
            f"<dc:creator><![CDATA[Editor]]></dc:creator>"
            f"<pubDate>{http_date(post.date)}</pubDate>{categories}"
            f'<guid isPermaLink="false">{base}/?p={post.id}</guid>'
            f"<description><![CDATA[{post.excerpt or auto_excerpt(post)}{footer}]]>"
            f"</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{SITE_NAME}</title><link>{base}</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>"
    ).encode()


def atom(posts: list[Post], base: str) -> bytes:
    """Atom 1.0 with escaped-HTML summary and content."""
    entries = []
    for post in _newest(posts):
        terms = "".join(f'<category term="{html.escape(c)}"/>' for c in post.categories)
        summary = html.escape(post.excerpt or auto_excerpt(post))
        content = html.escape(post.content + _footer(base, post))
        entries.append(
            f'<entry><title type="html">{html.escape(post.title)}</title>'
            f'<link rel="alternate" type="text/html" href="{_link(base, post)}"/>'
            f"<id>{base}/?p={post.id}</id>"
            f"<updated>{(post.modified - UTC_OFFSET).isoformat()}Z</updated>"
            f"<published>{(post.date - UTC_OFFSET).isoformat()}Z</published>{terms}"
            f'<summary type="html">{summary}</summary>'
            f'<content type="html">{content}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{SITE_NAME}</title><id>{base}/feed/atom/</id>"
        f"<updated>2026-03-10T00:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()
