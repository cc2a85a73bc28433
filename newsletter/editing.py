"""Pure editing operations over the immutable Issue, for the app's actions and undo stack.

Every function returns a new Issue and leaves its argument untouched. An item's position
is (section_index, item_index). Indices out of range raise IndexError: the app only
passes positions it shows, so a bad one is a bug, not a user mistake.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from newsletter.models import Issue, Item, Section


def _section(issue: Issue, section_index: int) -> Section:
    if not 0 <= section_index < len(issue.sections):
        raise IndexError(f"no section {section_index} (the issue has {len(issue.sections)})")
    return issue.sections[section_index]


def _check_item(section: Section, item_index: int) -> None:
    if not 0 <= item_index < len(section.items):
        raise IndexError(f"no item {item_index} in section {section.title!r}")


def _with_section(issue: Issue, section_index: int, section: Section) -> Issue:
    sections = list(issue.sections)
    sections[section_index] = section
    return replace(issue, sections=tuple(sections))


def _with_items(issue: Issue, section_index: int, items: list[Item]) -> Issue:
    section = _section(issue, section_index)
    return _with_section(issue, section_index, replace(section, items=tuple(items)))


def add_item(issue: Issue, section_index: int, position: int, item: Item) -> Issue:
    """Insert `item` at `position` (0 … len) of a section."""
    items = list(_section(issue, section_index).items)
    if not 0 <= position <= len(items):
        raise IndexError(f"position {position} is outside 0..{len(items)}")
    items.insert(position, item)
    return _with_items(issue, section_index, items)


def remove_item(issue: Issue, section_index: int, item_index: int) -> Issue:
    """Drop one item."""
    section = _section(issue, section_index)
    _check_item(section, item_index)
    items = list(section.items)
    del items[item_index]
    return _with_items(issue, section_index, items)


def replace_item(issue: Issue, section_index: int, item_index: int, item: Item) -> Issue:
    """Put `item` in place of the one at the position (a new trim, override or layout)."""
    section = _section(issue, section_index)
    _check_item(section, item_index)
    items = list(section.items)
    items[item_index] = item
    return _with_items(issue, section_index, items)


def _step(issue: Issue, section_index: int, item_index: int, down: bool) -> tuple[int, int]:
    """Where one step up or down leads, crossing into neighbouring sections (even empty ones)."""
    if down:
        if item_index + 1 < len(issue.sections[section_index].items):
            return section_index, item_index + 1
        if section_index + 1 < len(issue.sections):
            return section_index + 1, 0
    else:
        if item_index > 0:
            return section_index, item_index - 1
        if section_index > 0:
            return section_index - 1, len(issue.sections[section_index - 1].items)
    return section_index, item_index


def move_item(
    issue: Issue, section_index: int, item_index: int, delta: int
) -> tuple[Issue, int, int]:
    """Move an item `delta` steps (negative is up); returns (issue, new_section, new_index).

    Moving up from a section's first item lands at the end of the previous section;
    moving down from its last item lands at the start of the next one. At the very
    top or bottom of the issue the item stays where it is.
    """
    section = _section(issue, section_index)
    _check_item(section, item_index)
    item = section.items[item_index]
    for _ in range(abs(delta)):
        target = _step(issue, section_index, item_index, down=delta > 0)
        if target == (section_index, item_index):
            break
        issue = add_item(remove_item(issue, section_index, item_index), *target, item)
        section_index, item_index = target
    return issue, section_index, item_index


def set_fields(
    issue: Issue,
    *,
    subject: str | None = None,
    preheader: str | None = None,
    intro: str | None = None,
    number: int | None = None,
    date: date | None = None,
    template: str | None = None,
) -> Issue:
    """Change the issue's own fields; arguments left as None keep their value."""
    changes: dict[str, object] = {
        key: value
        for key, value in (
            ("subject", subject),
            ("preheader", preheader),
            ("intro", intro),
            ("number", number),
            ("date", date),
            ("template", template),
        )
        if value is not None
    }
    return replace(issue, **changes)  # type: ignore[arg-type]


def set_profile(issue: Issue, profile: str | None) -> Issue:
    """Choose the issue's email-tool profile (None: use newsletter.toml's)."""
    return replace(issue, profile=profile)


def add_section(issue: Issue, title: str, position: int | None = None) -> Issue:
    """Insert an empty section (at the end by default)."""
    sections = list(issue.sections)
    position = len(sections) if position is None else position
    if not 0 <= position <= len(sections):
        raise IndexError(f"section position {position} is outside 0..{len(sections)}")
    sections.insert(position, Section(title))
    return replace(issue, sections=tuple(sections))


def rename_section(issue: Issue, section_index: int, title: str) -> Issue:
    """Give a section a new title."""
    section = _section(issue, section_index)
    return _with_section(issue, section_index, replace(section, title=title))


def remove_section(issue: Issue, section_index: int) -> Issue:
    """Drop a section and its items."""
    _section(issue, section_index)
    sections = list(issue.sections)
    del sections[section_index]
    return replace(issue, sections=tuple(sections))


def move_section(issue: Issue, section_index: int, delta: int) -> tuple[Issue, int]:
    """Move a whole section up (negative) or down, clamped at the ends; returns its new index."""
    section = _section(issue, section_index)
    target = max(0, min(len(issue.sections) - 1, section_index + delta))
    sections = list(issue.sections)
    del sections[section_index]
    sections.insert(target, section)
    return replace(issue, sections=tuple(sections)), target
