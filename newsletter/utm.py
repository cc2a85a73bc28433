"""UTM campaign tags on links to the organisation's own domains: never doubled, never on
merge tags. Pure functions; render calls them while it builds item and brand URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from newsletter.models import Issue, Utm

PLACEHOLDERS = ("name", "number", "date", "year", "month")
# Merge-tag syntaxes of the email tools (*|UNSUB|*, {$url}, {{ mirror }}, {% ... %}), raw or
# percent-encoded: a URL that carries one is the tool's to fill in, so it is left alone.
_MERGE_TAG = re.compile(r"\*\||\|\*|\{\{|\}\}|\{\$|\{%|%7B%7B|%7B%24|\*%7C|%7C\*", re.IGNORECASE)


def has_merge_tag(url: str) -> bool:
    """Whether `url` contains an email tool's merge-tag syntax."""
    return _MERGE_TAG.search(url) is not None


def host_of(url: str) -> str:
    """The lower-case host of `url` without a leading `www.` ('' when there is none)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def on_domains(url: str, domains: Iterable[str]) -> bool:
    """Whether `url`'s host is one of `domains` or a subdomain of one."""
    host = host_of(url)
    if not host:
        return False
    for domain in domains:
        domain = domain.lower().strip().strip(".").removeprefix("www.")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def add_utm(url: str, params: Mapping[str, str], domains: Iterable[str]) -> str:
    """`url` with the UTM `params` appended when it points at one of `domains`.

    Left unchanged: non-http(s) URLs, other domains, URLs with merge tags, and URLs that
    already carry any utm_ parameter (the author set them on purpose; never doubled).
    The fragment stays at the end and existing query parameters keep their order.
    """
    if not params or has_merge_tag(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not on_domains(url, domains):
        return url
    existing = parse_qsl(parts.query, keep_blank_values=True)
    if any(key.lower().startswith("utm_") for key, _ in existing):
        return url
    added = "&".join(f"{quote(k, safe='_')}={quote(v, safe='-_.~')}" for k, v in params.items())
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))


def campaign_name(pattern: str, issue: Issue) -> str:
    """The campaign for `issue` from a pattern like "{name}" or "newsletter-{year}-{month}"."""
    return pattern.format(**_values(issue.name, issue.number, issue.date.isoformat())).strip()


def check_pattern(pattern: str) -> str | None:
    """None when `pattern` formats with the known placeholders, else what is wrong."""
    try:
        pattern.format(**_values("2026-12", 12, "2026-12-01"))
    except KeyError as exc:
        return f"unknown placeholder {{{exc.args[0]}}}; use {', '.join(PLACEHOLDERS)}"
    except (ValueError, IndexError) as exc:
        return f"not a valid pattern ({exc}); write placeholders like {{name}}"
    return None


def _values(name: str, number: int, day: str) -> dict[str, str | int]:
    return {"name": name, "number": number, "date": day, "year": day[:4], "month": day[5:7]}


def utm_params(utm: Utm | None, issue: Issue) -> dict[str, str]:
    """The utm_* parameters for an issue ({} when UTM is off)."""
    if utm is None or not utm.enabled:
        return {}
    values = {
        "utm_source": utm.source.strip(),
        "utm_medium": utm.medium.strip(),
        "utm_campaign": campaign_name(utm.campaign, issue),
    }
    return {key: value for key, value in values.items() if value}


def utm_domains(utm: Utm | None, website: str) -> tuple[str, ...]:
    """The domains UTM applies to: the configured ones, else the website's host."""
    if utm is not None and utm.domains:
        return utm.domains
    host = host_of(website)
    return (host,) if host else ()


def link_tagger(utm: Utm | None, website: str, issue: Issue) -> Callable[[str], str]:
    """A function adding this issue's UTM tags to a URL (the identity when UTM is off)."""
    params = utm_params(utm, issue)
    if not params:
        return lambda url: url
    domains = utm_domains(utm, website)
    return lambda url: add_utm(url, params, domains)
