"""Plain frozen dataclasses shared by every layer. No IO here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

BlockType = Literal["paragraph", "heading", "quote", "caption", "list"]
Layout = Literal["lead", "standard", "compact"]
LAYOUTS: tuple[Layout, ...] = ("lead", "standard", "compact")
DEFAULT_FONT = "Helvetica, Arial, sans-serif"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_label(day: date) -> str:
    """'December 2026': how issues and the emails name a month."""
    return f"{MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of an article body.

    `list` blocks keep their lead-in in `text` and their entries in `items`.
    `quote` blocks carry the speaker's name as written and their role (or None).
    """

    type: BlockType
    text: str
    speaker: str | None = None
    role: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Image:
    """An article's lead image. `url` is None when the source (a text dump) has none."""

    url: str | None
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A news post as the archive keeps it."""

    id: str
    title: str
    slug: str
    standfirst: str
    blocks: tuple[Block, ...] = ()
    url: str | None = None
    date: date | None = None
    modified: datetime | None = None
    image: Image | None = None
    tags: tuple[str, ...] = ()
    source: str = ""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Body paragraphs in order (the text a teaser is trimmed from)."""
        return tuple(b.text for b in self.blocks if b.type == "paragraph")

    @property
    def fingerprint(self) -> str:
        """A short hash of the text an issue item is cut from; changes when the source does."""
        digest = hashlib.sha256()
        for part in (self.title, self.standfirst, *(b.text for b in self.blocks)):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A row of the archive list or a search hit."""

    id: str
    title: str
    date: date | None
    source: str = ""
    snippet: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One article placed in an issue, with its trim settings and overrides.

    Exactly one of `paragraphs` / `words` decides the trim: `paragraphs` keeps the
    standfirst plus the first N body paragraphs; `words` cuts at a sentence end
    within N words. Both None means the standfirst alone.
    """

    article: str
    layout: Layout = "standard"
    paragraphs: int | None = None
    words: int | None = None
    headline: str | None = None
    teaser: str | None = None
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Issue:
    """A monthly issue as its TOML file describes it. `name` is the file stem."""

    name: str
    number: int
    date: date
    subject: str
    preheader: str = ""
    intro: str = ""
    template: str = "issue"
    profile: str | None = None
    sections: tuple[Section, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True, slots=True)
class Teaser:
    """What trimming an article for an item yields."""

    headline: str
    paragraphs: tuple[str, ...]
    word_count: int
    truncated: bool


@dataclass(frozen=True, slots=True)
class Utm:
    """Campaign tags added to links to the organisation's own domains (newsletter.toml [utm]).

    `campaign` is a pattern over the issue: {name}, {number}, {date}, {year}, {month}.
    Empty `domains` means the host of the brand's website.
    """

    source: str = "newsletter"
    medium: str = "email"
    campaign: str = "{name}"
    domains: tuple[str, ...] = ()
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Brand:
    """The organisation's look and address, from newsletter.toml [brand]."""

    name: str
    website: str
    signup_url: str
    address: str
    logo_url: str | None = None
    primary_color: str = "#0b5394"
    text_color: str = "#222222"
    background_color: str = "#f4f4f4"
    accent_color: str = "#e8f0fa"
    font_family: str = DEFAULT_FONT
    lang: str = "en"
    tagline: str = ""
    social: tuple[tuple[str, str], ...] = ()
    utm: Utm | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """An email tool's merge tags, from a small data file in newsletter/profiles/."""

    name: str
    label: str
    unsubscribe: str
    view_in_browser: str
    first_name: str = ""
    confirm: str = ""
    preheader_tag: str = ""
    required: tuple[str, ...] = ()
    link_rewrite_bytes: int = 0


@dataclass(frozen=True, slots=True)
class RenderedSection:
    title: str
    html: str
    text: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """The one render result: preview, compose, export and checks all read this."""

    html: str
    text: str
    sections: tuple[RenderedSection, ...]
    mjml: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        """Bytes of the HTML as UTF-8 (what Gmail counts toward its 102 KB clip)."""
        return len(self.html.encode("utf-8"))
