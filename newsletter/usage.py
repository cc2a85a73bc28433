"""Which issues already used an article, read cheaply from the issue files."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _article_ids(data: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    sections = data.get("sections")
    if not isinstance(sections, list):
        return ids
    for section in sections:
        items = section.get("items") if isinstance(section, dict) else None
        if not isinstance(items, list):
            continue
        for item in items:
            article = item.get("article") if isinstance(item, dict) else None
            if isinstance(article, str) and article:
                ids.append(article)
    return ids


def usage_index(issue_paths: Iterable[Path]) -> dict[str, list[str]]:
    """Map article id -> names (file stems) of the issues that use it, sorted, no repeats.

    Files that cannot be read or parsed are skipped: this feeds a badge, not validation.
    """
    index: dict[str, set[str]] = {}
    for path in issue_paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        for article in _article_ids(data):
            index.setdefault(article, set()).add(path.stem)
    return {article: sorted(names) for article, names in index.items()}
