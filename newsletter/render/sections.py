"""The rendered issue cut into sections at the templates' markers: the HTML with its byte
size, and the tidy plain text with each section's text.

Both give what postprocess's general functions give; in the usual case (every marker once,
in order, the text's markers on lines of their own) they get there with less work: the HTML
is finished and measured piece by piece (only pieces with non-ASCII characters are encoded),
and the text's lines are split and trimmed once for the whole text and the sections alike.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsletter.render import postprocess as post

_TEXT_MARK = "\x1e"  # starts and ends every text marker (postprocess.TEXT_SECTION_*)


def finish_html(
    html: str, count: int, lang: str, labels: Mapping[int, str] | None = None
) -> tuple[str, list[str | None], int]:
    """The compiled HTML finished and cut into sections: post.label_buttons (when `labels`
    are given), post.merge_conditionals, post.finish_head, then post.split_html_sections;
    and the finished HTML's UTF-8 bytes.

    In the usual case the page is cut at the markers first, then each piece labelled and
    merged on its own (no button and no conditional spans a marker) and the head finished
    within the first piece: the whole page is scanned and copied fewer times.
    """
    found = post.html_pieces_in_order(html, count)
    pieces = found[0] if found is not None else None
    if pieces is not None and labels is not None:
        named = [post.label_buttons_within(piece, labels) for piece in pieces]
        pieces = [piece for piece in named if piece is not None]
        if len(pieces) < len(named):
            pieces = None
    if pieces is not None:
        pieces = [post.merge_conditionals(piece) for piece in pieces]
        if "</head>" in pieces[0]:  # else the head is not all in the first piece
            pieces[0] = post.finish_head(pieces[0], lang)
            size = sum(len(p) if p.isascii() else len(p.encode("utf-8")) for p in pieces)
            return "".join(pieces), list(pieces[1::2]), size
    if labels is not None:
        html = post.label_buttons(html, labels)
    stripped, parts = post.split_html_sections(
        post.finish_head(post.merge_conditionals(html), lang), count
    )
    return stripped, parts, len(stripped.encode("utf-8"))


def split_text(text: str, count: int) -> tuple[str, list[str | None]]:
    """(the tidy plain text without markers, each section's tidy text, or None when its
    markers are missing): post.tidy_text(post.strip_text_markers(...)) of the whole and of
    each post.slice_sections part, the latter without its outer blank lines."""
    lines = _lines_in_order(text, count)
    if lines is None:
        parts = post.slice_sections(text, count, post.TEXT_SECTION_START, post.TEXT_SECTION_END)
        sections = [
            None if part is None else post.tidy_text(post.strip_text_markers(part)).strip("\n")
            for part in parts
        ]
        return post.tidy_text(post.strip_text_markers(text)), sections
    all_lines, bounds = lines
    whole = _collapse_blank_runs("\n".join(all_lines)).strip("\n") + "\n"
    return whole, [
        _collapse_blank_runs("\n".join(all_lines[start:end])).strip("\n") for start, end in bounds
    ]


def _lines_in_order(text: str, count: int) -> tuple[list[str], list[tuple[int, int]]] | None:
    """The text's lines without markers, right-stripped, and each section's (first, end) line
    index; None unless each marker is there once, in order, on a line of its own."""
    if text.count(_TEXT_MARK) != 4 * count:  # two marks per marker, two markers a section
        return None
    cuts: list[tuple[int, int]] = []  # (start, end) of each marker line, its newline included
    pos = 0
    for index in range(count):
        for pattern in (post.TEXT_SECTION_START, post.TEXT_SECTION_END):
            marker = pattern.format(index)
            at = text.find(marker, pos)
            end = at + len(marker)
            if at < 0 or (at and text[at - 1] != "\n") or text[end : end + 1] != "\n":
                return None
            cuts.append((at, end + 1))
            pos = end + 1
    lines: list[str] = []
    bounds: list[tuple[int, int]] = []
    pos = 0
    for number, (start, end) in enumerate([*cuts, (len(text), len(text))]):
        first = len(lines)
        lines += map(str.rstrip, text[pos:start].splitlines())
        if number % 2:  # the piece between a section's start and end markers
            bounds.append((first, len(lines)))
        pos = end
    return lines, bounds


def _collapse_blank_runs(text: str) -> str:
    """At most one blank line in a row (as post.tidy_text)."""
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
