"""Compose an issue file into its outputs: the render plus the report, then the files."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from newsletter import eml, writer
from newsletter.archive import Archive
from newsletter.checks import Finding, run_preflight
from newsletter.config import load_profile
from newsletter.issuefile import load_issue
from newsletter.library import ensure_archive
from newsletter.models import Article, Brand, Issue, Profile, Rendered
from newsletter.render import Templates, render_issue
from newsletter.sendtest import configured_sender
from newsletter.workspace import Workspace

GMAIL_CLIP_BYTES = 102 * 1024


@dataclass(frozen=True)
class Composition:
    """Everything one render of an issue produced, and what it was made from."""

    issue: Issue
    articles: dict[str, Article]
    brand: Brand
    profile: Profile
    rendered: Rendered
    findings: tuple[Finding, ...] = ()
    sender: str | None = None

    @property
    def blocking(self) -> list[str]:
        """Problems that must be fixed before sending (compose exits 1 on any): the
        preflight's error findings (the Gmail size clip is one of them)."""
        return [
            f"{finding.where}: {finding.message}" if finding.where else finding.message
            for finding in self.findings
            if finding.severity == "error"
        ]

    def message(self, to: str = eml.UNDISCLOSED) -> EmailMessage:
        """The email as a MIME message (what NAME.eml holds and send-test sends)."""
        return eml.build_message(
            self.rendered,
            subject=self.issue.subject,
            sender=self.sender or eml.default_sender(self.brand),
            to=to,
        )


def compose_issue(
    workspace: Workspace,
    issue_path: Path,
    *,
    archive: Archive | None = None,
    templates: Templates | None = None,
) -> Composition:
    """Load, validate and render an issue. Raises InputError(s) for bad input; writes nothing."""
    own_archive = archive is None
    archive = archive or ensure_archive(workspace)
    try:
        issue = load_issue(issue_path, known_ids=set(archive.ids()))
        articles = archive.get_many([item.article for item in issue.items])
    finally:
        if own_archive:
            archive.close()
    config = workspace.config
    profile = load_profile(issue.profile or config.profile)
    templates = templates or Templates(workspace.templates_dir)
    rendered = render_issue(issue, articles, config.brand, profile, templates=templates)
    composition = Composition(
        issue, articles, config.brand, profile, rendered, sender=configured_sender(workspace)
    )
    return replace(composition, findings=tuple(run_preflight(composition, workspace)))


def report(composition: Composition, files: dict[str, Path] | None = None) -> dict[str, Any]:
    """The machine-readable report written beside the HTML (NAME.json)."""
    rendered = composition.rendered
    issue = composition.issue
    return {
        "issue": issue.name,
        "number": issue.number,
        "date": issue.date.isoformat(),
        "subject": issue.subject,
        "profile": composition.profile.name,
        "size_bytes": rendered.size,
        "size_limit_bytes": GMAIL_CLIP_BYTES,
        "text_bytes": len(rendered.text.encode("utf-8")),
        "sections": [
            {
                "title": section.title,
                "items": [item.article for item in section.items],
                "html_bytes": len(fragment.html.encode("utf-8")),
            }
            for section, fragment in zip(issue.sections, rendered.sections, strict=True)
        ],
        "warnings": list(rendered.warnings),
        "blocking": composition.blocking,
        "findings": [finding.to_dict() for finding in composition.findings],
        "files": {kind: str(path) for kind, path in (files or {}).items()},
    }


def output_paths(issue: Issue, out_dir: Path) -> dict[str, Path]:
    return {kind: out_dir / f"{issue.name}.{kind}" for kind in ("html", "txt", "json", "eml")}


def export(composition: Composition, out_dir: Path) -> dict[str, Any]:
    """Write NAME.html, NAME.txt, NAME.eml and NAME.json into out_dir as one atomic step."""
    paths = output_paths(composition.issue, out_dir)
    data = report(composition, paths)
    writer.write_many(
        {
            paths["html"]: composition.rendered.html,
            paths["txt"]: composition.rendered.text,
            paths["eml"]: eml.message_bytes(composition.message()),
            paths["json"]: json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        }
    )
    return data


def export_issue(
    workspace: Workspace, issue_path: Path, out_dir: Path | None = None
) -> dict[str, Any]:
    """Compose and write an issue's files (what `compose` and the app's export both do)."""
    composition = compose_issue(workspace, issue_path)
    return export(composition, out_dir or workspace.out_dir)
