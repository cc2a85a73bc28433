"""Issue files (TOML in issues/): load with full validation, save keeping the user's comments.

Every problem in a file is collected and reported at once as ``file:line: what is wrong``
plus a hint. Writing goes through newsletter.issuedump (tomlkit, comment-preserving) and
newsletter.writer (atomic).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from newsletter import writer
from newsletter.config import profile_names, read_toml
from newsletter.errors import InputError, InputErrors
from newsletter.models import LAYOUTS, Issue, Item, Layout, Section, month_label
from newsletter.tomlpos import key_lines, line_of

__all__ = ["dump_issue", "load_issue", "next_issue", "save_issue"]

Where = tuple[str | int, ...]
# The keys an issue file may hold (newsletter.issuedump writes them; loading needs only these).
TOP_KEYS = ("number", "date", "subject", "preheader", "intro", "template", "profile")
ITEM_KEYS = ("article", "layout", "paragraphs", "words", "headline", "teaser", "fingerprint")
SECTION_KEYS = ("title", "items")
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def _kind(value: object) -> str:
    """How a TOML value's type reads in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, datetime):
        return "a date with a time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, dict):
        return "a table"
    return "a list"


class _Checker:
    """Collects every problem in one issue file."""

    def __init__(self, path: Path, text: str, known_ids: Collection[str] | None) -> None:
        self.path = path
        self.lines = key_lines(text)
        self.known_ids = set(known_ids) if known_ids is not None else None
        self.errors: list[InputError] = []

    def error(self, message: str, where: Where, hint: str = "") -> None:
        line = line_of(self.lines, where) or 1
        self.errors.append(InputError(message, path=self.path, line=line, hint=hint))

    def unknown_keys(self, data: dict[str, Any], valid: Sequence[str], where: Where) -> None:
        for key in data:
            if key in valid:
                continue
            from rapidfuzz import fuzz, process  # only for a mistake: a few ms to load

            match = process.extractOne(key, valid, scorer=fuzz.ratio, score_cutoff=60)
            hint = f"Did you mean `{match[0]}`? " if match else ""
            self.error(
                f"unknown key `{key}`",
                (*where, key),
                hint + f"Valid keys here: {', '.join(valid)}.",
            )

    def text(
        self, data: dict[str, Any], key: str, where: Where, *, required: bool = False
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"missing `{key}`", where, f'Add `{key} = "..."`.')
            return None
        if not isinstance(value, str):
            self.error(
                f"`{key}` must be a string, not {_kind(value)}",
                (*where, key),
                f'Put the value in quotes: {key} = "..."',
            )
            return None
        # An empty text is a draft, not a broken file: the preflight says what blocks sending.
        return value

    def positive(self, data: dict[str, Any], key: str, where: Where) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            hint = f"Write a whole number without quotes, like {key} = 2."
            self.error(f"`{key}` must be a whole number, not {_kind(value)}", (*where, key), hint)
            return None
        if value < 1:
            self.error(f"`{key}` must be 1 or more, not {value}", (*where, key))
            return None
        return value

    def article_id(self, article: str, where: Where) -> None:
        if self.known_ids is None or article in self.known_ids:
            return
        from rapidfuzz import process  # only for a mistake: a few ms to load

        matches = process.extract(article, sorted(self.known_ids), limit=3)
        if matches:
            hint = "Closest matches: " + ", ".join(f"`{m[0]}`" for m in matches) + "."
        else:
            hint = "The archive is empty: import articles first (`newsletter archive import`)."
        self.error(f"unknown article `{article}`", (*where, "article"), hint)


def _check_number(data: dict[str, Any], check: _Checker) -> int | None:
    if "number" not in data:
        check.error("missing `number`", (), "Add the issue's number near the top: number = 12")
        return None
    value = data["number"]
    if isinstance(value, str) and value.strip().isdigit():
        hint = f"Remove the quotes: number = {value.strip()}"
        check.error("`number` must be a whole number, not a string", ("number",), hint)
        return None
    return check.positive(data, "number", ())


def _check_date(data: dict[str, Any], check: _Checker) -> date | None:
    value = data.get("date")
    if value is None:
        check.error("missing `date`", (), "Add the issue's date near the top: date = 2026-12-01")
        return None
    if isinstance(value, datetime):
        hint = f"Write the date alone: date = {value.date().isoformat()}"
        check.error("`date` must be a date without a time", ("date",), hint)
        return None
    if isinstance(value, date):
        return value
    hint = "Write a TOML date without quotes, like date = 2026-12-01"
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            hint = f"Remove the quotes: date = {date.fromisoformat(value.strip()).isoformat()}"
    check.error(f"`date` must be a date, not {_kind(value)}", ("date",), hint)
    return None


