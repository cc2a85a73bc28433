"""Tags: the email tool's required merge tags, no other tool's tags, the sign-up block and
the sender's physical address (anti-spam laws require both an unsubscribe link and one)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from newsletter.checks.document import Document
from newsletter.checks.model import Composed, Finding
from newsletter.config import load_profile, profile_names
from newsletter.models import Profile


def _tags(profile: Profile) -> set[str]:
    tags = {
        profile.unsubscribe,
        profile.view_in_browser,
        profile.first_name,
        profile.confirm,
        profile.preheader_tag,
        *profile.required,
    }
    return {tag for tag in tags if tag}


@cache
def _all_profiles() -> tuple[Profile, ...]:
    return tuple(load_profile(name) for name in profile_names())


def _foreign_tags(profile: Profile) -> dict[str, str]:
    """Tags of the other profiles that are not this profile's -> the tool they belong to."""
    own = _tags(profile)
    foreign: dict[str, str] = {}
    for other in _all_profiles():
        if other.name != profile.name:
            for tag in _tags(other) - own:
                foreign.setdefault(tag, other.label)
    return foreign


def _without_query(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}"


def check_tags(composed: Composed, doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    profile, rendered = composed.profile, composed.rendered
    tool = profile.label
    for tag in profile.required:
        if tag not in rendered.html:
            findings.append(
                Finding(
                    "error",
                    "tags.required",
                    f"{tool} requires the merge tag {tag} and the HTML lacks it",
                    "Keep the unsubscribe link of the footer partial, or check "
                    "the email-tool profile of the issue / newsletter.toml.",
                )
            )
        elif tag not in rendered.text:
            findings.append(
                Finding(
                    "warning",
                    "tags.required-text",
                    f"the plain-text version lacks {tag}",
                    "Keep the unsubscribe lines of the text footer partial.",
                )
            )
    hrefs = {link.href for link in doc.links}
    if profile.unsubscribe in rendered.html and profile.unsubscribe not in hrefs:
        findings.append(
            Finding(
                "warning",
                "tags.unsubscribe-link",
                f"{profile.unsubscribe} appears, but not as a link's address",
                f'Write it as <a href="{profile.unsubscribe}">Unsubscribe</a>.',
            )
        )
    for tag, other in sorted(_foreign_tags(profile).items()):
        if tag in rendered.html or tag in rendered.text:
            findings.append(
                Finding(
                    "warning",
                    "tags.foreign",
                    f"{tag} is a {other} merge tag; {tool} will show it as is",
                    f"Use {tool}'s tags, or set the profile to the tool you use.",
                )
            )
    findings += _signup(composed, doc)
    findings += _address(composed, doc)
    return findings


def _signup(composed: Composed, doc: Document) -> list[Finding]:
    target = _without_query(composed.brand.signup_url)
    if any(_without_query(link.href) == target for link in doc.links if "//" in link.href):
        return []
    return [
        Finding(
            "warning",
            "tags.signup",
            "no sign-up link: readers who got the email forwarded cannot subscribe",
            f"Keep the sign-up partial; it links to brand.signup_url "
            f"({composed.brand.signup_url}).",
        )
    ]


def _address(composed: Composed, doc: Document) -> list[Finding]:
    address = " ".join(composed.brand.address.split())
    if not address:
        return [
            Finding(
                "error",
                "tags.address",
                "no physical address in the email",
                "Set brand.address in newsletter.toml (required by anti-spam law).",
            )
        ]
    if address.casefold() not in doc.text.casefold():
        return [
            Finding(
                "error",
                "tags.address",
                "the sender's postal address is not in the email",
                "Keep the footer partial, which shows brand.address.",
            )
        ]
    if not re.search(r"\d", address):
        return [
            Finding(
                "warning",
                "tags.address-postal",
                f"the address {address!r} has no street number or postcode",
                "Give a full postal address in brand.address.",
            )
        ]
    return []
