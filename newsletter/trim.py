"""Sentence-aware trimming of an article into an issue item's teaser.

What a teaser is made of:
- the standfirst, then the body's *units*: paragraph blocks and quote blocks, in order;
- a quote is shown as its text in quotation marks plus its attribution
  (``“…” — Speaker, Role``) and is never cut inside (a half quote would lose its speaker);
- headings, in-body captions and lists are left out of teasers;
- ``paragraphs = N`` counts paragraph blocks only: the teaser runs up to and including the
  N-th paragraph, with any quotes in between; N at or beyond the last paragraph keeps the
  whole body, trailing quotes included;
- ``words = N`` cuts at the last sentence end within N words (standfirst included); if the
  first sentence alone is longer, that whole sentence is kept, so a teaser is never empty
  and never ends mid-sentence;
- neither: the standfirst alone, or the first paragraph when the standfirst is empty;
- a ``teaser`` override is the whole teaser (paragraphs split on blank lines).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from newsletter.models import Article, Block, Item, Teaser

# A token (whitespace-separated) that may end a sentence, i.e. whose last character before
# any closing quotes or brackets is . ! ? or …, and the token after it: the only pairs
# _ends_sentence can accept.
_CANDIDATE_END = re.compile(r"(?<!\S)(\S*[.!?…][\"'”’»)\]]*)(?=\s+(\S+))")
# One match per whitespace-separated token holding a letter or digit ([^\W_] is str.isalnum()):
# from its first one to the token's end.
_WORD = re.compile(r"[^\W_]\S*")
_BLANK_LINES = re.compile(r"\n\s*\n")
_OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# Abbreviations that never end a sentence when a capitalised word follows.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "mt",
        "sr",
        "jr",
        "rev",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "hon",
        "cf",
        "vs",
        "approx",
        "ca",
        "incl",
        "excl",
        "dept",
        "est",
        "al",
    ]
)
# Abbreviations that do not end a sentence when a number follows ("no. 5", "Dec. 1").
_BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "nr",
        "vol",
        "p",
        "pp",
        "fig",
        "figs",
        "art",
        "ch",
        "sec",
        "tab",
        "op",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def word_count(text: str) -> int:
    """Words in `text`: whitespace-separated tokens holding at least one letter or digit.

    Tokens of letters and digits alone (most of them) count without a regex; only the rest
    are searched for a letter or digit.
    """
    tokens = text.split()
    mixed = list(itertools.filterfalse(str.isalnum, tokens))
    if not mixed:
        return len(tokens)
    return len(tokens) - len(mixed) + len(_WORD.findall(" ".join(mixed)))


def _ends_sentence(word: str, following: str) -> bool:
    """Whether a sentence ends after `word`, given the `following` token."""
    core = word.rstrip(_CLOSERS)
    if not core or core[-1] not in ".!?…":
        return False
    start = following.lstrip(_OPENERS)
    if not start or not (start[0].isupper() or start[0].isdigit()):
        return False
    if core[-1] != "." or core.endswith(".."):
        return True  # ? ! or an ellipsis, followed by a capital or a number
    base = core[:-1].lstrip(_OPENERS)
    lowered = base.lower()
    if len(base) == 1 and base.isalpha():
        return False  # an initial: "Magnus R. Björsne"
    if _DOTTED.fullmatch(base) or lowered in _ABBREVIATIONS:
        return False  # "e.g.", "U.S.", "Dr."
    return not (lowered in _BEFORE_NUMBER and start[0].isdigit())


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping each sentence's own text and punctuation.

    Handles abbreviations (Dr., Prof., St., no. 5, e.g., i.e.), decimals (3.5),
    initials (Magnus R. Björsne), closing quotes after the period (“… end.” Next)
    and ellipses (only a capital after one starts a new sentence).
    """
    text = text.strip()
    sentences: list[str] = []
    start = 0
    for end in _CANDIDATE_END.finditer(text):
        if _ends_sentence(end.group(1), end.group(2)):
            sentences.append(text[start : end.end(1)])
            start = end.start(2)
    if text[start:]:
        sentences.append(text[start:])
    return sentences


def first_sentence(text: str) -> str:
    """The first of split_sentences(text) ("" for blank text), without splitting the rest."""
    text = text.strip()
    for end in _CANDIDATE_END.finditer(text):
        if _ends_sentence(end.group(1), end.group(2)):
            return text[: end.end(1)]
    return text


def quote_text(block: Block) -> str:
    """A quote block as teaser text: quotation marks plus ``— Speaker, Role``."""
    text = block.text.strip()
    if text and text[0] not in _OPENERS:
        text = f"“{text}”"
    who = ", ".join(part for part in (block.speaker, block.role) if part)
    return f"{text} — {who}" if who else text


