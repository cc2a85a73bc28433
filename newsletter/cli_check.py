"""`newsletter check` (the preflight, optionally every link over the network) and
`newsletter send-test` (the email over SMTP to one address)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from newsletter.checks import Finding
    from newsletter.compose import Composition
    from newsletter.links import LinkResult, Target

ISSUE_OPTION = click.option(
    "--issue",
    "issue_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The issue's TOML file.",
)
MARKS = {"error": ("✗", "red"), "warning": ("!", "yellow"), "info": ("i", "cyan")}


def _cli_errors(func: Any) -> Any:
    from newsletter.cli import user_errors

    return user_errors(func)


def _compose(ctx: click.Context, issue_file: Path) -> Composition:
    from newsletter.cli import _workspace
    from newsletter.compose import compose_issue

    return compose_issue(_workspace(ctx), issue_file.resolve())


def _check_links(targets: list[Target], show_progress: bool) -> list[LinkResult]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from newsletter.links import check_links_now

    console = Console(stderr=True)
    with Progress(
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not (show_progress and console.is_terminal),
    ) as bar:
        task = bar.add_task("", total=len(targets))

        def advance(done: int, total: int, result: LinkResult) -> None:
            bar.update(task, completed=done, description=result.target.url[-50:])

        return check_links_now(targets, progress=advance)


def print_finding(finding: Finding) -> None:
    mark, colour = MARKS[finding.severity]
    where = f"{finding.where}: " if finding.where else ""
    click.echo(
        click.style(f"{mark} {finding.severity:<7}", fg=colour, bold=True)
        + f" {where}{finding.message} "
        + click.style(f"[{finding.code}]", dim=True)
    )
    if finding.hint:
        click.echo(f"            {finding.hint}")


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in MARKS}
    parts = [
        f"{counts['error']} error{'s' * (counts['error'] != 1)}",
        f"{counts['warning']} warning{'s' * (counts['warning'] != 1)}",
    ]
    verdict = "fix the errors before sending" if counts["error"] else "ready to send"
    return f"{', '.join(parts)}: {verdict}"


@click.command()
@ISSUE_OPTION
@click.option(
    "--links", "with_links", is_flag=True, help="Also fetch every link and image URL (network)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
@_cli_errors
def check(ctx: click.Context, issue_file: Path, with_links: bool, as_json: bool) -> None:
    """Preflight an issue: size, merge tags, images, links, text, contrast, reuse.

    Exit code 0 when nothing blocks sending, 1 when an error does, 2 for bad input.
    """
    from newsletter.checks import read_document, size_report
    from newsletter.checks.model import by_severity
    from newsletter.links import collect_targets, link_findings

    composition = _compose(ctx, issue_file)
    findings = list(composition.findings)
    doc = read_document(composition)
    results: list[LinkResult] = []
    if with_links:
        results = _check_links(collect_targets(doc), show_progress=True)
        findings = by_severity(findings + link_findings(results))
    blocked = any(f.severity == "error" for f in findings)
    if as_json:
        data = {
            "issue": composition.issue.name,
            "subject": composition.issue.subject,
            "profile": composition.profile.name,
            "ok": not blocked,
            "findings": [f.to_dict() for f in findings],
            "size": size_report(composition, doc).to_dict(),
            "render_warnings": list(composition.rendered.warnings),
            "links": [r.to_dict() for r in results] if with_links else None,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for warning in composition.rendered.warnings:
            click.secho(f"render: {warning}", fg="yellow", err=True)
        for finding in findings:
            print_finding(finding)
        if with_links:
            click.echo(f"{len(results)} link and image URLs checked")
        click.echo(summary(findings))
    sys.exit(1 if blocked else 0)


@click.command(name="send-test")
@ISSUE_OPTION
@click.option("--to", "to", required=True, help="Where to send the test email.")
@click.pass_context
@_cli_errors
def send_test(ctx: click.Context, issue_file: Path, to: str) -> None:
    """Send the issue to one address over SMTP ([smtp] in newsletter.toml).

    The login comes from NEWSLETTER_SMTP_USER and NEWSLETTER_SMTP_PASSWORD in the
    environment, never from the workspace.
    """
    from newsletter.cli import _workspace
    from newsletter.eml import check_address
    from newsletter.sendtest import load_smtp, send_message

    recipient = check_address(to, "--to")
    settings = load_smtp(_workspace(ctx))  # settings first: no render for a missing server
    composition = _compose(ctx, issue_file)
    send_message(composition.message(to=recipient), settings)
    secure = " with STARTTLS" if settings.starttls else ""
    click.echo(
        f"sent {composition.issue.subject!r} to {recipient} through "
        f"{settings.host}:{settings.port}{secure}"
    )
    if composition.blocking:
        click.secho(
            f"note: {len(composition.blocking)} problem(s) still block sending this issue to the "
            "list; see `newsletter check`",
            fg="yellow",
            err=True,
        )
