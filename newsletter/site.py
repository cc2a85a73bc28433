"""The static web archive: an index of every issue, newest first, and one page per issue.

Each issue page is the email's view-in-browser version from the one render path, rendered
with a profile that has no merge tags (so no unsubscribe or view-in-browser links) and
`extra={"web": ...}` so the templates link back to the index. Every link between pages is
relative, so the folder works from file:// and from any web server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from newsletter import writer
from newsletter.config import load_profile, profile_names
from newsletter.issuefile import load_issue
from newsletter.models import Article, Brand, Issue, Profile
from newsletter.render import Templates, render_issue
from newsletter.render.context import build_context
from newsletter.workspace import Workspace

INDEX = "index.html"
ISSUES_DIR = "issues"
INDEX_TEMPLATE = "site/index.html.j2"
WEB_PROFILE = Profile(name="web", label="Web archive", unsubscribe="", view_in_browser="")
_MAILCHIMP_TAG = re.compile(r"\*\|[A-Z][A-Z0-9_:]*\|\*")
_CSS_SAFE = re.compile(r"[^\w\s,'#.%()-]")


@dataclass
class SiteBuild:
    """The pages (relative path -> HTML) and what rendering them noticed."""

    pages: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def page_path(issue_name: str) -> str:
    """Where an issue's page goes, relative to the site's root."""
    return f"{ISSUES_DIR}/{issue_name}.html"


def _page_href(issue_name: str) -> str:
    return f"{ISSUES_DIR}/{quote(issue_name)}.html"


def merge_tags() -> set[str]:
    """Every merge tag the shipped email-tool profiles know."""
    tags: set[str] = set()
    for name in profile_names():
        profile = load_profile(name)
        tags |= {profile.unsubscribe, profile.view_in_browser, profile.first_name}
        tags |= {profile.confirm, profile.preheader_tag}
    return {tag for tag in tags if tag}


def strip_merge_tags(html: str, tags: set[str]) -> tuple[str, list[str]]:
    """Remove links to merge tags, then any tag left in the text; report which were found.

    `tags` are removed literally; any Mailchimp-style tag (*|NAME|*) is removed as well.
    """
    found = {tag for tag in tags if tag in html} | set(_MAILCHIMP_TAG.findall(html))
    for tag in sorted(found):
        link = re.compile(r"<a\b[^>]*href=\"" + re.escape(tag) + r"\"[^>]*>.*?</a>", re.DOTALL)
        html = link.sub("", html).replace(tag, "")
    return html, sorted(found)


def _css(value: str) -> Markup:
    """A brand value for the index's <style> block: only characters CSS values need."""
    return Markup(_CSS_SAFE.sub("", value))


def render_page(
    issue: Issue, articles: dict[str, Article], brand: Brand, templates: Templates, tags: set[str]
) -> tuple[str, list[str]]:
    """One issue's web page and its warnings (render warnings, merge tags a template left)."""
    extra = {"web": {"index_url": f"../{INDEX}"}}
    rendered = render_issue(issue, articles, brand, WEB_PROFILE, templates=templates, extra=extra)
    html, found = strip_merge_tags(rendered.html, tags)
    warnings = [f"{issue.name}: {warning}" for warning in rendered.warnings]
    if found:
        warnings.append(
            f"{issue.name}: removed merge tags {', '.join(found)} that a template put in the page"
        )
    return html, warnings


def _entry(issue: Issue, context: dict[str, Any]) -> dict[str, Any]:
    entries = [entry for section in context["sections"] for entry in section["entries"]]
    lead = entries[0] if entries else None
    return {
        "href": _page_href(issue.name),
        "number": issue.number,
        "date": issue.date.isoformat(),
        "date_label": context["issue"]["date_label"],
        "subject": context["issue"]["subject"],
        "lead": {"headline": lead["headline"], "url": lead["url"]} if lead else None,
    }


def render_index(
    entries: list[dict[str, Any]], brand_context: dict[str, Any], templates: Templates
) -> str:
    """The index page over `entries` (already newest first)."""
    css = {
        "font": _css(brand_context["font_family"]),
        **{
            key: _css(brand_context[f"{key}_color"])
            for key in ("primary", "text", "background", "accent")
        },
    }
    context = {
        "brand": brand_context,
        "css": css,
        "issues": entries,
        "title": f"{brand_context['name']} newsletter archive",
    }
    return templates.render(INDEX_TEMPLATE, context)


def _load_issues(workspace: Workspace) -> list[tuple[Issue, dict[str, Article]]]:
    from newsletter.library import ensure_archive

    paths = workspace.issue_paths()
    if not paths:
        return []
    loaded = []
    with ensure_archive(workspace) as archive:
        known = set(archive.ids())
        for path in paths:
            issue = load_issue(path, known_ids=known)
            loaded.append((issue, archive.get_many([item.article for item in issue.items])))
    return loaded


def collect_site(workspace: Workspace, templates: Templates | None = None) -> SiteBuild:
    """Render every issue page and the index. Writes nothing (bar the archive cache)."""
    templates = templates or Templates(workspace.templates_dir)
    brand = workspace.config.brand
    tags = merge_tags()
    build = SiteBuild()
    entries = []
    for issue, articles in sorted(
        _load_issues(workspace),
        key=lambda pair: (pair[0].date, pair[0].number, pair[0].name),
        reverse=True,
    ):
        html, warnings = render_page(issue, articles, brand, templates, tags)
        build.pages[page_path(issue.name)] = html
        build.warnings += warnings
        context = build_context(issue, articles, brand, WEB_PROFILE).context
        entries.append(_entry(issue, context))
    stub = Issue("index", 0, date(2000, 1, 1), brand.name)  # only its brand values are used
    brand_context = build_context(stub, {}, brand, WEB_PROFILE).context["brand"]
    build.pages[INDEX] = render_index(entries, brand_context, templates)
    return build


def build_site(workspace: Workspace) -> dict[str, str]:
    """The web archive as {relative path: HTML}: index.html and issues/NAME.html."""
    return collect_site(workspace).pages


def write_site(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Write the pages under out_dir in one step; drop issue pages of issues that are gone."""
    targets = {out_dir / relative: html for relative, html in pages.items()}
    writer.write_many(targets)
    issues_dir = out_dir / ISSUES_DIR
    if issues_dir.is_dir():
        for stale in sorted(issues_dir.glob("*.html")):
            if stale not in targets:
                writer.remove(stale)
    return sorted(targets)
