"""Text: subject and preheader lengths, a preheader that adds something, no placeholders."""

from __future__ import annotations

import re

from newsletter.checks.document import Document
from newsletter.checks.model import Composed, Finding
from newsletter.render.context import clean, split_paragraphs
from newsletter.trim import trim

SUBJECT_MAX = 60
PREHEADER_MIN, PREHEADER_MAX = 40, 130
_PLACEHOLDER = re.compile(
    r"\blorem ipsum\b|\bTODO\b|\bFIXME\b|\bTBD\b|\bXXX+\b|\[(?:headline|title|text|link)\]",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def first_line(composed: Composed) -> str:
    """What an inbox shows after the subject when there is no preheader: the first text."""
    intro = split_paragraphs(composed.issue.intro)
    if intro:
        return intro[0]
    for item in composed.issue.items:
        article = composed.articles.get(item.article)
        if article is not None:
            teaser = trim(article, item)
            return teaser.paragraphs[0] if teaser.paragraphs else teaser.headline
    return ""


def check_text(composed: Composed, doc: Document) -> list[Finding]:
    issue = composed.issue
    findings: list[Finding] = []
    subject = clean(issue.subject)
    if not subject:
        findings.append(
            Finding(
                "error",
                "text.subject-empty",
                "the subject is empty",
                "Set `subject` in the issue file.",
            )
        )
    elif len(subject) > SUBJECT_MAX:
        findings.append(
            Finding(
                "warning",
                "text.subject-long",
                f"the subject is {len(subject)} characters; inboxes cut it "
                f"after about {SUBJECT_MAX}",
                f"Shorten it to {SUBJECT_MAX} characters or fewer, most important words first.",
            )
        )
    findings += _preheader(composed, subject)
    findings += _placeholders(composed)
    return findings


def _preheader(composed: Composed, subject: str) -> list[Finding]:
    preheader = " ".join(clean(composed.issue.preheader).split())
    tag = composed.profile.preheader_tag
    if not preheader and tag and tag in composed.rendered.html:
        return [
            Finding(
                "warning",
                "text.preheader-tool",
                f"no preheader in the issue: the email takes {composed.profile.label}'s "
                f"preview text ({tag})",
                f"Fill the preview text in {composed.profile.label} ({PREHEADER_MIN}-"
                f"{PREHEADER_MAX} characters), or set `preheader` in the issue file.",
            )
        ]
    if not preheader:
        return [
            Finding(
                "warning",
                "text.preheader-missing",
                "no preheader: inboxes show the first line of the email instead",
                f"Set `preheader` in the issue file ({PREHEADER_MIN}-{PREHEADER_MAX} characters).",
            )
        ]
    findings = []
    if len(preheader) < PREHEADER_MIN:
        findings.append(
            Finding(
                "warning",
                "text.preheader-short",
                f"the preheader is {len(preheader)} characters; under "
                f"{PREHEADER_MIN}, inboxes fill the rest with the email's first "
                "words",
                "Write a fuller summary of the issue.",
            )
        )
    elif len(preheader) > PREHEADER_MAX:
        findings.append(
            Finding(
                "warning",
                "text.preheader-long",
                f"the preheader is {len(preheader)} characters; inboxes show about {PREHEADER_MAX}",
                "Shorten it.",
            )
        )
    folded, first = _fold(preheader), _fold(first_line(composed))
    if first and (first.startswith(folded) or folded.startswith(first)):
        findings.append(
            Finding(
                "warning",
                "text.preheader-repeats",
                "the preheader repeats the first line of the email, so the "
                "inbox shows the same words twice",
                "Say something the first line does not.",
            )
        )
    elif folded == _fold(subject):
        findings.append(
            Finding(
                "warning",
                "text.preheader-subject",
                "the preheader repeats the subject",
                "Use it to add to the subject.",
            )
        )
    return findings


def _placeholders(composed: Composed) -> list[Finding]:
    issue = composed.issue
    fields: list[tuple[str, str | None, str]] = [
        ("subject", None, issue.subject),
        ("preheader", None, issue.preheader),
        ("intro", None, issue.intro),
    ]
    for section in issue.sections:
        fields.append(("section title", section.title, section.title))
        for item in section.items:
            fields += [
                ("headline", item.article, item.headline or ""),
                ("teaser", item.article, item.teaser or ""),
            ]
    findings = []
    for name, where, value in fields:
        match = _PLACEHOLDER.search(value)
        if match:
            findings.append(
                Finding(
                    "warning",
                    "text.placeholder",
                    f"the {name} still says {match.group(0)!r}",
                    "Replace the placeholder before sending.",
                    item=where if name in ("headline", "teaser") else None,
                    section=where if name == "section title" else None,
                )
            )
    return findings
