"""The preflight for the app: the checks compose runs, on the app's in-memory render.

Plain Python (no widgets); the render worker calls `check_render` right after rendering.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsletter.checks import Finding, run_preflight
from newsletter.compose import Composition
from newsletter.models import Article, Brand, Issue, Profile, Rendered
from newsletter.workspace import Workspace

RENDER_WARNING = "render.warning"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_render(
    workspace: Workspace,
    issue: Issue,
    articles: Mapping[str, Article],
    brand: Brand,
    profile: Profile,
    rendered: Rendered,
) -> list[Finding]:
    """The preflight's findings (errors first) for this render, as `compose` would report
    them for the same issue saved; then the render's own warnings."""
    composition = Composition(issue, dict(articles), brand, profile, rendered)
    findings = run_preflight(composition, workspace)
    findings += [Finding("warning", RENDER_WARNING, warning) for warning in rendered.warnings]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    found = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in findings:
        found[finding.severity] += 1
    return found


def locate(finding: Finding, issue: Issue) -> tuple[int, int | None] | None:
    """The (section, item) a finding concerns in `issue`, or None for the whole email."""
    titles = [section.title for section in issue.sections]
    if finding.item is not None:
        matches = [
            (si, ii)
            for si, section in enumerate(issue.sections)
            for ii, item in enumerate(section.items)
            if item.article == finding.item
        ]
        same_section = [m for m in matches if titles[m[0]] == finding.section]
        if same_section or matches:
            return (same_section or matches)[0]
    if finding.section is not None and finding.section in titles:
        return (titles.index(finding.section), None)
    return None
