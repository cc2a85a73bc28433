"""Link hygiene: only http(s) and mailto URLs ever reach the email."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = (*WEB_SCHEMES, "mailto")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_url(url: str | None, schemes: tuple[str, ...] = LINK_SCHEMES) -> str | None:
    """`url` if its scheme is allowed (http, https, mailto by default), else None.

    Surrounding whitespace is stripped, inner spaces are percent-encoded, and a URL
    with control characters (a classic way to smuggle `java\\tscript:`) is dropped.
    """
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url):
        return None
    url = url.replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme in WEB_SCHEMES and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return url


def article_link(url: str | None, website: str, slug: str) -> str | None:
    """Where an item links: the article's own URL, else `website/slug/` (text dumps have none)."""
    own = safe_url(url)
    if own is not None:
        return own
    base = safe_url(website, WEB_SCHEMES)
    if base is None or not slug:
        return base
    return f"{base.rstrip('/')}/{quote(slug.strip('/'), safe='-_.~')}/"
