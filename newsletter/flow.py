"""The sign-up flow's emails: confirm (double opt-in) and welcome.

Both are rendered by the one render path (render_issue) from the same partials as the monthly
issue: a pseudo-issue picks the template ("confirm" / "welcome") and `extra={"flow": ...}`
carries what those templates need. Rendering is pure; `render_flow` and `export_flow` are the
workspace-level steps the CLI runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter import writer
from newsletter.config import load_profile, profile_names
from newsletter.errors import InputError
from newsletter.issuefile import load_issue
from newsletter.models import Article, Brand, Issue, Profile, Rendered, Section, month_label
from newsletter.render import GMAIL_CLIP_BYTES, Templates, render_issue
from newsletter.signup import SignupSettings, load_signup
from newsletter.workspace import Workspace

if TYPE_CHECKING:
    from newsletter.checks import Finding

FLOW_EMAILS = ("confirm", "welcome")
HIGHLIGHTS = 6  # at most this many of the latest issue's items in the welcome email


@dataclass(frozen=True)
class FlowEmail:
    """One rendered email of the sign-up flow, shaped like a composition for the checks.

    `profile` is the workspace's profile as the email tool sees this email: for the confirm
    email the confirmation link is the tag it requires.
    """

    kind: str
    subject: str
    preheader: str
    rendered: Rendered
    issue: Issue
    profile: Profile
    brand: Brand
    articles: Mapping[str, Article] = field(default_factory=dict)


def missing_confirm_error(profile: Profile, config_path: Path | None = None) -> InputError:
    """Why a confirm email cannot be built for `profile`, and the ways out."""
    with_tag = [name for name in profile_names() if load_profile(name).confirm] or ["generic"]
    choices = " or ".join(
        [", ".join(with_tag[:-1]), with_tag[-1]] if len(with_tag) > 1 else with_tag
    )
    return InputError(
        f"the {profile.label} profile has no confirmation merge tag: {profile.label} sends its "
        "own double opt-in confirmation email (customise that one in the tool), so there is "
        "no link to put on the confirm button",
        path=config_path,
        hint="Set `confirm_url` under [signup] in newsletter.toml if you confirm sign-ups "
        f"yourself, use a profile with a confirm tag (--profile {choices}), "
        "or build the welcome email alone: `newsletter flow --email welcome`.",
    )


def _flow_context(kind: str, signup: SignupSettings, **more: Any) -> dict[str, Any]:
    return {
        "flow": {
            "kind": kind,
            "description": signup.description,
            "schedule": signup.schedule,
            "archive_url": signup.archive_url or "",
            "confirm_url": "",
            "latest": None,
            **more,
        }
    }


def render_confirm(
    brand: Brand,
    profile: Profile,
    signup: SignupSettings,
    *,
    templates: Templates | None = None,
    today: date | None = None,
) -> FlowEmail:
    """The double opt-in email; InputError when neither the profile nor [signup] has a link."""
    confirm = profile.confirm or signup.confirm_url
    if not confirm:
        raise missing_confirm_error(profile, signup.config_path)
    # Not subscribed yet: no unsubscribe or view-in-browser links; the confirm link is a must.
    checked = replace(profile, confirm=confirm, required=(confirm,))
    without_links = replace(checked, unsubscribe="", view_in_browser="")
    issue = Issue(
        name="confirm",
        number=0,
        date=today or date.today(),
        subject=signup.subject("confirm", brand.name),
        preheader=f"One click and you will get the {brand.name} newsletter {signup.schedule}.",
        template="confirm",
    )
    extra = _flow_context("confirm", signup, header_line="Newsletter sign-up", confirm_url=confirm)
    rendered = render_issue(issue, {}, brand, without_links, templates=templates, extra=extra)
    return FlowEmail("confirm", issue.subject, issue.preheader, rendered, issue, checked, brand)


def _highlights(issue: Issue, limit: int = HIGHLIGHTS) -> tuple[Section, ...]:
    """The issue's sections cut to its first `limit` items, all compact (titles and links)."""
    sections = []
    left = limit
    for section in issue.sections:
        items = tuple(replace(item, layout="compact") for item in section.items[:left])
        left -= len(items)
        if items:
            sections.append(replace(section, items=items))
    return tuple(sections)


