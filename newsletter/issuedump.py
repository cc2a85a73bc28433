"""Issue -> TOML text (tomlkit). With the file's previous text, edit it in place.

In-place editing keeps the user's comments, key order and formatting: the previous text
is cut into its tables (`[[sections]]`, `[[sections.items]]`), each table's keys are
updated with tomlkit, and the tables are put back in the issue's order. Comment lines
just above a table header belong to that table and move with it (the comment block
above the first section stays at the top, the one after the last table at the end).
Sections are matched by title, then by position; items by position and article id,
then by article id anywhere (a moved item keeps its comments), then by position.
A value is rewritten only when it changed; keys the file leaves out stay out while
they hold their default. Files with an unusual structure (inline arrays of tables,
extra tables) are written canonically instead.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import tomlkit
from tomlkit.items import Item as TomlItem
from tomlkit.items import String, StringType, Trivia

from newsletter.models import Issue, Item, Section
from newsletter.tomlpos import key_lines

# Written by a canonical dump even at their default, so a new file shows them.
_ALWAYS_WRITTEN = frozenset(
    {"number", "date", "subject", "preheader", "intro", "title", "article", "layout"}
)
_SECTION_HEADER = "[[sections]]\n"
_ITEM_HEADER = "[[sections.items]]\n"
_HEADER_LINE = re.compile(r"^\s*\[\[\s*sections\s*(\.\s*items\s*)?\]\]\s*(#.*)?$")
_LONE_LF = re.compile(r"(?<!\r)\n")
_UNSAFE_LITERAL = re.compile(r"['\x00-\x08\x0a-\x1f\x7f]")

FieldValue = str | int | date | list[Any] | None
Fields = list[tuple[str, FieldValue, FieldValue]]  # key, value (None: absent), default when absent


def _top_fields(issue: Issue) -> Fields:
    return [
        ("number", issue.number, None),
        ("date", issue.date, None),
        ("subject", issue.subject, None),
        ("preheader", issue.preheader, ""),
        ("intro", issue.intro, ""),
        ("template", issue.template, "issue"),
        ("profile", issue.profile, None),
        # An issue without sections still needs the key: `sections = []`.
        ("sections", None if issue.sections else [], None),
    ]


def _section_fields(section: Section) -> Fields:
    return [("title", section.title, None)]


def _item_fields(item: Item) -> Fields:
    return [
        ("article", item.article, None),
        ("layout", item.layout, "standard"),
        ("paragraphs", item.paragraphs, None),
        ("words", item.words, None),
        ("headline", item.headline, None),
        ("teaser", item.teaser, None),
        ("fingerprint", item.fingerprint, None),
    ]


def _multiline(value: str) -> String:
    """A multi-line basic string that opens on its own line (that newline is not content)."""
    escaped = tomlkit.string(value, multiline=True).as_string()[3:-3].replace("\r", "\\r")
    if not value.startswith("\n"):  # tomlkit already doubles a leading newline
        escaped = "\n" + escaped
    return String(StringType.MLB, value, escaped, Trivia())


def _toml_value(value: str | int | date | list[Any], old: Any = None) -> TomlItem:
    """A tomlkit value, keeping the old value's string style where it still fits."""
    if not isinstance(value, str):
        return tomlkit.item(value)
    old_type = old.type if isinstance(old, String) else None
    if "\n" in value or old_type in (StringType.MLB, StringType.MLL):
        return _multiline(value)
    literal = old_type == StringType.SLL and not _UNSAFE_LITERAL.search(value)
    return tomlkit.string(value, literal=literal)


def _same(old: Any, value: FieldValue) -> bool:
    current = old.unwrap() if hasattr(old, "unwrap") else old
    if isinstance(current, str):  # tomlkit keeps CRLF inside multi-line strings; TOML does not
        current = current.replace("\r\n", "\n")
    return type(current) is type(value) and bool(current == value)


def _canonical_body(fields: Fields) -> str:
    doc = tomlkit.document()
    for key, value, default in fields:
        if value is not None and (key in _ALWAYS_WRITTEN or value != default):
            doc[key] = _toml_value(value)
    return doc.as_string()


def _updated_body(body: str, fields: Fields) -> str:
    """`body` (keys and comments of one table) with `fields` applied; unchanged if equal."""
    text = body if not body or body.endswith("\n") else body + "\n"
    doc = tomlkit.parse(text)
    for key, value, default in fields:
        if key in doc:
            if value is None:
                del doc[key]
            elif not _same(doc[key], value):
                doc[key] = _toml_value(value, doc.item(key))
        elif value is not None and value != default:
            doc[key] = _toml_value(value)
    result = doc.as_string()
    return body if result == text else result


@dataclass
class _Table:
    """One `[[...]]` table of the previous text."""

    header: str
    body: str
    lead: str
    data: dict[str, Any]
    items: list[_Table] = field(default_factory=list)


@dataclass
class _Layout:
    """The previous text cut into the top-level part, its tables and the closing comments."""

    preamble: str
    top: str
    end: str
    sections: list[_Table]


def _split_tail(lines: list[str]) -> tuple[str, str]:
    """Split trailing blank and comment lines (the next header's lead) from a chunk."""
    cut = len(lines)
    while cut and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    return "".join(lines[:cut]), "".join(lines[cut:])


