"""Images: alt text (or marked decorative), an absolute https source, a width attribute."""

from __future__ import annotations

from urllib.parse import urlsplit

from newsletter.checks.document import Document, Picture
from newsletter.checks.model import Composed, Finding
from newsletter.utm import has_merge_tag


def _short(url: str) -> str:
    return url if len(url) <= 70 else url[:67] + "..."


def _alt(image: Picture) -> Finding | None:
    if image.alt is None:
        return Finding(
            "error",
            "images.alt-missing",
            f"image {_short(image.src)} has no alt attribute",
            'Give it alt text, or alt="" if it is decorative.',
            image.section,
            image.item,
        )
    if image.alt.strip() or image.decorative:
        return None
    if image.linked:
        return Finding(
            "error",
            "images.alt-link",
            f"linked image {_short(image.src)} has empty "
            "alt text, so its link has no name for screen readers",
            "Add alt text to the article's image (or a caption) in the source.",
            image.section,
            image.item,
        )
    return Finding(
        "warning",
        "images.alt-empty",
        f"image {_short(image.src)} has empty alt text",
        'Describe it, or mark it decorative with role="presentation".',
        image.section,
        image.item,
    )


def _source(image: Picture) -> Finding | None:
    src = image.src
    if has_merge_tag(src):
        return None
    scheme = urlsplit(src).scheme.lower() if src else ""
    if scheme == "https":
        return None
    if scheme == "http":
        return Finding(
            "warning",
            "images.http",
            f"image {_short(src)} is served over plain http; some clients block or flag it",
            "Use the https address.",
            image.section,
            image.item,
        )
    what = "has no source" if not src else f"source {_short(src)} is not an absolute https URL"
    return Finding(
        "error",
        "images.source",
        f"image {what}; it will not load in inboxes",
        "Host the image on the web and use its https:// address.",
        image.section,
        image.item,
    )


def check_images(composed: Composed, doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for image in doc.images:
        findings += [f for f in (_alt(image), _source(image)) if f is not None]
        if not (image.width or "").strip():
            findings.append(
                Finding(
                    "warning",
                    "images.width",
                    f"image {_short(image.src)} has "
                    "no width attribute; Outlook shows it at full size",
                    "Give the image a width (mj-image sets one).",
                    image.section,
                    image.item,
                )
            )
    return findings