def render_welcome(
    brand: Brand,
    profile: Profile,
    signup: SignupSettings,
    latest: Issue | None,
    articles: Mapping[str, Article],
    *,
    templates: Templates | None = None,
    today: date | None = None,
) -> FlowEmail:
    """The welcome email, with the latest issue's highlights (titles and links) when given."""
    subject = signup.subject("welcome", brand.name)
    preheader = f"What to expect from the {brand.name} newsletter, and the latest news."
    latest_ctx = None
    if latest is not None:
        issue = replace(
            latest,
            name="welcome",
            subject=subject,
            preheader=preheader,
            intro="",
            template="welcome",
            sections=_highlights(latest),
        )
        latest_ctx = {
            "number": latest.number,
            "date_label": month_label(latest.date),
            "subject": latest.subject,
        }
    else:
        day = today or date.today()
        issue = Issue("welcome", 0, day, subject, preheader=preheader, template="welcome")
    extra = _flow_context("welcome", signup, header_line="Welcome", latest=latest_ctx)
    rendered = render_issue(issue, articles, brand, profile, templates=templates, extra=extra)
    return FlowEmail("welcome", subject, preheader, rendered, issue, profile, brand, articles)


def latest_issue(workspace: Workspace) -> tuple[Issue | None, dict[str, Article]]:
    """The newest file in issues/ and its articles from the (refreshed) archive."""
    from newsletter.library import ensure_archive

    path = workspace.newest_issue()
    if path is None:
        return None, {}
    with ensure_archive(workspace) as archive:
        issue = load_issue(path, known_ids=set(archive.ids()))
        articles = archive.get_many([item.article for item in issue.items])
    return issue, articles


def render_flow(
    workspace: Workspace,
    *,
    emails: tuple[str, ...] = FLOW_EMAILS,
    profile_name: str | None = None,
    today: date | None = None,
) -> list[FlowEmail]:
    """Render the requested flow emails for a workspace. Writes nothing (bar the archive cache)."""
    config = workspace.config
    profile = load_profile(profile_name or config.profile)
    signup = load_signup(workspace.config_path, config)
    templates = Templates(workspace.templates_dir)
    results = []
    if "confirm" in emails:
        results.append(
            render_confirm(config.brand, profile, signup, templates=templates, today=today)
        )
    if "welcome" in emails:
        latest, articles = latest_issue(workspace)
        results.append(
            render_welcome(
                config.brand, profile, signup, latest, articles, templates=templates, today=today
            )
        )
    return results


def preflight(email: FlowEmail) -> list[Finding]:
    """The preflight checks of a flow email (the reuse check does not apply to them)."""
    from newsletter.checks import run_preflight

    return run_preflight(email)


def flow_report(
    emails: list[FlowEmail],
    files: Mapping[str, Mapping[str, Path]],
    findings: Mapping[str, list[Finding]] | None = None,
) -> dict[str, Any]:
    """The machine-readable summary written beside the emails (flow.json)."""
    findings = findings or {}
    return {
        email.kind: {
            "subject": email.subject,
            "preheader": email.preheader,
            "profile": email.profile.name,
            "size_bytes": email.rendered.size,
            "size_limit_bytes": GMAIL_CLIP_BYTES,
            "warnings": list(email.rendered.warnings),
            "findings": [finding.to_dict() for finding in findings.get(email.kind, [])],
            "files": {kind: str(path) for kind, path in files.get(email.kind, {}).items()},
        }
        for email in emails
    }


def export_flow(
    emails: list[FlowEmail], out_dir: Path, findings: Mapping[str, list[Finding]] | None = None
) -> dict[str, Any]:
    """Write KIND.html and KIND.txt for each email plus flow.json, as one atomic step."""
    files = {
        email.kind: {kind: out_dir / f"{email.kind}.{kind}" for kind in ("html", "txt")}
        for email in emails
    }
    data = flow_report(emails, files, findings)
    contents: dict[Path, str] = {out_dir / "flow.json": json.dumps(data, indent=2) + "\n"}
    for email in emails:
        contents[files[email.kind]["html"]] = email.rendered.html
        contents[files[email.kind]["txt"]] = email.rendered.text
    writer.write_many(contents)
    return data
