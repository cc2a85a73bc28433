"""Synthetic cluster news for the benchmarks: deterministic, realistic lengths, our own words.

A post has a title of 5-11 words, a standfirst of one or two sentences, 6-11 body paragraphs
of 2-5 sentences (about 550 words in all, like a real news post), now and then a sub-heading,
a quote with its speaker, an image caption. Words follow a Zipf-like spread, so common words
match many posts and rare ones few, as in a real archive. `dump_text` writes posts in the
text-dump format the importer reads; `article` builds the Article directly.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from newsletter.models import Article, Block, Image
from newsletter.sources.blocks import slugify

# Our own vocabulary for a health-industry cluster's news (no text from the seed dumps).
_VOCABULARY = (
    "the of and to in a for with on that is are as at by from this will their new health "
    "companies cluster research patients cancer clinical trials hospital data members company "
    "development industry innovation treatment start-ups project partners Norway public work "
    "university investors researchers network programme support digital medicine care first "
    "laboratory national regional funding services results study technology access years "
    "diagnostics precision oncology screening therapy biotech pharmaceutical regulatory "
    "approval collaboration incubator accelerator mentor pilot procurement workshop seminar "
    "conference meeting panel event founders teams products market international Europe "
    "Nordic life science ecosystem knowledge expertise evidence outcomes quality safety "
    "infrastructure biobank genomics sequencing imaging radiotherapy immunotherapy vaccine "
    "antibody molecule platform algorithm software artificial intelligence registry consent "
    "privacy ethics guidelines agency ministry policy strategy budget grant application "
    "deadline autumn spring winter summer month week annual report survey interview story "
    "experience opportunity challenge solution growth export jobs talent students course "
    "training education career leadership board director manager adviser professor doctor "
    "nurse scientist engineer entrepreneur investor partner customer supplier contract "
    "agreement launch announcement award prize winner finalist shortlist jury selection "
    "pitch demo showcase exhibition booth visit tour delegation mission trip Oslo Bergen "
    "Trondheim Stockholm Copenhagen Helsinki Boston London cells samples equipment bench "
    "facility building campus park atrium floor space rent members-only newsletter webinar"
)
WORDS = tuple(_VOCABULARY.split())
_NAMES = "Ingrid Solberg Mari Hovland Anders Lie Sara Nilsen Jonas Berg Kari Dahl Ola Moen"
NAMES = tuple(_NAMES.split())
ROLES = ("chief executive", "head of research", "project manager", "senior adviser", "founder")
SITE = "Nordlys Health Cluster"


class Writer:
    """Sentences and posts from one seeded random source (the same seed, the same posts)."""

    def __init__(self, seed: int = 1) -> None:
        self.random = random.Random(seed)
        weights = [1 / (rank + 8) for rank in range(len(WORDS))]  # Zipf-like, flattened
        self.weights = weights

    def words(self, count: int) -> list[str]:
        return self.random.choices(WORDS, weights=self.weights, k=count)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        words = self.words(self.random.randint(low, high))
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(2, 5)))

    def title(self, number: int) -> str:
        words = self.words(self.random.randint(5, 11))
        return f"{' '.join([words[0].capitalize(), *words[1:]])} {number}"

    def person(self) -> tuple[str, str]:
        first, last = self.random.sample(NAMES, 2)
        return f"{first} {last}", self.random.choice(ROLES)

    def post(self, number: int) -> dict[str, object]:
        """One post as plain parts: title, caption, standfirst, body blocks (kind, text)."""
        blocks: list[tuple[str, str]] = []
        for index in range(self.random.randint(6, 11)):
            if index and self.random.random() < 0.12:
                blocks.append(("heading", " ".join(self.words(3)).capitalize()))
            if self.random.random() < 0.15:
                blocks.append(("quote", self.sentence(12, 30)))
            blocks.append(("paragraph", self.paragraph()))
        caption = self.sentence(8, 16) if self.random.random() < 0.7 else None
        return {
            "title": self.title(number),
            "caption": caption,
            "standfirst": " ".join(self.sentence(10, 24) for _ in range(self.random.randint(1, 2))),
            "blocks": blocks,
            "person": self.person(),
        }

    def article(self, number: int, newest: date = date(2026, 12, 1)) -> Article:
        """Post `number` as an Article (for building archives without parsing)."""
        post = self.post(number)
        title = str(post["title"])
        speaker, role = post["person"]  # type: ignore[misc]
        blocks = tuple(
            Block("quote", text, speaker=speaker, role=role)
            if kind == "quote"
            else Block(kind, text)
            for kind, text in post["blocks"]  # type: ignore[attr-defined]
        )
        slug = slugify(title)
        caption = post["caption"]
        return Article(
            id=slug,
            title=title,
            slug=slug,
            standfirst=str(post["standfirst"]),
            blocks=blocks,
            date=newest - timedelta(days=number // 3),
            image=Image(url=None, alt="", caption=str(caption), credit=SITE) if caption else None,
            source="bench",
        )

    def dump_post(self, number: int) -> tuple[str, str]:
        """(title, the post in the text-dump format: caption, title, standfirst, body)."""
        post = self.post(number)
        title = str(post["title"])
        speaker, role = post["person"]  # type: ignore[misc]
        lines: list[str] = []
        if post["caption"]:
            lines.append(f"{post['caption']} Photo: {SITE}")
        lines += [title, str(post["standfirst"])]
        for kind, text in post["blocks"]:  # type: ignore[attr-defined]
            if kind == "heading":
                lines.append(f"\n{text}")
            elif kind == "quote":
                lines.append(f"“{text}” says {speaker}, {role} at {SITE}.")
            else:
                lines.append(text)
        lines.append(f"The post {title} first appeared on {SITE}.")
        return title, "\n\n".join(lines) + "\n\n"


def dump_files(posts: int, per_file: int = 10, seed: int = 1) -> list[tuple[list[str], str]]:
    """`posts` posts as text-dump files of `per_file` posts: (titles, text) per file."""
    writer = Writer(seed)
    files = []
    for start in range(0, posts, per_file):
        parts = [writer.dump_post(n) for n in range(start, min(start + per_file, posts))]
        files.append(([title for title, _ in parts], "".join(text for _, text in parts)))
    return files
