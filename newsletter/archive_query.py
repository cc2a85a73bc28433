"""Pure helpers of the archive: rows to and from articles, and safe FTS5 queries."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from newsletter.models import Article, ArticleSummary
from newsletter.serialize import article_to_dict

#: Words beyond this many are ignored (a pasted paragraph should not stall the search).
MAX_TERMS = 24
#: A last word shorter than this is matched whole, not as a prefix ("c*" matches everything).
MIN_PREFIX = 2
_TOKEN = re.compile(r"[^\W_]+")  # a run of letters/digits: roughly a unicode61 token


class StoredArticle(NamedTuple):
    """An article's columns in the `articles` table, except `imported_at`."""

    id: str
    title: str
    slug: str
    url: str | None
    date: str | None
    modified: str | None
    source: str
    standfirst: str
    body: str
    data: str
    digest: str
    fingerprint: str


def stored(article: Article) -> StoredArticle:
    """The columns for `article`. `data` is its JSON; `digest` changes when any field does.

    `body` (what search reads besides title and standfirst) is the lead image's caption
    and the text of every block, list entries included.
    """
    data = json.dumps(
        article_to_dict(article), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    body: list[str] = []
    if article.image is not None and (article.image.caption or article.image.alt):
        body.append(article.image.caption or article.image.alt)
    for block in article.blocks:
        if block.text:
            body.append(block.text)
        body.extend(block.items)
    return StoredArticle(
        id=article.id,
        title=article.title,
        slug=article.slug,
        url=article.url,
        date=article.date.isoformat() if article.date else None,
        modified=article.modified.isoformat() if article.modified else None,
        source=article.source,
        standfirst=article.standfirst,
        body="\n\n".join(body),
        data=data,
        digest=hashlib.sha256(data.encode("utf-8")).hexdigest(),
        fingerprint=article.fingerprint,
    )


def summary(
    article_id: str, title: str, when: str | None, source: str, snippet: str
) -> ArticleSummary:
    return ArticleSummary(
        id=article_id,
        title=title,
        date=date.fromisoformat(when) if when else None,
        source=source,
        snippet=snippet,
    )


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """A user's query made safe: the FTS5 MATCH expression, and a regex that finds the
    matched words in the original text (for the snippet)."""

    match: str
    words: tuple[str, ...]  # folded, as the index stores them
    prefix: bool  # the last word also matches as a prefix
    finder: re.Pattern[str]


def parse_query(text: str) -> SearchTerms | None:
    """The FTS5 query for what the user typed, or None when there is nothing to search for.

    Each whitespace-separated word becomes a quoted string, so FTS5 operators and syntax
    (`"`, `-`, `:`, `*`, `(`, AND, NEAR...) are plain text; a word with inner punctuation
    ("covid-19", "a:b") becomes a phrase of its parts, as the unicode61 tokenizer splits
    them. Words without a letter or digit are dropped (they would be empty phrases). All
    words must match; the last one, from MIN_PREFIX characters on, also matches as a
    prefix ("catap" finds "catapult").
    """
    words = [word for word in text.split() if _TOKEN.search(word)][:MAX_TERMS]
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    tokens = tuple(fold(token) for word in words for token in _TOKEN.findall(word))
    prefix = len(tokens[-1]) >= MIN_PREFIX
    if prefix:
        quoted[-1] += "*"
    alternatives = [_loose(token) + r"(?!\w)" for token in tokens]
    if prefix:
        alternatives[-1] = _loose(tokens[-1])
    finder = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    return SearchTerms(" AND ".join(quoted), tokens, prefix, finder)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without diacritics, like the unicode61 tokenizer with remove_diacritics 2
    (so "Björn" -> "bjorn"; letters such as "ø" that Unicode does not decompose stay)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def _variants() -> dict[str, str]:
    """Latin letters with diacritics, by the plain letter they fold to ("o" -> "òóôõö...")."""
    table: dict[str, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        plain = fold(char)
        if len(plain) == 1 and plain != char.lower():
            table[plain] = table.get(plain, "") + char
    return table


_VARIANTS = _variants()


def _loose(token: str) -> str:
    """A regex for `token` that also matches its letters written with diacritics."""
    return "".join(f"[{ch}{_VARIANTS[ch]}]" if ch in _VARIANTS else re.escape(ch) for ch in token)


def snippet(terms: SearchTerms, texts: tuple[str, ...], before: int = 50, after: int = 110) -> str:
    """The words around the first match of the query in `texts`, on one line.

    Cheaper than FTS5's snippet(), which reads and tokenizes every ranked row. Falls back
    to the start of the first non-empty text (when only the title matched, say).
    """
    for text in texts:
        hit = terms.finder.search(text)
        if hit is None:
            continue
        start, end = max(0, hit.start() - before), min(len(text), hit.start() + after)
        if start > 0:
            space = text.find(" ", start, hit.start())
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", hit.end(), end)
            end = space if space >= 0 else end
        piece = " ".join(text[start:end].split())
        return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
    return next((short_text(text) for text in texts if text.strip()), "")


def short_text(text: str, limit: int = 160) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (+ '…')."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:.-–—") + "…"
