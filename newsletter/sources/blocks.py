"""Text rules shared by the text-dump and the HTML (WordPress/feed) importers.

Every function here is pure: it looks at one piece of text and answers a question about it
(is it boilerplate, where does a photo credit start, who is speaking in a quote, ...).
The importers decide from these answers what block a paragraph becomes.
"""

from __future__ import annotations

import re
import unicodedata

Attribution = tuple[str | None, str | None]
"""(speaker, role) as written; either may be None."""

_BOILERPLATE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?:sign up|subscribe) (?:to|for) (?:our|the) (?:\w+ )?newsletter\W*",
        r"(?:partner|sponsor|member)?\s*logos?\s*:?",
        r"want to (?:read|know|learn|hear) more\b[^.!]*\?",
        r"the post .+ first appeared on .+",
        r"(?!(?:the|a|an|our|new|their|its|his|her|my|your|this)\b)(?:\S+\s+){1,5}logos?",
    )
)
_CREDIT = re.compile(
    r"(?:^|(?<=[\s(.,;]))\(?(?:Photos?|PHOTOS?|Foto|FOTO|Image|Illustration|Credit)"
    r"(?:\s*/\s*\w+)?\s*(?::|\sby\s)\s*(?P<credit>[^()\s]+(?:\s[^()\s]+){0,7}?)\)?\s*\.?$"
)
_OPEN_MARKS = '“„«"”'
_CLOSE_MARKS = '”“»"'
_QUOTE_MARK = re.compile('[“„«"”»]')  # either kind
_VERB = (
    r"(?:says?|said|comment(?:s|ed)?|add(?:s|ed)?|continu(?:es|ed)|repl(?:y|ies|ied)"
    r"|explain(?:s|ed)?|not(?:es|ed)|stat(?:es|ed)|tell(?:s)?|told|writes|wrote"
    r"|remark(?:s|ed)|emphasi[sz](?:es|ed)|stress(?:es|ed)|conclud(?:es|ed)|answer(?:s|ed)"
    r"|points? out|pointed out|assert(?:s|ed)|observ(?:es|ed)|argu(?:es|ed)|recall(?:s|ed)"
    r"|admit(?:s|ted)|insist(?:s|ed)|elaborat(?:es|ed)|underlin(?:es|ed)|puts?|according to)"
)
_VERB_FIRST = re.compile(rf"{_VERB}\s+(?P<who>.+)")
_VERB_LAST = re.compile(rf"(?P<who>.+?),?\s+{_VERB}(?P<extra>(?:\s+\S+)*)")
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "af", "av", "del", "dos"}
)
_NOT_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "our",
        "their",
        "its",
        "his",
        "her",
        "in",
        "on",
        "at",
        "for",
        "and",
        "but",
        "next",
        "read",
        "see",
        "here",
        "there",
    }
)
_DANGLING = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "but",
        "with",
        "at",
        "by",
        "from",
        "for",
        "in",
        "on",
        "via",
        "than",
        "as",
    }
)
_LIST_CUES = re.compile(
    r"(?:\b(?:are|is|were|was|include|includes|including|following|follows|these|below"
    r"|of|them|such as|as follows))\s*:$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=\w\w[.!?])\s+(?=[“\"„«A-ZÀ-ÖØ-Þ])")
_BULLET = re.compile(r"^(?:[-•*–—▪◦]|\d{1,2}[.)])\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\w) +(?=[,.;:!?](?:\s|$))")
_GAP = re.compile(r" [,.;:!?]")  # needed by _SPACE_BEFORE_PUNCTUATION once spaces are single
_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i"}
)


def clean_text(text: str) -> str:
    """Collapse whitespace and drop the stray space a removed link leaves before punctuation.

    The rules below clean what they are given, so one paragraph is cleaned several times
    over: the last results are kept (a cleaned text cleans to itself) to answer at once.
    """
    cleaned = _recently_cleaned.get(text)
    if cleaned is not None:
        return cleaned
    cleaned = " ".join(text.split())  # what \s+ -> " " and strip() give (\s is str.isspace)
    if _GAP.search(cleaned):  # the only way that regex can match: else skip it
        cleaned = _SPACE_BEFORE_PUNCTUATION.sub("", cleaned)
    if len(_recently_cleaned) >= 512:
        _recently_cleaned.clear()
    _recently_cleaned[text] = _recently_cleaned[cleaned] = cleaned
    return cleaned


_recently_cleaned: dict[str, str] = {}


