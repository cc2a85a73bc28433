"""Warm render of a 10-item issue vs bare Jinja + mjml2html on the same MJML (goal <= 2x).

render_issue does trim + context + Jinja + mjml-python + CSS inlining + post-processing +
plain text; the reference renders the same template with stock Jinja (same loader, options
and filters) from a ready-made context and compiles it with mjml2html, nothing else. Both
run interleaved in this process; medians of time.perf_counter samples (bench/_timing.py),
reported as a ratio because the machine's speed drifts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import jinja2
from mjml import mjml2html

from bench._timing import REPS, medians
from newsletter.models import Article, Block, Brand, Image, Issue, Item, Profile, Section
from newsletter.render import Templates, inline, render_issue
from newsletter.render import postprocess as post
from newsletter.render.context import build_context
from newsletter.render.mjml_stage import add_image_alts, drop_zero_column_padding
from newsletter.render.pipeline import _html_marker, _text_marker

GOAL = 2.0

SENTENCE = (
    "The cluster's members met researchers from the university hospital to discuss how "
    "small companies can take part in clinical trials without a large regulatory team. "
)


def fixture(count: int = 10) -> tuple[Issue, dict[str, Article], Brand, Profile]:
    """A realistic 10-item issue: a lead story, standard items with images, compact briefs."""
    articles = {}
    for n in range(count):
        slug = f"story-{n:02d}-shared-laboratory-and-demo-day"
        articles[slug] = Article(
            id=slug,
            title=f"Story {n}: a shared laboratory opens for small biotech companies",
            slug=slug,
            standfirst="Small companies can now rent bench space by the month. " * 2,
            blocks=tuple(Block("paragraph", SENTENCE * 3) for _ in range(8)),
            url=f"https://example.org/news/{slug}/",
            date=date(2026, 11, 1 + n),
            image=Image(
                url=f"https://example.org/images/{n}.jpg",
                alt="Researchers at a laboratory bench",
                caption="The shared laboratory on its opening day.",
                credit="Nordlys",
            ),
        )
    ids = list(articles)
    sections = (
        Section("Top story", (Item(ids[0], layout="lead", paragraphs=2),)),
        Section("News", tuple(Item(i, paragraphs=1) for i in ids[1:5])),
        Section("In brief", tuple(Item(i, layout="compact") for i in ids[5:])),
    )
    issue = Issue(
        name="2026-12",
        number=12,
        date=date(2026, 12, 1),
        subject="December: demo day, a shared lab and new data rules",
        preheader="Twelve start-ups on stage, a new shared laboratory and what changes next year.",
        intro="Welcome to the December newsletter.",
        sections=sections,
    )
    brand = Brand(
        name="Nordlys Health Cluster",
        website="https://example.org",
        signup_url="https://example.org/newsletter/",
        address="Innovasjonsveien 1, 0000 Oslo, Norway",
        logo_url="https://example.org/logo.png",
    )
    profile = Profile(
        name="mailchimp", label="Mailchimp", unsubscribe="*|UNSUB|*", view_in_browser="*|ARCHIVE|*"
    )
    return issue, articles, brand, profile


def prepare(mjml: str) -> inline.Prepared:
    """What compile_html does to the MJML before mjml2html."""
    return inline.prepare(add_image_alts(drop_zero_column_padding(mjml))[0])


def stages(
    issue: Issue, articles: dict[str, Article], brand: Brand, profile: Profile, t: Templates
) -> dict[str, Callable[[], Any]]:
    """render_issue's steps one by one, to show where the time goes."""
    built = build_context(issue, articles, brand, profile)
    html_context = {**built.context, "section_marker": _html_marker}
    text_context = {**built.context, "section_marker": _text_marker}
    mjml = t.render(issue.template + ".mjml.j2", html_context)
    prepared = prepare(mjml)
    compiled = mjml2html(prepared.mjml)
    count = len(issue.sections)

    def post_process() -> None:
        html = post.label_buttons(compiled, built.button_labels)
        html = post.merge_conditionals(html)
        post.split_html_sections(post.finish_head(html, "en"), count)

    return {
        "trim + context": lambda: build_context(issue, articles, brand, profile),
        "jinja (MJML)": lambda: t.render(issue.template + ".mjml.j2", html_context),
        "MJML stage (columns, alts, CSS)": lambda: prepare(mjml),
        "mjml2html": lambda: mjml2html(prepared.mjml),
        "HTML post-processing": post_process,
        "plain text (jinja + wrap)": lambda: t.render(issue.template + ".txt.j2", text_context),
    }


def stock_jinja(templates: Templates) -> jinja2.Environment:
    """Bare Jinja: a stock Environment with the same loader, options and filters as ours."""
    env = templates.env
    stock = jinja2.Environment(
        loader=env.loader, autoescape=env.autoescape, undefined=env.undefined,
        trim_blocks=env.trim_blocks, lstrip_blocks=env.lstrip_blocks,
        keep_trailing_newline=env.keep_trailing_newline,
    )  # fmt: skip
    stock.filters.update(env.filters)
    return stock


def main() -> list[dict[str, Any]]:
    issue, articles, brand, profile = fixture()
    templates = Templates(None)
    context = {**build_context(issue, articles, brand, profile).context}
    context["section_marker"] = _html_marker
    template = stock_jinja(templates).get_template(issue.template + ".mjml.j2")

    def full() -> None:
        render_issue(issue, articles, brand, profile, templates=templates)

    def reference() -> None:
        mjml2html(template.render(context))

    same = render_issue(issue, articles, brand, profile, templates=templates).mjml
    assert template.render(context) == same, "the reference must compile the same MJML"
    times = medians({"render_issue": full, "jinja+mjml2html": reference}, REPS)
    ratio = times["render_issue"] / times["jinja+mjml2html"]
    met = ratio <= GOAL
    parts = medians(stages(issue, articles, brand, profile, templates), REPS)
    print(f"warm render, 10 items ({REPS} reps, medians)")
    print(f"  render_issue               {times['render_issue'] * 1000:8.3f} ms")
    print(f"  jinja+mjml2html            {times['jinja+mjml2html'] * 1000:8.3f} ms  (reference)")
    print(f"  ratio                      {ratio:8.2f}x    goal <= {GOAL:.1f}x  ", end="")
    print("met" if met else "NOT MET")
    print("  where render_issue's time goes:")
    for name, seconds in parts.items():
        print(f"    {name:32s} {seconds * 1000:8.3f} ms")
    return [
        {
            "name": "warm render (10 items) vs jinja+mjml2html",
            "value": round(ratio, 3),
            "unit": "x",
            "goal": f"<= {GOAL}x",
            "met": met,
            "detail_ms": {k: round(v * 1000, 3) for k, v in (times | parts).items()},
        }
    ]


if __name__ == "__main__":
    main()
