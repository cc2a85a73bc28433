"""Links: absolute http(s) or mailto only, no javascript:, names that make sense to a
screen reader out of context, and no overlong URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsletter.checks.document import Document, Link
from newsletter.checks.model import Composed, Finding
from newsletter.utm import has_merge_tag

MAX_URL = 200
# Link texts that say nothing about where they lead when read out of context.
GENERIC = frozenset(
    {
        "click here",
        "here",
        "click",
        "read more",
        "more",
        "learn more",
        "find out more",
        "read the full story",
        "continue reading",
        "read on",
        "link",
        "this link",
        "details",
        "more info",
        "see more",
        "view more",
        "go",
        "this",
    }
)
_PUNCT = re.compile(r"[^\w\s]+")


def _short(url: str) -> str:
    return url if len(url) <= 70 else url[:67] + "..."


def _is_generic(text: str | None) -> bool:
    return " ".join(_PUNCT.sub(" ", (text or "").casefold()).split()) in GENERIC


def _target(link: Link) -> Finding | None:
    href = link.href
    if has_merge_tag(href):
        return None
    if not href or href == "#":
        return Finding(
            "error",
            "links.empty",
            f"link {link.text[:40]!r} goes nowhere",
            "Give it an https:// address.",
            link.section,
            link.item,
        )
    try:
        parts = urlsplit(href)
    except ValueError:
        parts = None
    scheme = parts.scheme.lower() if parts else ""
    if scheme in ("http", "https") and parts is not None and parts.netloc:
        return None
    if scheme == "mailto" and parts is not None and "@" in parts.path:
        return None
    if scheme in ("javascript", "vbscript", "data"):
        return Finding(
            "error",
            "links.script",
            f"link to {_short(href)!r}: {scheme}: links are "
            "blocked by email clients and look like an attack",
            "Link to a web page instead.",
            link.section,
            link.item,
        )
    return Finding(
        "error",
        "links.not-absolute",
        f"link {_short(href)!r} is not an absolute http(s) or mailto address; it breaks in inboxes",
        "Write the full address, starting with https://.",
        link.section,
        link.item,
    )


def _name(link: Link) -> Finding | None:
    label = (link.label or "").strip()
    if not link.text and not label:
        return Finding(
            "error",
            "links.no-text",
            f"link to {_short(link.href)!r} has no text",
            "Give it text (or alt text on its image).",
            link.section,
            link.item,
        )
    if _is_generic(link.text) and (not label or _is_generic(label)):
        return Finding(
            "warning",
            "links.vague-text",
            f"link text {link.text!r} says nothing out of context (screen readers "
            "list links by their text)",
            "Add an aria-label naming the article, e.g. 'Read the full story: "
            "<title>' (the default templates do).",
            link.section,
            link.item,
        )
    return None


def check_links(composed: Composed, doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for link in doc.links:
        findings += [f for f in (_target(link), _name(link)) if f is not None]
        if len(link.href) > MAX_URL and not has_merge_tag(link.href):
            findings.append(
                Finding(
                    "warning",
                    "links.long",
                    f"URL of {len(link.href)} characters ({_short(link.href)}); "
                    f"some clients break links over {MAX_URL}",
                    "Link a shorter address (or a redirect on your own site).",
                    link.section,
                    link.item,
                )
            )
    return findings
