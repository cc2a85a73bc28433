"""WordPress REST API posts (/wp-json/wp/v2/posts) -> articles, fetched page by page.

Page 1 tells the number of pages (X-WP-TotalPages); the rest are fetched concurrently
within a bound. `_embed` brings the featured image (URL, alt text, caption) and the terms.
Incremental: only posts modified after the last sync (`modified_after`, in the site's
local time, which is what WordPress compares it with), oldest change first.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from newsletter.models import Article, Image
from newsletter.net import Client, NetError, Validators, check_url
from newsletter.sources.blocks import slugify
from newsletter.sources.html import article_body, html_text, image_from_media
from newsletter.sources.pull import PageDone, Pulled, SourceError

POSTS_PATH = "/wp-json/wp/v2/posts"
PER_PAGE = 100
CONCURRENCY = 6
OVERLAP = timedelta(seconds=1)  # re-ask for the last second: edits in it are not missed
_IGNORED_TERMS = frozenset({"uncategorized", "uncategorised"})


def posts_endpoint(site: str) -> str:
    """The posts endpoint for a site's home page URL (or an API URL given as is)."""
    url = check_url(site).split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if url.endswith("/wp/v2/posts"):
        return url
    if url.endswith("/wp-json"):
        return url + "/wp/v2/posts"
    if url.endswith("/wp-json/wp/v2"):
        return url + "/posts"
    return url + POSTS_PATH


def page_params(page: int, per_page: int, modified_after: str | None) -> dict[str, str | int]:
    params: dict[str, str | int] = {
        "per_page": per_page,
        "page": page,
        "_embed": "wp:featuredmedia,wp:term",
        "orderby": "modified",
        "order": "asc",
    }
    if modified_after:
        params["modified_after"] = modified_after
    return params


def article_from_post(post: dict[str, Any], source: str) -> Article:
    """One REST API post (with `_embedded`) as an Article. KeyError/TypeError if malformed."""
    title = html_text(_rendered(post, "title"))
    body = article_body(_rendered(post, "content"), _rendered(post, "excerpt"))
    slug = str(post.get("slug") or "") or slugify(title)
    link = post.get("link")
    modified = _parse_time(post.get("modified_gmt"))
    return Article(
        id=slug,
        title=title,
        slug=slug,
        standfirst=body.standfirst,
        blocks=body.blocks,
        url=link if isinstance(link, str) and link.startswith(("https://", "http://")) else None,
        date=_parse_date(post.get("date")),
        modified=modified.replace(tzinfo=UTC) if modified else None,
        image=_featured_image(post),
        tags=_terms(post),
        source=source,
    )


def articles_from_page(data: object, url: str, source: str) -> tuple[list[Article], list[str]]:
    """Articles of one page of posts, and a warning for each post that could not be read."""
    if not isinstance(data, list):
        raise SourceError(
            "not a list of WordPress posts",
            url=url,
            hint="Give the site's home page URL (the API is at /wp-json/wp/v2/posts).",
        )
    articles, warnings = [], []
    for post in data:
        if not isinstance(post, dict):
            warnings.append(f"{url}: skipped an entry that is not a post")
            continue
        if _protected(post):
            warnings.append(f"{url}: skipped password-protected post {post.get('id')}")
            continue
        try:
            articles.append(article_from_post(post, source))
        except (KeyError, TypeError, ValueError) as exc:
            warnings.append(f"{url}: skipped post {post.get('id')}: missing or bad {exc}")
    return articles, warnings


def next_modified_after(posts_modified: list[str], previous: str | None) -> str | None:
    """The `modified_after` for the next sync: the newest local `modified` seen, minus overlap."""
    times = [t for t in (_parse_time(m) for m in posts_modified) if t is not None]
    if not times:
        return previous
    return (max(times) - OVERLAP).isoformat(timespec="seconds")


@dataclass
class _Page:
    """One page of posts, read as soon as it arrives."""

    articles: list[Article]
    warnings: list[str]
    modified: list[str]
    ids: set[object]
    count: int


def _read_page(data: object, endpoint: str, source: str) -> _Page:
    articles, warnings = articles_from_page(data, endpoint, source)
    posts = [post for post in data if isinstance(post, dict)] if isinstance(data, list) else []
    modified = [str(p.get("modified", "")) for p in posts]
    return _Page(articles, warnings, modified, {p.get("id") for p in posts}, _count(data))


