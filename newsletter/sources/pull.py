"""What fetching one remote source yields, shared by the WordPress and feed importers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsletter.errors import NewsletterError
from newsletter.models import Article

PageDone = Callable[[int, int, int], None]
"""Called as (pages done, pages in all, posts so far) after every page."""


class SourceError(NewsletterError):
    """A source answered, but not with what it should (not a feed, not a WordPress API)."""

    def __init__(self, message: str, *, url: str, hint: str = "") -> None:
        self.message, self.url, self.hint = message, url, hint
        super().__init__(f"{url}: {message}" + (f"\n  {hint}" if hint else ""))


@dataclass
class Pulled:
    """A source's articles, or `not_modified` when a conditional request said nothing changed.

    `state` is what to store for the next incremental sync; it is only stored when the
    articles are.
    """

    articles: list[Article] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    pages: int = 0
    pages_total: int = 0
    not_modified: bool = False
    warnings: list[str] = field(default_factory=list)