def _header_lines(data: dict[str, Any], text: str) -> list[int] | None:
    """0-based lines of every table header in document order, or None if unusual."""
    sections = data.get("sections", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        return None
    positions = key_lines(text)
    lines: list[int | None] = []
    for s, section in enumerate(sections):
        items = section.get("items", [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return None
        lines.append(positions.get(("sections", s)))
        lines += [positions.get(("sections", s, "items", j)) for j in range(len(items))]
    found = [line - 1 for line in lines if line is not None]
    if len(found) != len(lines) or found != sorted(set(found)):
        return None
    return found


def _parse_layout(text: str) -> _Layout | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    starts = _header_lines(data, text)
    if starts is None:
        return None
    lines = text.splitlines(keepends=True)
    if any(not _HEADER_LINE.match(lines[start]) for start in starts):
        return None
    preamble, top = _split_tail(lines[: starts[0]] if starts else lines)
    top_data = tomllib.loads(preamble)
    if "sections" in top_data and (top_data.pop("sections") != [] or starts):
        return None
    if top_data != {k: v for k, v in data.items() if k != "sections"}:
        return None
    sections: list[_Table] = []
    lead = ""
    bounds = [*starts, len(lines)]
    for start, stop in itertools.pairwise(bounds):
        body, tail = _split_tail(lines[start + 1 : stop])
        try:
            table = _Table(lines[start], body, lead, tomllib.loads(body))
        except tomllib.TOMLDecodeError:
            return None
        header = _HEADER_LINE.match(lines[start])
        if header is not None and header.group(1) is not None:
            sections[-1].items.append(table)
        else:
            sections.append(table)
        lead = tail
    for s, section in enumerate(sections):
        expected = data["sections"][s]
        if section.data != {k: v for k, v in expected.items() if k != "items"}:
            return None
        if [item.data for item in section.items] != expected.get("items", []):
            return None
    return _Layout(preamble, top, lead if starts else "", sections)


def _match_sections(sections: tuple[Section, ...], old: list[_Table]) -> list[_Table | None]:
    """For each section, the old table it continues (by title, then by position)."""
    matched: list[_Table | None] = [None] * len(sections)
    free = list(range(len(old)))
    for s, section in enumerate(sections):
        same = next((o for o in free if old[o].data.get("title") == section.title), None)
        if same is not None:
            matched[s] = old[same]
            free.remove(same)
    for s in range(len(sections)):
        if matched[s] is None and s in free:
            matched[s] = old[s]
            free.remove(s)
    return matched


def _match_items(
    issue: Issue, sections: list[_Table | None], old: list[_Table]
) -> dict[tuple[int, int], _Table]:
    """For each (section, item) position, the old item table it continues, if any."""
    matched: dict[tuple[int, int], _Table] = {}
    used: set[int] = set()
    everywhere = [table for section in old for table in section.items]

    def take(position: tuple[int, int], candidates: list[_Table], article: str | None) -> None:
        for table in candidates:
            if id(table) not in used and (article is None or table.data.get("article") == article):
                matched[position] = table
                used.add(id(table))
                return

    positions = [(s, j) for s, sec in enumerate(issue.sections) for j in range(len(sec.items))]
    for rule in ("here", "section", "anywhere", "position"):
        for s, j in positions:
            if (s, j) in matched:
                continue
            article = issue.sections[s].items[j].article
            section = sections[s]
            own = section.items if section is not None else []
            if rule in ("here", "position"):
                candidates = own[j : j + 1]
                take((s, j), candidates, article if rule == "here" else None)
            else:
                take((s, j), own if rule == "section" else everywhere, article)
    return matched


def _ends_blank(text: str) -> bool:
    lines = text.splitlines()
    return bool(lines) and not lines[-1].strip()


def _join(parts: list[str], piece: str) -> None:
    """Append `piece`, first ending the text so far with a newline if it lacks one."""
    if not piece:
        return
    if parts and not parts[-1].endswith("\n"):
        parts.append("\n")
    parts.append(piece)


def _update_text(issue: Issue, layout: _Layout) -> str:
    parts: list[str] = []
    _join(parts, _updated_body(layout.preamble, _top_fields(issue)))
    _join(parts, layout.top)
    old_sections = _match_sections(issue.sections, layout.sections)
    old_items = _match_items(issue, old_sections, layout.sections)
    first_old = layout.sections[0] if layout.sections else None
    for s, section in enumerate(issue.sections):
        old = old_sections[s]
        if old is None:
            lead, header, body = "\n", _SECTION_HEADER, _canonical_body(_section_fields(section))
        else:
            lead = "\n" if old is first_old else old.lead
            header, body = old.header, _updated_body(old.body, _section_fields(section))
        if s == 0:
            lead = "" if old is first_old else lead
            if _ends_blank(layout.top) or not (layout.top + layout.preamble).strip():
                lead = lead.lstrip("\n")
        for piece in (lead, header, body):
            _join(parts, piece)
        for j, item in enumerate(section.items):
            table = old_items.get((s, j))
            if table is None:
                pieces = ("\n", _ITEM_HEADER, _canonical_body(_item_fields(item)))
            else:
                pieces = (table.lead, table.header, _updated_body(table.body, _item_fields(item)))
            for piece in pieces:
                _join(parts, piece)
    _join(parts, layout.end)
    return "".join(parts)


def _canonical_text(issue: Issue) -> str:
    parts = [_canonical_body(_top_fields(issue))]
    for section in issue.sections:
        parts += ["\n", _SECTION_HEADER, _canonical_body(_section_fields(section))]
        for item in section.items:
            parts += ["\n", _ITEM_HEADER, _canonical_body(_item_fields(item))]
    return "".join(parts)


def dump_issue(issue: Issue, previous_text: str | None = None) -> str:
    """The TOML text for `issue`; an edit of `previous_text` when given (see module doc)."""
    layout = _parse_layout(previous_text) if previous_text is not None else None
    if layout is None:
        return _canonical_text(issue)
    text = _update_text(issue, layout)
    if previous_text and previous_text.split("\n", 1)[0].endswith("\r"):
        text = _LONE_LF.sub("\r\n", text)  # keep the file's Windows line endings
    return text
