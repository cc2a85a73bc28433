"""Sentence splitting, teaser trimming and the +/- trim steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.models import Article, Block, Item
from newsletter.trim import longer, shorter, split_sentences, trim, word_count

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Lund met Prof. Berg at St. Olav. They talked.",
            ["Dr. Lund met Prof. Berg at St. Olav.", "They talked."],
        ),
        ("The dose rose 3.5 times. Then it fell.", ["The dose rose 3.5 times.", "Then it fell."]),
        (
            "Magnus R. Björsne spoke first. He was brief.",
            ["Magnus R. Björsne spoke first.", "He was brief."],
        ),
        (
            "“We are ready for the next step.” Kari Nordmann, CEO of Example.",
            ["“We are ready for the next step.”", "Kari Nordmann, CEO of Example."],
        ),
        (
            "Wait... what happened? Nothing… Then it rained.",
            [
                "Wait... what happened?",
                "Nothing…",
                "Then it rained.",
            ],
        ),
        (
            "Partners, e.g. Pfizer, i.e. big firms. See no. 5 on the list. The U.S. FDA agreed.",
            [
                "Partners, e.g. Pfizer, i.e. big firms.",
                "See no. 5 on the list.",
                "The U.S. FDA agreed.",
            ],
        ),
        ("Signed 19 Dec. 2023 in Oslo. Done.", ["Signed 19 Dec. 2023 in Oslo.", "Done."]),
        ("“Really?” she asked. Yes!", ["“Really?” she asked.", "Yes!"]),
        (
            "It costs approx. 300 kroner. (That is cheap.) Fine.",
            ["It costs approx. 300 kroner.", "(That is cheap.)", "Fine."],
        ),
        ("No full stop at the end", ["No full stop at the end"]),
        ("  ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_on_a_real_seed_paragraph() -> None:
    assert SEEDS.is_dir(), f"the seed dumps are missing: expected them in {SEEDS}"
    text = (SEEDS / "000_0511e95c184c1476.txt").read_text(encoding="utf-8")
    caption = text.split("\n\n")[0]
    sentences = split_sentences(caption)
    # The caption lists names with an initial ("Magnus R. Björsne") that must not end it.
    assert len(sentences) == 3
    assert sentences[0] == "The agreement was signed 19 Desember 2023."
    assert sentences[1].startswith("From the top left: Guro Bjøntegaard")
    assert "Magnus R. Björsne, CEO BioVentureHub" in sentences[1]
    assert sentences[2] == "Photo: LMI"


def test_word_count_ignores_bare_punctuation() -> None:
    assert word_count("A test – with a dash, and 3.5 numbers.") == 8
    assert word_count("") == 0


def _article(standfirst: str = "Standfirst one. Standfirst two.") -> Article:
    return Article(
        id="a",
        title="The title",
        slug="a",
        standfirst=standfirst,
        blocks=(
            Block("paragraph", "First paragraph has one sentence. And a second one here."),
            Block("heading", "A heading"),
            Block("quote", "“We love it.”", speaker="Kari Nordmann", role="CEO of Example"),
            Block("paragraph", "Second paragraph is short."),
            Block("caption", "A picture. Photo: Someone"),
            Block("list", "Things:", items=("one", "two")),
            Block("paragraph", "Third paragraph ends it."),
        ),
    )


def test_standfirst_alone_by_default() -> None:
    teaser = trim(_article(), Item("a"))
    assert teaser.headline == "The title"
    assert teaser.paragraphs == ("Standfirst one. Standfirst two.",)
    assert teaser.word_count == 4
    assert teaser.truncated is True


def test_empty_standfirst_falls_back_to_first_paragraph() -> None:
    teaser = trim(_article(standfirst="  "), Item("a"))
    assert teaser.paragraphs == ("First paragraph has one sentence. And a second one here.",)
    assert teaser.truncated is True


def test_paragraphs_mode_includes_quotes_but_not_headings_or_captions() -> None:
    teaser = trim(_article(), Item("a", paragraphs=2))
    assert teaser.paragraphs == (
        "Standfirst one. Standfirst two.",
        "First paragraph has one sentence. And a second one here.",
        "“We love it.” — Kari Nordmann, CEO of Example",
        "Second paragraph is short.",
    )
    assert teaser.truncated is True
    one = trim(_article(), Item("a", paragraphs=1))
    assert len(one.paragraphs) == 2
    every = trim(_article(), Item("a", paragraphs=3))
    assert every.paragraphs[-1] == "Third paragraph ends it."
    assert every.truncated is False
    assert trim(_article(), Item("a", paragraphs=99)) == every


def test_unquoted_quote_gets_quotation_marks_and_unattributed_has_no_dash() -> None:
    article = Article(
        "q", "T", "q", "", blocks=(Block("quote", "Plain words"), Block("paragraph", "P."))
    )
    assert trim(article, Item("q", paragraphs=1)).paragraphs == ("“Plain words”", "P.")


def test_words_mode_cuts_at_the_last_sentence_end_within_the_limit() -> None:
    article = _article()
    # standfirst 4 words, then "First paragraph has one sentence." 5 -> 9, "And a ..." 5 -> 14
    teaser = trim(article, Item("a", words=13))
    assert teaser.paragraphs == (
        "Standfirst one. Standfirst two.",
        "First paragraph has one sentence.",
    )
    assert teaser.word_count == 9
    assert teaser.truncated is True
    assert trim(article, Item("a", words=14)).word_count == 14
    assert trim(article, Item("a", words=3)).paragraphs == ("Standfirst one.",)


def test_words_mode_keeps_a_long_first_sentence_whole() -> None:
    article = Article(
        "l", "T", "l", "This opening sentence is far longer than the limit allows. Next one."
    )
    teaser = trim(article, Item("l", words=3))
    assert teaser.paragraphs == ("This opening sentence is far longer than the limit allows.",)
    assert teaser.word_count == 10
    assert teaser.truncated is True


def test_words_mode_never_splits_a_quote() -> None:
    article = Article(
        "w",
        "T",
        "w",
        "One two.",
        blocks=(Block("quote", "“Three four. Five six.”", speaker="Ola"),),
    )
    assert trim(article, Item("w", words=4)).paragraphs == ("One two.",)
    whole = trim(article, Item("w", words=7))
    assert whole.paragraphs == ("One two.", "“Three four. Five six.” — Ola")
    assert whole.truncated is False


def test_words_mode_with_abbreviations_does_not_cut_mid_sentence() -> None:
    article = Article("d", "T", "d", "Dr. Lund and Prof. Berg met at St. Olav. It went well.")
    teaser = trim(article, Item("d", words=9))
    assert teaser.paragraphs == ("Dr. Lund and Prof. Berg met at St. Olav.",)


def test_overrides_win() -> None:
    item = Item("a", paragraphs=3, headline="Better headline", teaser="Own words.\n\n  Second.  ")
    teaser = trim(_article(), item)
    assert teaser.headline == "Better headline"
    assert teaser.paragraphs == ("Own words.", "Second.")
    assert teaser.word_count == 3
    assert teaser.truncated is True


def test_article_without_text_gives_an_empty_teaser() -> None:
    teaser = trim(Article("e", "Only a title", "e", ""), Item("e", words=10))
    assert teaser.paragraphs == ()
    assert teaser.word_count == 0
    assert teaser.truncated is False


def test_longer_and_shorter_step_by_paragraph() -> None:
    article = _article()
    item = Item("a")
    steps = []
    for _ in range(5):
        item = longer(item, article)
        steps.append(item.paragraphs)
    assert steps == [1, 2, 3, 3, 3]
    for _ in range(4):
        item = shorter(item, article)
        steps.append(item.paragraphs)
    assert steps[5:] == [2, 1, None, None]


def test_shorter_with_empty_standfirst_stops_at_one_paragraph() -> None:
    article = _article(standfirst="")
    # Standfirst-alone would show the first paragraph too, so it is no shorter step.
    item = shorter(Item("a", paragraphs=2), article)
    assert item == Item("a", paragraphs=1)
    assert shorter(item, article) == item


def test_longer_and_shorter_step_by_sentence_in_words_mode() -> None:
    article = _article()
    item = Item("a", words=10)  # currently 9 words: standfirst + first sentence
    up = longer(item, article)
    assert up.words == 14
    assert up.paragraphs is None
    assert longer(up, article).words == 14 + word_count(
        "“We love it.” — Kari Nordmann, CEO of Example"
    )
    down = shorter(item, article)
    assert down.words == 4
    assert shorter(down, article).words == 2
    assert shorter(Item("a", words=2), article) == Item("a", words=2)
    end = Item("a", words=1000)
    assert longer(end, article) == end


def test_longer_and_shorter_leave_teaser_overrides_alone() -> None:
    item = Item("a", teaser="Mine.")
    assert longer(item, _article()) is item
    assert shorter(item, _article()) is item
