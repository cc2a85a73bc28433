"""`newsletter flow`, `site`, `init` and `templates list`: the sign-up flow's emails, the web
archive, a new workspace, and which template copy wins."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

FLOW_CHOICES = ("confirm", "welcome")


def _cli_errors(func: Any) -> Any:
    from newsletter.cli import user_errors

    return user_errors(func)


def _workspace(ctx: click.Context) -> Any:
    from newsletter.cli import _workspace

    return _workspace(ctx)


@click.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: the workspace's out/flow/).",
)
@click.option(
    "--email",
    "emails",
    type=click.Choice(FLOW_CHOICES),
    multiple=True,
    help=(
        "Build only this email (repeatable; default: both, or the welcome alone when the "
        "tool sends its own confirmation)."
    ),
)
@click.option("--profile", help="Email-tool profile (default: newsletter.toml's [email] profile).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@_cli_errors
def flow(
    ctx: click.Context,
    out_dir: Path | None,
    emails: tuple[str, ...],
    profile: str | None,
    as_json: bool,
) -> None:
    """Build the sign-up flow's emails: confirm.html/.txt (double opt-in), welcome.html/.txt.

    The welcome email shows the highlights of the newest issue in issues/.
    """
    from newsletter.flow import export_flow, preflight, render_flow

    workspace = _workspace(ctx)
    if not emails:
        emails = _default_emails(workspace, profile)
    rendered = render_flow(workspace, emails=emails, profile_name=profile)
    findings = {email.kind: preflight(email) for email in rendered}
    data = export_flow(rendered, (out_dir or workspace.out_dir / "flow").resolve(), findings)
    blocked = any(f.severity == "error" for found in findings.values() for f in found)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for kind, report in data.items():
            size = report["size_bytes"] / 1024
            click.echo(f"{report['files']['html']}  ({size:.1f} KB of 102 KB)")
            click.echo(report["files"]["txt"])
            click.echo(f"  subject: {report['subject']}")
            for warning in report["warnings"]:
                click.secho(f"warning: {kind}: {warning}", fg="yellow", err=True)
            for finding in findings[kind]:
                if finding.severity != "info":
                    colour = "red" if finding.severity == "error" else "yellow"
                    click.secho(f"{kind}: {finding}", fg=colour, err=True)
    sys.exit(1 if blocked else 0)


def _default_emails(workspace: Any, profile_name: str | None) -> tuple[str, ...]:
    """Both emails, or the welcome alone when the email tool sends its own confirmation."""
    from newsletter.config import load_profile
    from newsletter.signup import load_signup

    profile = load_profile(profile_name or workspace.config.profile)
    if profile.confirm or load_signup(workspace.config_path, workspace.config).confirm_url:
        return FLOW_CHOICES
    click.echo(
        f"note: {profile.label} sends its own double opt-in email, so only the welcome email "
        "is built. To build a confirm email too, set confirm_url under [signup] in "
        "newsletter.toml.",
        err=True,
    )
    return ("welcome",)


@click.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: the workspace's out/site/).",
)
@click.pass_context
@_cli_errors
def site(ctx: click.Context, out_dir: Path | None) -> None:
    """Build the web archive: index.html (newest first) and one page per issue.

    Plain static files with relative links: open index.html or put the folder on any server.
    """
    from newsletter.site import INDEX, collect_site, write_site

    workspace = _workspace(ctx)
    target = (out_dir or workspace.out_dir / "site").resolve()
    build = collect_site(workspace)
    write_site(build.pages, target)
    count = len(build.pages) - 1
    click.echo(f"{target / INDEX}  ({count} issue page{'' if count == 1 else 's'})")
    for warning in build.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--with-templates", is_flag=True, help="Copy the package templates to templates/.")
@click.option("--name", default="Our Newsletter", show_default=True, help="The brand's name.")
@click.option("--website", default="https://example.org", show_default=True)
@click.option("--signup-url", default="", help="Sign-up page (default: WEBSITE/newsletter/).")
@click.option(
    "--address",
    default="Organisation name, street address, postcode and city",
    help="Postal address for the footer.",
)
@click.option("--logo-url", default=None, help="Logo image, an absolute https URL.")
@click.option("--lang", default="en", show_default=True, help="Language tag of the emails.")
@click.option("--profile", default="generic", show_default=True, help="Email-tool profile.")
@_cli_errors
def init(folder: Path, with_templates: bool, **brand: Any) -> None:
    """Create a new workspace in FOLDER: newsletter.toml, issues/ with a first issue, the
    sample articles, templates/. Never overwrites an existing workspace."""
    from newsletter.init import BrandAnswers, init_workspace

    written = init_workspace(folder, BrandAnswers(**brand), with_templates=with_templates)
    issue = next(path for path in written if path.parent.name == "issues")
    click.echo(f"Created a workspace in {folder} ({len(written)} files).")
    click.echo("Next:")
    click.echo(f"  cd {folder}")
    click.echo(f"  newsletter compose --issue issues/{issue.name}")
    click.echo("  newsletter            # the composer app")
    click.echo("Then set your brand in newsletter.toml: name, website, sign-up URL, address, logo.")


@dataclass(frozen=True)
class TemplateSource:
    """A template name and the copy the renderer uses: the workspace's or the package's."""

    name: str
    winner: str  # "workspace" or "package"
    path: str
    overrides: bool  # the workspace copy replaces a package default


def template_sources(workspace_dir: Path) -> list[TemplateSource]:
    """Every template the renderer can load, and which copy wins (the workspace's first)."""
    from newsletter.init import package_template_files
    from newsletter.render.templates import package_templates

    package = set(package_template_files())
    own = (
        {p.relative_to(workspace_dir).as_posix() for p in workspace_dir.rglob("*.j2")}
        if workspace_dir.is_dir()
        else set()
    )
    rows = []
    for name in sorted(package | own):
        if name in own:
            path = str(workspace_dir / name)
            rows.append(TemplateSource(name, "workspace", path, name in package))
        else:
            rows.append(TemplateSource(name, "package", str(package_templates() / name), False))
    return rows


@click.group()
def templates() -> None:
    """The email and web-archive templates (a workspace's templates/ overrides the package's)."""


@templates.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
@_cli_errors
def list_(ctx: click.Context, as_json: bool) -> None:
    """Show each template and whether the workspace's copy or the package's is used."""
    workspace = _workspace(ctx)
    rows = template_sources(workspace.templates_dir)
    if as_json:
        data = [
            {"name": r.name, "used": r.winner, "path": r.path, "overrides": r.overrides}
            for r in rows
        ]
        click.echo(json.dumps(data, indent=2))
        return
    width = max(len(row.name) for row in rows)
    for row in rows:
        note = "workspace (overrides the package)" if row.overrides else row.winner
        if row.winner == "workspace" and not row.overrides:
            note = "workspace (no package default)"
        click.echo(f"{row.name:<{width}}  {note}")
    own = sum(row.winner == "workspace" for row in rows)
    click.echo(f"{own} of {len(rows)} templates come from {workspace.templates_dir}")
