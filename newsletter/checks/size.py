"""Size: the HTML against Gmail's 102 KB clip, after the email tool rewrites the links,
with each section's and item's share so the user knows what to trim."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from newsletter.checks.document import Document
from newsletter.checks.model import Composed, Finding
from newsletter.render import GMAIL_CLIP_BYTES

NEAR_SHARE = 0.9  # warn from 90 % of the clip on


@dataclass(frozen=True, slots=True)
class Part:
    """A section's or an item's bytes of the HTML."""

    section: str
    item: str | None
    bytes: int


@dataclass(frozen=True, slots=True)
class SizeReport:
    total: int
    predicted: int
    limit: int
    tracked_links: int
    sections: tuple[Part, ...]
    items: tuple[Part, ...]

    def share(self, part: Part) -> float:
        return part.bytes / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "bytes": self.total,
            "predicted_bytes": self.predicted,
            "limit_bytes": self.limit,
            "tracked_links": self.tracked_links,
            "sections": [
                {"title": p.section, "bytes": p.bytes, "share": round(self.share(p), 3)}
                for p in self.sections
            ],
            "items": [
                {
                    "section": p.section,
                    "item": p.item,
                    "bytes": p.bytes,
                    "share": round(self.share(p), 3),
                }
                for p in self.items
            ],
        }


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def size_report(composed: Composed, doc: Document) -> SizeReport:
    """Bytes of the email, predicted bytes after link tracking, and per-section/item bytes."""
    rendered = composed.rendered
    tracked = sum(1 for link in doc.links if link.href.lower().startswith(("http://", "https://")))
    predicted = rendered.size + tracked * composed.profile.link_rewrite_bytes
    sections: list[Part] = []
    items: list[Part] = []
    for section, fragment in zip(composed.issue.sections, rendered.sections, strict=False):
        sections.append(Part(section.title, None, _utf8(fragment.html)))
        items += _item_parts(section.title, fragment.html, doc.item_urls)
    return SizeReport(
        rendered.size, predicted, GMAIL_CLIP_BYTES, tracked, tuple(sections), tuple(items)
    )


def _item_parts(section: str, html: str, urls: dict[str, str]) -> list[Part]:
    """Each item runs from its first link (its image or headline) to the next item's."""
    starts: dict[str, int] = {}
    for url, article in urls.items():
        at = html.find(f'href="{escape(url)}"')
        if at >= 0 and article not in starts:
            starts[article] = html.rfind("<", 0, at)
    ordered = sorted(starts.items(), key=lambda pair: pair[1])
    parts = []
    for n, (article, start) in enumerate(ordered):
        end = ordered[n + 1][1] if n + 1 < len(ordered) else len(html)
        parts.append(Part(section, article, _utf8(html[start:end])))
    return parts


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def check_size(composed: Composed, doc: Document) -> list[Finding]:
    report = size_report(composed, doc)
    profile = composed.profile
    after = (
        f" ({_kb(report.predicted)} after {profile.label}'s link tracking)"
        if report.predicted != report.total
        else ""
    )
    figure = f"the email is {_kb(report.total)}{after}"
    if report.predicted > report.limit:
        return [
            Finding(
                "error",
                "size.clipped",
                f"{figure}: over Gmail's 102 KB clipping limit, so Gmail hides the end "
                "(the unsubscribe link with it)",
                _biggest(report),
            )
        ]
    if report.predicted > report.limit * NEAR_SHARE:
        return [
            Finding(
                "warning",
                "size.near-clip",
                f"{figure}: close to Gmail's 102 KB clipping limit",
                _biggest(report),
            )
        ]
    return [Finding("info", "size.ok", f"{figure} of Gmail's 102 KB limit", _shares(report))]


def _biggest(report: SizeReport) -> str:
    parts = sorted(report.items or report.sections, key=lambda p: -p.bytes)[:3]
    named = ", ".join(
        f"{p.item or p.section!r} in {p.section!r} {_kb(p.bytes)} ({report.share(p):.0%})"
        if p.item
        else f"section {p.section!r} {_kb(p.bytes)} ({report.share(p):.0%})"
        for p in parts
    )
    return f"Trim or drop the biggest items: {named}." if named else "Trim or drop items."


def _shares(report: SizeReport) -> str:
    return (
        "Sections: " + ", ".join(f"{p.section!r} {report.share(p):.0%}" for p in report.sections)
        if report.sections
        else ""
    )
