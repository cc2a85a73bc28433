"""run_preflight: every rule over one render. Pure apart from reading the workspace's issue
files for the reuse check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.checks.contrast import check_contrast
from newsletter.checks.document import Document, read_document
from newsletter.checks.images import check_images
from newsletter.checks.links import check_links
from newsletter.checks.model import Composed, Finding, by_severity
from newsletter.checks.reuse import check_reuse
from newsletter.checks.size import check_size
from newsletter.checks.tags import check_tags
from newsletter.checks.text import check_text

if TYPE_CHECKING:
    from newsletter.workspace import Workspace

Rule = Callable[[Composed, Document], list[Finding]]
RULES: tuple[tuple[str, Rule], ...] = (
    ("size", check_size),
    ("tags", check_tags),
    ("images", check_images),
    ("links", check_links),
    ("text", check_text),
    ("contrast", check_contrast),
)


def run_preflight(
    composed: Composed,
    workspace: Workspace | None = None,
    *,
    issue_paths: list[Path] | None = None,
) -> list[Finding]:
    """Findings for one composed issue, errors first.

    The reuse check reads `issue_paths` (default: the workspace's issues/); without either
    it is skipped.
    """
    doc = read_document(composed)
    findings = [finding for _, rule in RULES for finding in rule(composed, doc)]
    if issue_paths is None and workspace is not None:
        issue_paths = workspace.issue_paths()
    if issue_paths:
        findings += check_reuse(composed, doc, issue_paths)
    return by_severity(findings)


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == "error"]
