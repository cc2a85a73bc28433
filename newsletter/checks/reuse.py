"""Reuse: articles that an earlier issue already carried (and repeats within this one)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsletter.checks.document import Document
from newsletter.checks.model import Composed, Finding
from newsletter.usage import usage_index


def check_reuse(composed: Composed, doc: Document, issue_paths: list[Path]) -> list[Finding]:
    issue = composed.issue
    others = [path for path in issue_paths if path.stem != issue.name]
    used = usage_index(others)
    findings = []
    counts = Counter(item.article for item in issue.items)
    for section in issue.sections:
        for item in section.items:
            earlier = used.get(item.article)
            if earlier:
                names = ", ".join(earlier)
                findings.append(
                    Finding(
                        "warning",
                        "reuse.earlier-issue",
                        f"already in issue {names}",
                        "Pick another article, or keep it on purpose (a "
                        "follow-up) and say so in the teaser.",
                        section.title,
                        item.article,
                    )
                )
    for article, count in counts.items():
        if count > 1:
            findings.append(
                Finding(
                    "warning",
                    "reuse.repeated",
                    f"appears {count} times in this issue",
                    "Remove the repeats.",
                    item=article,
                )
            )
    return findings
