"""Builders for fixture articles, issues, brands and profiles (written for the tests, not seeds)."""

from __future__ import annotations

from datetime import date
from typing import Any

from newsletter.models import (
    Article,
    Block,
    Brand,
    Image,
    Issue,
    Item,
    Layout,
    Profile,
    Section,
)

TOPICS = (
    "Shared laboratory opens its doors to small biotech companies",
    "Twelve start-ups pitch to investors at the autumn demo day",
    "What next year's health-data rules mean for research",
    "New course teaches clinical trial design to small companies",
    "Patients take the stage at the annual members' meeting",
    "Pupils meet researchers in the teaching laboratory",
    "Nordic partners sign agreement on cancer diagnostics",
    "Member company raises funding for its antibody platform",
    "Hospital and industry test a new route for trial referrals",
    "Summer school in precision medicine fills up in a week",
    "Cluster welcomes five new members this autumn",
    "Report maps the region's health-technology exports",
)


def slug_of(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def make_article(
    title: str = TOPICS[0],
    *,
    id: str | None = None,
    standfirst: str | None = None,
    paragraphs: int = 4,
    url: str | None = "auto",
    image_url: str | None = "https://example.org/images/lab.jpg",
    image_alt: str = "Researchers at a laboratory bench",
    caption: str | None = "The new shared laboratory on its opening day.",
    credit: str | None = "Nordlys",
    published: date | None = date(2026, 11, 12),
    blocks: tuple[Block, ...] | None = None,
) -> Article:
    """A realistic article; `url="auto"` derives one from the slug, None leaves it out."""
    slug = slug_of(title)
    if blocks is None:
        blocks = tuple(
            Block(
                "paragraph",
                f"Paragraph {n} of {title.lower()}. It explains what happened and who was "
                f"involved. A second sentence adds the detail that readers asked about.",
            )
            for n in range(1, paragraphs + 1)
        )
    image = None
    if image_url is not None or caption is not None:
        image = Image(url=image_url, alt=image_alt, caption=caption, credit=credit)
    return Article(
        id=id or slug,
        title=title,
        slug=slug,
        standfirst=standfirst if standfirst is not None else f"The short version: {title.lower()}.",
        blocks=blocks,
        url=f"https://example.org/news/{slug}/" if url == "auto" else url,
        date=published,
        image=image,
        tags=("news",),
        source="fixture",
    )


def make_articles(count: int = 10, **kwargs: Any) -> dict[str, Article]:
    """`count` distinct articles keyed by id."""
    articles = [make_article(TOPICS[n % len(TOPICS)] + ("" if n < len(TOPICS) else f" {n}"),
                             **kwargs) for n in range(count)]  # fmt: skip
    return {a.id: a for a in articles}


def make_issue(
    articles: dict[str, Article] | list[str] | None = None,
    *,
    layouts: tuple[Layout, ...] = ("lead", "standard", "standard", "standard", "compact"),
    per_section: tuple[int, ...] | None = None,
    titles: tuple[str, ...] = ("Top story", "News from the cluster", "In brief"),
    **fields: Any,
) -> Issue:
    """An issue over `articles` (ids in order). Layout i is layouts[min(i, len-1)].

    Default sections: 1 lead item, then standard items, then the compact ones.
    """
    ids = list(articles if articles is not None else make_articles())
    items = [
        Item(article=article_id, layout=layouts[min(n, len(layouts) - 1)], paragraphs=1)
        for n, article_id in enumerate(ids)
    ]
    if per_section is None:
        lead = [i for i in items if i.layout == "lead"]
        standard = [i for i in items if i.layout == "standard"]
        compact = [i for i in items if i.layout == "compact"]
        groups = [g for g in (lead, standard, compact)]
    else:
        groups, start = [], 0
        for size in per_section:
            groups.append(items[start : start + size])
            start += size
    sections = tuple(
        Section(title=titles[n % len(titles)], items=tuple(group))
        for n, group in enumerate(groups)
        if group
    )
    values: dict[str, Any] = {
        "name": "2026-12",
        "number": 12,
        "date": date(2026, 12, 1),
        "subject": "December: demo day, a shared lab and new data rules",
        "preheader": "Twelve start-ups on stage, a new shared lab and what changes next year.",
        "intro": "Welcome to the December newsletter.\n\nThis month: the demo day and a new lab.",
        "sections": sections,
    }
    values.update(fields)
    return Issue(**values)


def make_brand(**fields: Any) -> Brand:
    values: dict[str, Any] = {
        "name": "Nordlys Health Cluster",
        "website": "https://example.org",
        "signup_url": "https://example.org/newsletter/",
        "address": "Nordlys Health Cluster, Innovasjonsveien 1, 0000 Oslo, Norway",
        "logo_url": None,
        "tagline": "News from the cluster, once a month",
        "social": (("linkedin", "https://www.linkedin.com/company/example"),),
    }
    values.update(fields)
    return Brand(**values)


def make_profile(**fields: Any) -> Profile:
    values: dict[str, Any] = {
        "name": "mailchimp",
        "label": "Mailchimp",
        "unsubscribe": "*|UNSUB|*",
        "view_in_browser": "*|ARCHIVE|*",
        "first_name": "*|FNAME|*",
        "required": ("*|UNSUB|*",),
    }
    values.update(fields)
    return Profile(**values)