async def pull_wordpress(
    client: Client,
    site: str,
    state: dict[str, Any] | None,
    *,
    source: str,
    on_page: PageDone,
    per_page: int = PER_PAGE,
    concurrency: int = CONCURRENCY,
) -> Pulled:
    """Fetch the posts changed since the last sync (all of them the first time).

    Pages 2..N are requested together (at most `concurrency` at a time) as soon as page 1
    tells how many there are; each page is read while the others are still on the way.
    """
    endpoint = posts_endpoint(site)
    state = state or {}
    after = state.get("modified_after") if isinstance(state.get("modified_after"), str) else None
    same_query = state.get("etag_for") == (after or "")
    validators = Validators(state.get("etag") if same_query else None, state.get("last_modified"))
    first = await client.get(
        endpoint,
        json.loads,
        params=page_params(1, per_page, after),
        validators=validators if state else None,
    )
    if first.not_modified:
        on_page(1, 1, 0)
        return Pulled(pages=1, pages_total=1, not_modified=True)
    if not isinstance(first.data, list):
        articles_from_page(first.data, endpoint, source)  # raises: not a list of posts
    total_pages = _header_int(first.headers.get("x-wp-totalpages"))
    expected = _header_int(first.headers.get("x-wp-total"))
    pages: dict[int, _Page] = {}
    pulled = Pulled(pages_total=max(total_pages or 1, 1))
    limit = asyncio.Semaphore(concurrency)

    def take(page: int, data: object) -> None:
        pages[page] = _read_page(data, endpoint, source)
        pulled.pages = len(pages)
        on_page(pulled.pages, pulled.pages_total, sum(len(p.articles) for p in pages.values()))

    async def fetch(page: int) -> None:
        async with limit:
            try:
                fetched = await client.get(
                    endpoint, json.loads, params=page_params(page, per_page, after)
                )
            except NetError as error:
                error.message = f"page {page} of {pulled.pages_total}: {error.message}"
                raise
        take(page, fetched.data)

    async def take_first() -> None:
        take(1, first.data)  # scheduled after the other pages' requests have gone out

    if total_pages is None:  # headers stripped by a proxy: walk pages until a short one
        take(1, first.data)
        page = 1
        while pages[page].count >= per_page:
            page += 1
            pulled.pages_total = page
            await fetch(page)
    else:
        try:
            async with asyncio.TaskGroup() as group:
                for page in range(2, total_pages + 1):
                    group.create_task(fetch(page))
                group.create_task(take_first())
        except BaseExceptionGroup as failed:
            raise _first_error(failed) from None
    for page in sorted(pages):
        pulled.articles += pages[page].articles
        pulled.warnings += pages[page].warnings
    pulled.articles = list({a.id: a for a in pulled.articles}.values())  # later pages win
    modified = [m for page in pages.values() for m in page.modified]
    new_after = next_modified_after(modified, after)
    if expected is not None and len(set().union(*(p.ids for p in pages.values()))) < expected:
        new_after = after  # posts moved between pages while we read: ask again next time
        pulled.warnings.append(
            f"{endpoint}: posts changed during the sync; the next sync asks for them again"
        )
    pulled.state = {
        "modified_after": new_after,
        "etag": first.validators.etag,
        "etag_for": after or "",
        "last_modified": first.validators.last_modified,
    }
    return pulled


def _first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    error: BaseException = group
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error


def _count(data: object) -> int:
    return len(data) if isinstance(data, list) else 0


def _header_int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _rendered(post: dict[str, Any], key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered", "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _protected(post: dict[str, Any]) -> bool:
    content = post.get("content")
    return isinstance(content, dict) and content.get("protected") is True


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


def _parse_date(value: object) -> date | None:
    parsed = _parse_time(value)
    return parsed.date() if parsed else None


def _featured_image(post: dict[str, Any]) -> Image | None:
    media = (post.get("_embedded") or {}).get("wp:featuredmedia") or []
    first = media[0] if media and isinstance(media[0], dict) else None
    if first is None or not isinstance(first.get("source_url"), str):
        return None  # no image, or one the API will not show (its "code": "rest_forbidden")
    url = first["source_url"]
    if not url.startswith(("https://", "http://")):
        return None
    caption = first.get("caption")
    caption_html = caption.get("rendered", "") if isinstance(caption, dict) else ""
    return image_from_media(url, str(first.get("alt_text") or ""), caption_html)


def _terms(post: dict[str, Any]) -> tuple[str, ...]:
    groups = (post.get("_embedded") or {}).get("wp:term") or []
    names: dict[str, None] = {}
    for group in groups:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and isinstance(term.get("name"), str):
                name = html_text(term["name"])
                if name and name.lower() not in _IGNORED_TERMS:
                    names.setdefault(name)
    return tuple(names)


def site_label(site: str) -> str:
    """The `source` recorded on each article: the site's host, e.g. "example.org"."""
    return urlsplit(check_url(site)).netloc