def _units(article: Article) -> list[tuple[str, str]]:
    """The body's teaser units as (kind, text), kind "paragraph" or "quote"."""
    units: list[tuple[str, str]] = []
    for block in article.blocks:
        if block.type == "paragraph":
            text = block.text.strip()
            if text:
                units.append(("paragraph", text))
        elif block.type == "quote" and block.text.strip():
            units.append(("quote", quote_text(block)))
    return units


def _teaser(headline: str, paragraphs: list[str], truncated: bool) -> Teaser:
    count = word_count(" ".join(paragraphs))  # the sum over the paragraphs, in one go
    return Teaser(headline, tuple(paragraphs), count, truncated)


def _by_paragraphs(article: Article, count: int, headline: str) -> Teaser:
    units = _units(article)
    kept: list[str] = [article.standfirst.strip()] if article.standfirst.strip() else []
    seen = 0
    used = 0
    for kind, text in units:
        if seen >= count:
            break
        kept.append(text)
        used += 1
        seen += kind == "paragraph"
    if seen < count:  # fewer paragraphs than asked for: the whole body
        kept += [text for _, text in units[used:]]
        used = len(units)
    return _teaser(headline, kept, used < len(units))


def _pieces(article: Article) -> list[tuple[int, str]]:
    """(paragraph index, sentence) pieces a words-trim chooses from; quotes stay whole."""
    pieces: list[tuple[int, str]] = []
    parts: list[tuple[str, str]] = []
    if article.standfirst.strip():
        parts.append(("paragraph", article.standfirst.strip()))
    parts += _units(article)
    for index, (kind, text) in enumerate(parts):
        sentences = [text] if kind == "quote" else split_sentences(text)
        pieces += [(index, sentence) for sentence in sentences]
    return pieces


def _by_words(article: Article, limit: int, headline: str) -> Teaser:
    pieces = _pieces(article)
    total = 0
    taken = 0
    for _, sentence in pieces:
        words = word_count(sentence)
        if total + words > limit and taken:
            break
        total += words
        taken += 1
        if total > limit:  # the first sentence alone is over the limit: keep it whole
            break
    grouped: dict[int, list[str]] = {}
    for index, sentence in pieces[:taken]:
        grouped.setdefault(index, []).append(sentence)
    return _teaser(headline, [" ".join(group) for group in grouped.values()], taken < len(pieces))


def trim(article: Article, item: Item) -> Teaser:
    """The teaser `item` asks for from `article` (see the module docstring for the rules)."""
    headline = item.headline or article.title
    if item.teaser:
        paragraphs = [p.strip() for p in _BLANK_LINES.split(item.teaser.strip()) if p.strip()]
        left_out = bool(article.standfirst.strip() or _units(article))
        return _teaser(headline, paragraphs, left_out)
    if item.paragraphs is not None:
        return _by_paragraphs(article, item.paragraphs, headline)
    if item.words is not None:
        return _by_words(article, item.words, headline)
    units = _units(article)
    if article.standfirst.strip():
        return _teaser(headline, [article.standfirst.strip()], bool(units))
    first = next((i for i, (kind, _) in enumerate(units) if kind == "paragraph"), None)
    if first is None:
        return _teaser(headline, [], bool(units))
    return _teaser(headline, [units[first][1]], len(units) > 1)


def _sentence_ends(article: Article) -> list[int]:
    """Cumulative word counts at each sentence end of a words-trim."""
    ends: list[int] = []
    total = 0
    for _, sentence in _pieces(article):
        total += word_count(sentence)
        ends.append(total)
    return ends


def _ladder(item: Item, article: Article) -> list[tuple[int, Item]]:
    """The trims +/- step through, shortest first, each with its teaser's word count."""
    if item.words is not None:
        return [(end, replace(item, words=end)) for end in _sentence_ends(article)]
    steps = [replace(item, paragraphs=None, words=None)]
    paragraph_total = sum(1 for kind, _ in _units(article) if kind == "paragraph")
    steps += [replace(item, paragraphs=n, words=None) for n in range(1, paragraph_total + 1)]
    return [(trim(article, step).word_count, step) for step in steps]


def longer(item: Item, article: Article) -> Item:
    """One paragraph (or, in words mode, one sentence) more; unchanged at the article's end."""
    if item.teaser:
        return item
    current = trim(article, item).word_count
    return next((step for count, step in _ladder(item, article) if count > current), item)


def shorter(item: Item, article: Article) -> Item:
    """One paragraph (or one sentence) less; unchanged at the shortest teaser."""
    if item.teaser:
        return item
    current = trim(article, item).word_count
    fewer = [step for count, step in _ladder(item, article) if count < current]
    return fewer[-1] if fewer else item
