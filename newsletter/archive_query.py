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


# -- folding -------------------------------------------------------------------------------

#: Latin letters that Unicode does not decompose, written the way a keyboard without them
#: would ("Bjørn" -> "bjorn", "Kjær" -> "kjaer"). Keys are lower case: casefold runs first.
_PLAIN_LETTERS = {
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "þ": "th",
    "ð": "d",
    "đ": "d",
    "ł": "l",
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "n",
    "ı": "i",
}
#: The combining diacritical mark blocks (Latin, Greek and Cyrillic accents after NFKD).
#: Marks of other scripts (Indic vowel signs, viramas...) are part of their letters and stay.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")
_LETTERS = re.compile("[" + "".join(_PLAIN_LETTERS) + "]")


def _plain_letter(match: re.Match[str]) -> str:
    return _PLAIN_LETTERS[match[0]]


def fold_for_search(text: str) -> str:
    """`text` as the search index holds it: case-folded, compatibility forms spelled out
    (NFKD: "ﬁ" -> "fi", "²" -> "2"), accents dropped ("Björn", "Mélanie" -> "bjorn",
    "melanie") and letters without a decomposition written plainly (ø -> o, æ -> ae,
    œ -> oe, ß -> ss, þ -> th, ð/đ -> d, ł -> l...).

    Applied to the indexed text and to the query, so "Bjorn", "bjørn" and "BJØRN" all find
    "Bjørn" and "kjaer" finds "Kjær". The index depends on this exact output: a change here
    needs a schema migration that rebuilds the index (see archive_schema).
    """
    if text.isascii():
        return text.lower()
    bare = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    # (regex passes: str.translate with a table is ten times slower on a long body)
    return unicodedata.normalize("NFC", _LETTERS.sub(_plain_letter, bare))  # NFC: Hangul


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

    Each whitespace-separated word is folded like the index (fold_for_search) and becomes
    a quoted string, so FTS5 operators and syntax (`"`, `-`, `:`, `*`, `(`, AND, NEAR...)
    are plain text; a word with inner punctuation ("covid-19", "a:b") becomes a phrase of
    its parts, as the unicode61 tokenizer splits them. Words without a letter or digit are
    dropped (they would be empty phrases). All words must match; the last one, from
    MIN_PREFIX characters on, also matches as a prefix ("catap" finds "catapult").
    """
    folded = (fold_for_search(word) for word in text.split())
    words = [word for word in folded if _TOKEN.search(word)][:MAX_TERMS]
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    tokens = tuple(token for word in words for token in _TOKEN.findall(word))
    prefix = len(tokens[-1]) >= MIN_PREFIX
    if prefix:
        quoted[-1] += "*"
    alternatives = [_loose(token, prefix=False) + r"(?!\w)" for token in tokens[:-1]]
    last = _loose(tokens[-1], prefix=prefix)
    alternatives.append(last if prefix else last + r"(?!\w)")
    finder = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    return SearchTerms(" AND ".join(quoted), tokens, prefix, finder)


# -- finding folded words in the original text (for snippets) -------------------------------


def _spellings() -> tuple[dict[str, str], dict[str, str]]:
    """Which Latin letters fold to what: single letters ({"o": "òóôõöøØ..."}) and letter
    pairs ({"ae": "æÆǽ...", "ss": "ßẞ", "th": "þÞ"})."""
    single: dict[str, str] = {}
    pairs: dict[str, str] = {}
    for code in (*range(0x00A0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        plain = fold_for_search(char)
        if plain == char.lower() or len(plain) > 2 or not _TOKEN.fullmatch(plain):
            continue
        table = single if len(plain) == 1 else pairs
        table[plain] = table.get(plain, "") + char
    return single, pairs


_SINGLE, _PAIRS = _spellings()
#: The pair letters a word may end inside while typed: "kja" is the start of "Kjær".
_STARTS = {pair[0]: "".join(c for p, c in _PAIRS.items() if p[0] == pair[0]) for pair in _PAIRS}
#: Words longer than this are matched letter for letter (their regex would be long).
_MAX_LOOSE = 64
#: Overlapping pairs ("sss": "ßs" or "sß") branch at most this often per word.
_MAX_BRANCHES = 3


@lru_cache(maxsize=4096)
def _loose(token: str, *, prefix: bool) -> str:
    """A regex that matches how `token` (folded) may be written in the original text:
    "bjorn" matches "Bjørn" and "Björn", "kjaer" matches "Kjær", and with `prefix` also
    the start of a longer word, "kja" included ("Kjær")."""
    if len(token) > _MAX_LOOSE:
        return re.escape(token)
    return _loose_from(token, 0, prefix, _MAX_BRANCHES)


def _loose_from(token: str, start: int, prefix: bool, branches: int) -> str:
    parts: list[str] = []
    at = start
    while at < len(token):
        pair = token[at : at + 2]
        chars = _PAIRS.get(pair) if len(pair) == 2 else None
        if chars is None:
            parts.append(_letter(token, at, prefix))
            at += 1
        elif branches > 0 and token[at + 1 : at + 3] in _PAIRS:  # "sss": two ways to pair
            apart = _letter(token, at, prefix) + _loose_from(token, at + 1, prefix, branches - 1)
            joined = f"[{chars}]" + _loose_from(token, at + 2, prefix, branches - 1)
            parts.append(f"(?:{apart}|{joined})")
            break
        else:
            apart = _letter(token, at, prefix) + _letter(token, at + 1, prefix)
            parts.append(f"(?:{apart}|[{chars}])")
            at += 2
    return "".join(parts)


def _letter(token: str, at: int, prefix: bool) -> str:
    """A character class for the folded letter `token[at]` and every letter folding to it
    (and, at the end of a prefix, the pair letters starting with it)."""
    plain = token[at]
    chars = plain + _SINGLE.get(plain, "")
    if prefix and at == len(token) - 1:
        chars += _STARTS.get(plain, "")
    return "[" + re.escape(chars) + "]"


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
