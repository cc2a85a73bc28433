"""Import posts from plain-text archive dumps.

A dump holds one or more posts back to back, paragraphs separated by blank lines. Each post
is: an optional photo caption paragraph, the title line, the standfirst, then the body
(paragraphs, sub-headings, quotes, in-body image captions, lists) and often site boilerplate
(sign-up prompt, partner logos, the feed footer). Nothing but the text marks where one post
ends and the next begins, so a boundary is decided from several cues together
(see `_starts_post`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from newsletter.errors import InputError
from newsletter.models import Article, Block, Image
from newsletter.sources import blocks as rules

POST_SHAPE_HINT = (
    "A post is an optional photo caption, a title line, a standfirst paragraph and body "
    "paragraphs, separated by blank lines (UTF-8 plain text)."
)


T = TypeVar("T")


class _cached(Generic[T]):
    """functools.cached_property without its lock (Python 3.11 takes one on each first
    read, a tenth of parsing a dump); the value lands in the instance's __dict__ the same."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _cached[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | _cached[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class _Para:
    """One paragraph of a dump: its lines, first line number and blank lines before it."""

    lines: tuple[str, ...]
    line: int
    blanks: int

    @_cached
    def text(self) -> str:
        return rules.clean_text(" ".join(self.lines))

    @_cached
    def boilerplate(self) -> bool:
        return rules.is_boilerplate(self.text)

    @_cached
    def quote(self) -> tuple[str, str | None, str | None] | None:
        return rules.split_quote(self.text)

    @_cached
    def credit(self) -> str | None:
        return rules.split_credit(self.text)[1]

    @_cached
    def heading_like(self) -> bool:
        return len(self.lines) == 1 and rules.is_heading_like(self.text)

    @property
    def lead_in(self) -> bool:
        return self.lines[0].rstrip().endswith(":")

    @property
    def prose(self) -> bool:
        """Ordinary running text: not chrome, a quote, a caption, a heading or a lead-in."""
        return not (
            self.boilerplate or self.quote or self.credit or self.heading_like or self.lead_in
        )


