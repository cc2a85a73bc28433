"""Line numbers for keys in a TOML file, so errors can say `file:line`.

tomllib and tomlkit parse values but do not report where a key stands; this scanner
maps each key path (like ``("sections", 0, "items", 2, "article")``) to its line.
It understands tables, arrays of tables and simple/dotted keys, which is all our
files use; anything it does not know simply has no line.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_MULTILINE_OPEN = re.compile(r'=\s*("""|\'\'\')')


def _split_key(raw: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", raw)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def key_lines(text: str) -> dict[Path, int]:
    """Map every key path and table header path in `text` to its 1-based line."""
    lines: dict[Path, int] = {}
    counters: dict[tuple[str, ...], int] = {}
    prefix: Path = ()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            names = _split_key(header.group(2))
            if header.group(1) == "[[":
                index = counters.get(tuple(names), -1) + 1
                counters[tuple(names)] = index
                # Nested arrays restart when their parent advances.
                for key in list(counters):
                    if len(key) > len(names) and key[: len(names)] == tuple(names):
                        del counters[key]
                prefix = (*_resolve(names, counters), index)
            else:
                prefix = _resolve(names, counters)
            lines.setdefault(prefix, number)
            continue
        assignment = _KEY.match(line)
        if assignment:
            path = prefix + tuple(_split_key(assignment.group(1)))
            lines.setdefault(path, number)
            opener = _MULTILINE_OPEN.search(line)
            if opener and line.count(opener.group(1)) == 1:
                in_multiline = opener.group(1)
    return lines


def _resolve(names: list[str], counters: dict[tuple[str, ...], int]) -> Path:
    """Insert the current array index after every array-of-tables ancestor."""
    path: list[str | int] = []
    for depth in range(1, len(names) + 1):
        path.append(names[depth - 1])
        ancestor = tuple(names[:depth])
        if depth < len(names) and ancestor in counters:
            path.append(counters[ancestor])
    return tuple(path)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