def is_boilerplate(text: str) -> bool:
    """True for site chrome that is not article content.

    The newsletter sign-up prompt, "Partner logos:", "X logo" lines, "Want to read more ...?"
    prompts and the feed footer "The post ... first appeared on ...". An empty list lead-in
    is boilerplate too, but only its context shows that: see `is_list_lead_in`.
    """
    text = clean_text(text)
    if not text or len(text.split()) > 40:
        return False
    return any(pattern.fullmatch(text) for pattern in _BOILERPLATE)


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split "... Photo: X" into (caption without the credit, "X"); (caption, None) if none."""
    caption = clean_text(caption)
    if not ("Photo" in caption or "PHOTO" in caption or "Image" in caption) and not (
        "Foto" in caption or "FOTO" in caption or "Illustration" in caption or "Credit" in caption
    ):
        return caption, None  # _CREDIT needs one of these words: no need to search
    match = _CREDIT.search(caption)
    if match is None or not match.group("credit").strip():
        return caption, None
    return caption[: match.start()].strip(), match.group("credit").strip().rstrip(".")


def is_heading_like(text: str) -> bool:
    """A short single line without closing sentence punctuation: a title, sub-heading or alt.

    A line ending in a dangling word ("... list on") is a sentence whose link text was lost,
    not a heading. Questions count as heading-like; statements ending in "." do not.
    """
    if "\n" in text:
        return False
    text = clean_text(text)
    words = text.split()
    if not words or len(words) > 16 or len(text) > 120:
        return False
    if text[0] in _OPEN_MARKS or not (text[0].isupper() or text[0].isdigit()):
        return False
    if text[-1] in ".,;:!" or words[-1].lower() in _DANGLING:
        return False
    return split_credit(text)[1] is None


def is_list_lead_in(text: str) -> bool:
    """True for a sentence that announces a list ("The five partners in the project are:").

    Either it ends with a list cue ("are:", "include:", "consists of:") or it is a short
    phrase with a colon and no comma ("Key dates:"). Attribution lead-ins ("X said:") are not.
    """
    text = clean_text(text)
    if not text.endswith(":") or attribution_lead_in(text) is not None:
        return False
    last = _last_sentence(text)
    if len(last.split()) > 25:
        return False
    short_phrase = len(last.split()) <= 5 and "," not in last and is_heading_like(last[:-1])
    return bool(_LIST_CUES.search(last)) or short_phrase


def strip_bullet(line: str) -> str:
    """A list item without its bullet ("- ", "• ", "1. ") and trailing ";" or ","."""
    return clean_text(_BULLET.sub("", line.strip())).rstrip(";,").strip()


def is_bulleted(line: str) -> bool:
    return bool(_BULLET.match(line.strip()))


def _is_name_token(token: str) -> bool:
    return token[:1].isupper() or token.lower() in _PARTICLES


def _is_name(words: list[str]) -> bool:
    """A person's name as written: 1-5 capitalised words (particles like "van" allowed)."""
    if not 1 <= len(words) <= 5 or words[0].lower() in _NOT_NAMES:
        return False
    if not (words[0][:1].isupper() and words[-1][:1].isupper()):
        return False
    return all(_is_name_token(w) and (not w.isupper() or len(w) <= 2) for w in words)


def _name_and_role(text: str) -> Attribution | None:
    """ "Name, Role" / "Name" / "role Name" / "Name ACRONYM role" -> (name, role)."""
    text = text.strip().strip(",").strip()
    name_part, comma, role_part = text.partition(",")
    words = name_part.split()
    role = role_part.strip() or None
    if _is_name(words):
        return " ".join(words), role
    if comma:
        return None
    for cut in range(len(words) - 2, 0, -1):  # "general manager Ketil Widerberg"
        if _is_name(words[cut:]) and not _is_name_token(words[cut - 1]):
            return " ".join(words[cut:]), " ".join(words[:cut])
    for cut in range(2, min(len(words), 5)):  # "Idar Kreutzer CEO of NHO"
        if words[cut].isupper() and len(words[cut]) > 1 and _is_name(words[:cut]):
            return " ".join(words[:cut]), " ".join(words[cut:])
    return None


def _who(text: str) -> Attribution | None:
    if text.strip().lower() in _PRONOUNS:
        return None, None
    return _name_and_role(text)


def parse_attribution(text: str, *, need_verb: bool = False) -> Attribution | None:
    """Read an attribution such as "says Name, Role" or "Name, Role" or "she said".

    Returns (speaker, role) — (None, None) for a bare pronoun or empty text — or None when
    the text is not an attribution at all (it reads as prose).
    """
    text = re.sub(r"^[\s,;–—-]+", "", clean_text(text)).rstrip(" .,;:")
    if not text:
        return None if need_verb else (None, None)
    if len(text.split()) > 30 or _SENTENCE_END.search(text):
        return None
    if match := _VERB_FIRST.fullmatch(text):
        return _who(match.group("who"))
    match = _VERB_LAST.fullmatch(text)
    if match and len(match.group("extra").split()) <= 4:
        return _who(match.group("who"))
    return None if need_verb else _name_and_role(text)


