"""render_issue: the one pure render path (issue + articles -> HTML, text, sections)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup
from mjml import mjml2html

from newsletter.errors import InputError
from newsletter.models import Article, Brand, Issue, Profile, Rendered, RenderedSection
from newsletter.render import inline
from newsletter.render import postprocess as post
from newsletter.render.context import build_context
from newsletter.render.mjml_stage import add_image_alts, drop_zero_column_padding
from newsletter.render.sections import finish_html, split_text
from newsletter.render.templates import HTML_SUFFIX, TEXT_SUFFIX, Templates

GMAIL_CLIP_BYTES = 102 * 1024
_default_templates: Templates | None = None


def default_templates() -> Templates:
    """The package's own templates (no workspace overrides), built once."""
    global _default_templates
    if _default_templates is None:
        _default_templates = Templates(None)
    return _default_templates


def _html_marker(index: int, edge: str) -> Markup:
    pattern = post.HTML_SECTION_START if edge == "start" else post.HTML_SECTION_END
    return Markup("<mj-raw>" + pattern.format(int(index)) + "</mj-raw>")  # an int: no escaping


def _text_marker(index: int, edge: str) -> str:
    pattern = post.TEXT_SECTION_START if edge == "start" else post.TEXT_SECTION_END
    return pattern.format(int(index))


def compile_mjml(source: str, template: str) -> str:
    """mjml2html, with MJML mistakes (usually in a workspace template) as an InputError."""
    try:
        return str(mjml2html(source))
    except ValueError as exc:
        raise InputError(
            f"the MJML built from {template!r} is invalid: {exc}",
            hint="Check the MJML tags in that template (a workspace override?).",
        ) from None


def compile_html(mjml: str, template: str, button_labels: Mapping[int, str]) -> str:
    """MJML to HTML: the inline mj-style applied, buttons named, every image with an alt.

    The inline CSS goes in at the MJML stage when it can (inline.prepare); should that MJML
    not compile, the CSS goes in over the compiled page instead, as it does for any CSS the
    fast path cannot take.
    """
    html, unnamed = _compile(mjml, template, button_labels)
    if unnamed:
        html = post.label_buttons(html, button_labels)
    return post.merge_conditionals(html)


def _compile(mjml: str, template: str, button_labels: Mapping[int, str]) -> tuple[str, bool]:
    """compile_html up to merging the Outlook conditionals, and whether naming the buttons
    is left too (when it would be the last step before merging, as it usually is)."""
    mjml, alts_done = add_image_alts(drop_zero_column_padding(mjml))
    prepared = inline.prepare(mjml)
    try:
        html = compile_mjml(prepared.mjml, template)
    except InputError:
        fallback = prepared.fallback()
        if fallback is None:
            raise
        prepared = fallback
        html = compile_mjml(prepared.mjml, template)
    if alts_done and not prepared.rules:
        return html, True
    html = post.label_buttons(html, button_labels)
    if prepared.rules:
        html = inline.inline_document(html, prepared.rules)
    if not alts_done:
        html = post.ensure_alt(html)
    return html, False


def render_issue(
    issue: Issue,
    articles: Mapping[str, Article],
    brand: Brand,
    profile: Profile,
    *,
    templates: Templates | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Rendered:
    """Render an issue to HTML email, plain text and per-section fragments. Writes nothing.

    `extra` adds values of the caller's own to the template context (the sign-up flow's
    emails and the web archive use it); it may not replace the context's own names.
    """
    templates = templates or default_templates()
    built = build_context(issue, articles, brand, profile)
    context = built.context
    if extra:
        clash = sorted(set(extra) & set(context))
        if clash:
            raise ValueError(f"extra context would replace {', '.join(clash)}")
        context = {**context, **extra}
    warnings = built.warnings
    html_name, text_name = issue.template + HTML_SUFFIX, issue.template + TEXT_SUFFIX

    mjml = templates.render(html_name, _with_marker(context, _html_marker))
    html, unnamed = _compile(mjml, html_name, built.button_labels)
    count = len(issue.sections)
    labels = built.button_labels if unnamed else None
    html, html_parts, size = finish_html(html, count, context["brand"]["lang"], labels)
    text = templates.render(text_name, _with_marker(context, _text_marker))
    text, text_parts = split_text(text, count)
    if count and any(part is None for part in (*html_parts, *text_parts)):
        warnings.append(
            "the templates lack section markers ({{ section_marker(...) }}), so the per-section "
            "preview is empty"
        )
    sections = tuple(
        RenderedSection(title=section["title"], html=html_part or "", text=text_part or "")
        for section, html_part, text_part in zip(
            context["sections"], html_parts, text_parts, strict=True
        )
    )
    if size > GMAIL_CLIP_BYTES:
        warnings.append(f"the HTML is {size / 1024:.1f} KB; Gmail clips messages over 102 KB")
    return Rendered(html=html, text=text, sections=sections, mjml=mjml, warnings=tuple(warnings))


def _with_marker(context: dict[str, Any], marker: Callable[[int, str], Any]) -> dict[str, Any]:
    return {**context, "section_marker": marker}