def split_paragraphs(text: str) -> list[_Para]:
    """Paragraphs of normalised text (BOM stripped, CRLF/CR -> LF, trailing spaces cut)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    paras: list[_Para] = []
    current: list[str] = []
    start = blanks = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            paras.append(_Para(tuple(current), start, blanks))
            current, blanks = [], 0
        blanks += 1
    if current:
        paras.append(_Para(tuple(current), start, blanks))
    return paras


def _is_title_at(paras: list[_Para], index: int) -> bool:
    """A heading-like line followed by a standfirst-like paragraph."""
    if index + 1 >= len(paras):
        return False
    title, after = paras[index], paras[index + 1]
    return title.heading_like and not title.boilerplate and after.prose


def _caption_before(paras: list[_Para], title: int, floor: int) -> int | None:
    """Index of the caption paragraph just before a title, if the one there can be one."""
    index = title - 1
    if index < floor:
        return None
    para = paras[index]
    if para.boilerplate or para.quote or para.lead_in or len(para.lines) > 1:
        return None
    return index


def _starts_post(paras: list[_Para], caption: int | None, title: int) -> bool:
    """Whether a title candidate inside a file starts a new post rather than a sub-heading.

    Cues, none decisive alone except boilerplate: the paragraph before is site chrome (+2),
    a caption precedes the title (+1), two or more blank lines before the post (+1); against:
    the blank-line gap sits between "caption" and title instead (-1), or the "caption" is a
    photo credit preceded by its alt line, i.e. an in-body image (-2).
    """
    start = title if caption is None else caption
    score = 0
    if start > 0 and paras[start - 1].boilerplate:
        score += 2
    if paras[start].blanks >= 2:
        score += 1
    if caption is not None:
        score += 1
        if paras[title].blanks >= 2:
            score -= 1
        if paras[caption].credit and caption > 0 and paras[caption - 1].heading_like:
            score -= 2
    return score >= 2


def _post_spans(paras: list[_Para]) -> list[tuple[int | None, int, int]]:
    """(caption index or None, title index, end index exclusive) for each post."""
    starts: list[tuple[int | None, int]] = []
    floor = 0  # captions may not reach back into the previous post's title or standfirst
    for index in range(len(paras)):
        if index < floor or not _is_title_at(paras, index):
            continue
        caption = _caption_before(paras, index, floor)
        if starts and not _starts_post(paras, caption, index):
            continue
        starts.append((caption, index))
        floor = index + 2
    spans: list[tuple[int | None, int, int]] = []
    for number, (caption, title) in enumerate(starts):
        if number + 1 < len(starts):
            next_caption, next_title = starts[number + 1]
            end = next_title if next_caption is None else next_caption
        else:
            end = len(paras)
        spans.append((caption, title, end))
    return spans


def _list_items(lead: _Para, following: list[_Para]) -> tuple[list[str], int]:
    """Items of a list announced by `lead`, and how many following paragraphs they used."""
    items = [rules.strip_bullet(line) for line in lead.lines[1:]]
    used = 0
    for para in following:
        if (items and para.blanks >= 2) or para.boilerplate or para.quote or para.credit:
            break
        if rules.is_bulleted(para.lines[0]) or len(para.lines) > 1:
            items += [rules.strip_bullet(line) for line in para.lines]
        elif len(para.text.split()) <= 15 and para.text[-1] not in ".!?:":
            items.append(rules.strip_bullet(para.text))
        else:
            break
        used += 1
    return [item for item in items if item], used


def _is_body(paras: list[_Para], index: int) -> bool:
    """Whether paras[index] is content a heading can introduce."""
    if index >= len(paras) or paras[index].boilerplate:
        return False
    para = paras[index]
    if para.heading_like:
        return index + 1 < len(paras) and paras[index + 1].credit is not None
    return True


def _lead_in_blocks(paras: list[_Para], index: int) -> tuple[list[Block], int]:
    """Blocks for a paragraph ending in ":" and how many paragraphs they consumed."""
    para = paras[index]
    after = paras[index + 1] if index + 1 < len(paras) else None
    if len(para.lines) == 1 and after is not None and after.quote and after.quote[1] is None:
        speaker = rules.attribution_lead_in(para.text)
        if speaker is not None:
            rest = rules.remove_lead_in(para.text)
            quote = Block("quote", after.quote[0], speaker=speaker[0], role=speaker[1])
            return ([Block("paragraph", rest)] if rest else []) + [quote], 2
    items, used = _list_items(para, paras[index + 1 :])
    if items:
        lead = rules.clean_text(para.lines[0])
        return [Block("list", lead, items=tuple(items))], 1 + used
    if rules.is_list_lead_in(para.text) and (after is None or not after.prose):
        return [], 1  # an empty list lead-in: its items did not survive the dump
    return [Block("paragraph", para.text)], 1


def _body_blocks(paras: list[_Para]) -> list[Block]:
    """The body of one post (everything after its standfirst) as blocks."""
    out: list[Block] = []
    index = 0
    while index < len(paras):
        para = paras[index]
        step = 1
        if para.boilerplate:
            pass
        elif all(rules.is_bulleted(line) for line in para.lines):
            items = tuple(rules.strip_bullet(line) for line in para.lines)
            out.append(Block("list", "", items=items))
        elif para.quote:
            text, speaker, role = para.quote
            if speaker is None and index + 1 < len(paras):
                found = rules.attribution_line(paras[index + 1].text)
                if found is not None:
                    speaker, role = found
                    step = 2
            out.append(Block("quote", text, speaker=speaker, role=role))
        elif para.credit:
            out.append(Block("caption", para.text))
        elif para.heading_like and index + 1 < len(paras) and paras[index + 1].credit:
            pass  # the alt line of an in-body image; its caption follows
        elif para.heading_like and _is_body(paras, index + 1):
            out.append(Block("heading", para.text))
        elif para.lead_in:
            lead_blocks, step = _lead_in_blocks(paras, index)
            out += lead_blocks
        else:
            out.append(Block("paragraph", para.text))
        index += step
    return out


def _unique(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def parse_dump(text: str, source: str) -> list[Article]:
    """Every post in a dump's text, in file order. `source` names the file (its basename)."""
    paras = split_paragraphs(text)
    articles: list[Article] = []
    taken: set[str] = set()
    for caption, title, end in _post_spans(paras):
        image = None
        if caption is not None:
            caption_text = paras[caption].text
            alt, credit = rules.split_credit(caption_text)
            image = Image(url=None, alt=alt, caption=caption_text, credit=credit)
        heading = paras[title].text
        slug = _unique(rules.slugify(heading), taken)
        articles.append(
            Article(
                id=slug,
                title=heading,
                slug=slug,
                standfirst=paras[title + 1].text,
                blocks=tuple(_body_blocks(paras[title + 2 : end])),
                image=image,
                source=source,
            )
        )
    return articles


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data:
        raise InputError(
            "this is a binary file (it contains NUL bytes), not a text dump",
            path=path,
            hint="Point the textdump source at plain-text .txt exports only.",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} "
            f"(line {line}, column {column})",
            path=path,
            line=line,
            hint="Re-save the file as UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`).",
        ) from None


def parse_file(path: Path) -> list[Article]:
    """The posts in one dump file; InputError if it is unreadable, binary, not UTF-8 or empty."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path=path) from None
    articles = parse_dump(_decode(data, path), path.name)
    if not articles:
        raise InputError("no recognisable post in this file", path=path, hint=POST_SHAPE_HINT)
    return articles
