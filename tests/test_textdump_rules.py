"""The text rules shared by the text-dump and HTML importers (newsletter/sources/blocks.py)."""

from __future__ import annotations

import pytest

from newsletter.sources import blocks


@pytest.mark.parametrize(
    "text",
    [
        "Sign up to our monthly newsletter",
        "Sign up to our monthly newsletter!",
        "  Sign up to our monthly newsletter!  ",
        "Partner logos:",
        "Läkemedelsakademin logo",
        "Fjordby Health logo",
        "Want to read more about biotech incubators and start-up opportunities? ",
        "Want to know more about the board?",
        "The post Unique collaboration first appeared on Oslo Cancer Cluster.",
    ],
)
def test_is_boilerplate(text: str) -> None:
    assert blocks.is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Our new logo",
        "Sign up for the course before Friday.",
        "The logo was designed by a student at the art school, who won the competition.",
        "Want to read more? Then this is what you should do next, in three steps.",
        "The post of chair went to Ola Strand.",
        "",
    ],
)
def test_is_not_boilerplate(text: str) -> None:
    assert not blocks.is_boilerplate(text)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("A lab at night. Photo: LMI", ("A lab at night.", "LMI")),
        ("A lab at night. Photo: Per Aune.", ("A lab at night.", "Per Aune")),
        ("A lab at night (Photo: Per Aune)", ("A lab at night", "Per Aune")),
        ("A lab at night. Photo by Per Aune", ("A lab at night.", "Per Aune")),
        ("Photo: Per Aune", ("", "Per Aune")),
        ("A lab at night", ("A lab at night", None)),
        (
            "A photo by our team shows the new lab at night",
            ("A photo by our team shows the new lab at night", None),
        ),
    ],
)
def test_split_credit(caption: str, expected: tuple[str, str | None]) -> None:
    assert blocks.split_credit(caption) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "“We grow.” Kari Nordmann, CEO of Example.",
            ("We grow.", "Kari Nordmann", "CEO of Example"),
        ),
        ("“We grow,” says Kari Nordmann, CEO.", ("We grow.", "Kari Nordmann", "CEO")),
        ("“We grow,” Nordmann said.", ("We grow.", "Nordmann", None)),
        ("“We grow,” she said.", ("We grow.", None, None)),
        ("“We grow.”", ("We grow.", None, None)),
        ("“We grow.” – Kari Nordmann, CEO", ("We grow.", "Kari Nordmann", "CEO")),
        ('"We grow," said Kari Nordmann.', ("We grow.", "Kari Nordmann", None)),
        ("“A,” says Kari Nordmann. “B.”", ("A. B.", "Kari Nordmann", None)),
        ("“We grow,“ says Kari Nordmann, CEO.", ("We grow.", "Kari Nordmann", "CEO")),
        ("Kari Nordmann, CEO, said: “We grow.”", ("We grow.", "Kari Nordmann", "CEO")),
        (
            "“We grow,” says general manager Kari Nordmann.",
            ("We grow.", "Kari Nordmann", "general manager"),
        ),
    ],
)
def test_split_quote(paragraph: str, expected: tuple[str, str | None, str | None]) -> None:
    assert blocks.split_quote(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "“Missions” is the name of the programme.",
        "“A” and “B” are both fine answers.",
        "She said the word “growth” twice.",
        "“Yes,” said Kari. Then the meeting went on for another hour without a break.",
        "",
    ],
)
def test_split_quote_rejects_prose(paragraph: str) -> None:
    assert blocks.split_quote(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Kari Nordmann, CEO of Example, commented:", ("Kari Nordmann", "CEO of Example")),
        ("Kari Nordmann continues:", ("Kari Nordmann", None)),
        ("It went well. Kari Nordmann, CEO, puts it this way:", ("Kari Nordmann", "CEO")),
        (
            "We asked Kari Nordmann, CEO of Example, about it. She replied:",
            ("Kari Nordmann", "CEO of Example"),
        ),
        ("Kari Nordmann, CEO of Example, opened the meeting:", ("Kari Nordmann", "CEO of Example")),
    ],
)
def test_attribution_lead_in(paragraph: str, expected: tuple[str, str | None]) -> None:
    assert blocks.attribution_lead_in(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "The five partners in the project are:",
        "The board points out that small companies often lack access to the market:",
        "She replied:",  # nobody named earlier to refer to
        "Kari Nordmann commented.",
    ],
)
def test_attribution_lead_in_rejects(paragraph: str) -> None:
    assert blocks.attribution_lead_in(paragraph) is None


def test_remove_lead_in() -> None:
    assert blocks.remove_lead_in("Kari Nordmann, CEO, said:") == ""
    assert blocks.remove_lead_in("It went well. Kari Nordmann said:") == "It went well."
    assert blocks.remove_lead_in("The partners are:") == "The partners are:"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The five partners in the project are:", True),
        ("The health mentor program consists of:", True),
        ("Key dates:", True),
        ("Kari Nordmann, CEO, said:", False),
        ("Kari Nordmann, course leader at the hospital, opened the school:", False),
        ("The partners are ready.", False),
    ],
)
def test_is_list_lead_in(text: str, expected: bool) -> None:
    assert blocks.is_list_lead_in(text) is expected


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Among Europe’s finest ", "among-europes-finest"),
        ("Bjørn på Ærø og Åland", "bjorn-pa-aero-og-aland"),
        (
            "Patient data in research: what changes next year",
            ("patient-data-in-research-what-changes-next-year"),
        ),
        ("Clara Rodríguez Fernández", "clara-rodriguez-fernandez"),
        ("Straße & Łódź", "strasse-lodz"),
        ("!!!", "post"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert blocks.slugify(title) == slug


def test_heading_like() -> None:
    assert blocks.is_heading_like("Size and relevance matters")
    assert blocks.is_heading_like("Why Norway?")
    assert not blocks.is_heading_like("See the full top 20 list on  ")  # link text lost
    assert not blocks.is_heading_like("The next course starts in March.")
    assert not blocks.is_heading_like("A lab at night. Photo: LMI")