def _check_item(raw: Any, where: Where, check: _Checker) -> Item | None:
    if not isinstance(raw, dict):
        check.error("each item must be a [[sections.items]] table", where)
        return None
    check.unknown_keys(raw, ITEM_KEYS, where)
    if "article" not in raw:
        check.error("this item has no `article`", where, 'Add `article = "article-id"`.')
    article = check.text(raw, "article", where, required="article" in raw)
    if article is not None:
        check.article_id(article, where)
    layout: Any = raw.get("layout", "standard")
    if layout not in LAYOUTS:
        check.error(
            f"unknown layout {layout!r}",
            (*where, "layout"),
            f"Use one of: {', '.join(LAYOUTS)}.",
        )
    paragraphs = check.positive(raw, "paragraphs", where)
    words = check.positive(raw, "words", where)
    if "paragraphs" in raw and "words" in raw:
        later = max(("paragraphs", "words"), key=lambda k: line_of(check.lines, (*where, k)) or 0)
        check.error(
            "an item can set `paragraphs` or `words`, not both",
            (*where, later),
            "Keep one: paragraphs = N keeps N paragraphs, words = N cuts at a sentence end.",
        )
    headline = check.text(raw, "headline", where)
    teaser = check.text(raw, "teaser", where)
    fingerprint = check.text(raw, "fingerprint", where)
    if article is None or layout not in LAYOUTS:
        return None
    chosen: Layout = layout
    return Item(article, chosen, paragraphs, words, headline, teaser, fingerprint)


def _check_section(raw: Any, index: int, check: _Checker) -> Section | None:
    where: Where = ("sections", index)
    if not isinstance(raw, dict):
        check.error("each section must be a [[sections]] table", where)
        return None
    check.unknown_keys(raw, SECTION_KEYS, where)
    if "title" not in raw:
        check.error(
            "this section has no `title`", where, 'Add `title = "News"` under [[sections]].'
        )
    title = check.text(raw, "title", where)
    raw_items = raw.get("items", [])
    if not isinstance(raw_items, list):
        hint = "Write each item as a [[sections.items]] table."
        check.error("`items` must be a list of tables", (*where, "items"), hint)
        raw_items = []
    items = [
        _check_item(raw_item, (*where, "items", n), check) for n, raw_item in enumerate(raw_items)
    ]
    if title is None or any(item is None for item in items):
        return None
    return Section(title, tuple(item for item in items if item is not None))


def _check_top(data: dict[str, Any], check: _Checker) -> dict[str, Any]:
    check.unknown_keys(data, (*TOP_KEYS, "sections"), ())
    values: dict[str, Any] = {
        "number": _check_number(data, check),
        "date": _check_date(data, check),
    }
    if "subject" not in data:
        check.error("missing `subject`", (), 'Add the email subject: subject = "..."')
    values["subject"] = check.text(data, "subject", (), required="subject" in data)
    values["preheader"] = check.text(data, "preheader", ()) or ""
    values["intro"] = check.text(data, "intro", ()) or ""
    template = check.text(data, "template", ())
    if template is not None and not _TEMPLATE_NAME.match(template):
        hint = 'Use a template name like "issue" (templates/NAME.mjml.j2).'
        check.error(f"bad template name {template!r}", ("template",), hint)
    values["template"] = template or "issue"
    profile = check.text(data, "profile", ())
    if profile is not None and profile not in profile_names():
        hint = f"Use one of: {', '.join(profile_names())} (or leave it out)."
        check.error(f"unknown email-tool profile {profile!r}", ("profile",), hint)
    values["profile"] = profile
    return values


def load_issue(path: Path, known_ids: Collection[str] | None = None) -> Issue:
    """Read and validate an issue file; raise InputErrors listing every problem."""
    data, text = read_toml(path)
    check = _Checker(path, text, known_ids)
    values = _check_top(data, check)
    sections: list[Section | None] = []
    raw_sections = data.get("sections")
    if raw_sections is None:
        hint = 'Add a section:  [[sections]]  title = "News"'
        check.error("missing `sections`", (), hint)
    elif not isinstance(raw_sections, list):
        hint = "Write each section as a [[sections]] table with a title."
        check.error("`sections` must be a list of [[sections]] tables", ("sections",), hint)
    else:
        sections = [_check_section(raw, n, check) for n, raw in enumerate(raw_sections)]
    if check.errors:
        raise InputErrors(check.errors)
    return Issue(
        name=path.stem,
        sections=tuple(section for section in sections if section is not None),
        **values,
    )


def dump_issue(issue: Issue, previous_text: str | None = None) -> str:
    """newsletter.issuedump.dump_issue (loaded on first use: tomlkit costs a start-up)."""
    from newsletter.issuedump import dump_issue as dump

    return dump(issue, previous_text)


def save_issue(path: Path, issue: Issue) -> None:
    """Write `issue` to `path` atomically, keeping the current file's comments and layout."""
    try:
        previous: str | None = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        previous = None
    writer.write_text(path, dump_issue(issue, previous))


def next_issue(previous: Issue | None, today: date) -> Issue:
    """A fresh issue for next month: number + 1, dated the 1st, one empty "News" section.

    The date is the first of the month after `today`, or after the previous issue's
    date when that is already later (so two new issues never share a month).
    """
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    if previous is not None and previous.date >= first:
        month = previous.date
        first = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Issue(
        name=f"{first:%Y-%m}",
        number=previous.number + 1 if previous is not None else 1,
        date=first,
        subject=f"{month_label(first)} newsletter",
        template=previous.template if previous is not None else "issue",
        profile=previous.profile if previous is not None else None,
        sections=(Section("News"),),
    )