def _segments(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_quoted, text) runs by its quotation marks.

    A mark opens a quote outside one when no letter or digit comes right before it, and
    closes it inside one when none comes right after; other marks are text.
    """
    runs: list[tuple[bool, str]] = []
    start = 0
    inside = False
    for mark in _QUOTE_MARK.finditer(text):
        index = mark.start()
        char = text[index]
        if not inside and char in _OPEN_MARKS and not (index and text[index - 1].isalnum()):
            opens = True
        elif inside and char in _CLOSE_MARKS and not text[index + 1 : index + 2].isalnum():
            opens = False
        else:
            continue
        runs.append((inside, text[start:index]))
        start, inside = index + 1, opens
    runs.append((inside, text[start:]))
    return [(quoted, part) for quoted, part in runs if quoted or part.strip()]


def _full_stop(part: str) -> str:
    part = part.strip()
    return part[:-1] + "." if part.endswith(",") else part


def split_quote(paragraph: str) -> tuple[str, str | None, str | None] | None:
    """A quotation paragraph -> (quote text without marks, speaker, role); None if prose.

    Recognises “...” says Name, Role. / “...” Name, Role / “...,” Name said. / a quote with
    an attribution in the middle (“A,” says X. “B.”) / "Name, Role, said: “...”" and an
    unattributed “...” (speaker and role None). A trailing comma inside the quote becomes a
    full stop. Pronoun attributions ("she said") give speaker None.
    """
    text = clean_text(paragraph)
    if not text:
        return None
    lead: Attribution | None = None
    if text[0] not in _OPEN_MARKS:
        head, colon, rest = text.partition(":")
        if not colon or not rest.strip() or rest.strip()[0] not in _OPEN_MARKS:
            return None
        lead = attribution_lead_in(head + ":")
        if lead is None or remove_lead_in(head + ":"):
            return None
        text = rest.strip()
    runs = _segments(text)
    if not runs or not runs[0][0]:
        return None
    speaker, role = lead or (None, None)
    quotes: list[str] = []
    for quoted, part in runs:
        if quoted:
            quotes.append(part)
            continue
        found = parse_attribution(part)
        if found is None:
            return None
        if speaker is None and found[0] is not None:
            speaker, role = found
    body = " ".join(_full_stop(part) for part in quotes)
    return (clean_text(body), speaker, role) if body else None


def attribution_line(text: str) -> Attribution | None:
    """A quote's attribution on a line of its own ("– Name, Role" / "Name, Role"), or None."""
    text = clean_text(text)
    if not text or len(text.split()) > 20 or text.endswith(":") or text[0] in _OPEN_MARKS:
        return None
    dashed = text[0] in "–—-"
    found = parse_attribution(text)
    if found is None or found[0] is None:
        return None
    return found if dashed or found[1] else None


def _last_sentence(text: str) -> str:
    return _SENTENCE_END.split(text)[-1]


def _appositive(text: str) -> Attribution | None:
    """The last "Name, role," in text (who a later "She replied:" refers to)."""
    pieces = text.split(",")
    for index in range(len(pieces) - 2, 0, -1):
        words = pieces[index - 1].split()
        for cut in range(max(0, len(words) - 4), len(words) - 1):
            if _is_name(words[cut:]):
                return " ".join(words[cut:]), pieces[index].strip()
    return None


def _appositive_lead_in(sentence: str) -> Attribution | None:
    """ "Name, role, opened the meeting" (any short lowercase verb phrase) -> (name, role)."""
    who, comma, phrase = sentence.rpartition(",")
    words = phrase.split()
    if not comma or not 1 <= len(words) <= 5 or not all(w[:1].islower() for w in words):
        return None
    found = _name_and_role(who)
    return found if found is not None and found[1] else None


def attribution_lead_in(paragraph: str) -> Attribution | None:
    """The speaker announced by a paragraph ending in "Name, Role, commented:", or None.

    Only the last sentence counts, and it must be an attribution with a speech verb
    ("Håkon Haugli continues:", "X, role, puts it this way:"). A pronoun ("She replied:")
    is resolved to the last "Name, role," earlier in the same paragraph.
    """
    text = clean_text(paragraph)
    if not text.endswith(":"):
        return None
    last = _last_sentence(text)
    found = parse_attribution(last[:-1], need_verb=True) or _appositive_lead_in(last[:-1])
    if found is None:
        return None
    if found[0] is None:
        return _appositive(text[: len(text) - len(last)])
    return found


def remove_lead_in(paragraph: str) -> str:
    """The paragraph without its closing attribution sentence ("" if that was all of it)."""
    text = clean_text(paragraph)
    if attribution_lead_in(text) is None:
        return text
    return text[: len(text) - len(_last_sentence(text))].strip()


def slugify(title: str) -> str:
    """A URL slug: lowercase ASCII ("ø"->"o", "æ"->"ae", "å"->"a"), words joined by hyphens."""
    text = unicodedata.normalize("NFKD", title.lower().translate(_FOLD))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"['’‘`]", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > 100:
        slug = slug[:100].rsplit("-", 1)[0]
    return slug or "post"
