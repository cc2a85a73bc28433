"""The text-dump importer and its shared text rules, on the real seeds and our own fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.errors import InputError
from newsletter.models import Article, Block
from newsletter.sources.textdump import parse_dump, parse_file

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dumps"


def seed(prefix: str) -> Path:
    """The one seed dump whose name starts with `prefix`; a missing seed is a failure."""
    assert SEEDS.is_dir(), f"the seed dumps are missing: expected them in {SEEDS}"
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert len(found) == 1, f"expected one seed {prefix}_*.txt in {SEEDS}, found {found}"
    return found[0]


def seed_line(path: Path, number: int) -> str:
    """Line `number` (1-based) of a seed, stripped: the exact text a field must equal."""
    return path.read_text(encoding="utf-8").splitlines()[number - 1].strip()


def of_type(article: Article, kind: str) -> list[Block]:
    return [b for b in article.blocks if b.type == kind]


def headings(article: Article) -> list[str]:
    return [b.text for b in of_type(article, "heading")]


def speakers(article: Article) -> list[str | None]:
    return [b.speaker for b in of_type(article, "quote")]


def all_text(article: Article) -> str:
    parts = [article.title, article.standfirst]
    for b in article.blocks:
        parts += [b.text, *b.items]
    return "\n".join(parts)


# --- seed 000: one post -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed0() -> list[Article]:
    return parse_file(seed("000"))


def test_seed0_is_one_post(seed0: list[Article]) -> None:
    assert [a.title for a in seed0] == ["Unique collaboration to build Nordic health industry"]
    article = seed0[0]
    assert article.id == article.slug == "unique-collaboration-to-build-nordic-health-industry"
    assert article.source == seed("000").name
    assert article.url is None and article.date is None


def test_seed0_caption_standfirst_and_image(seed0: list[Article]) -> None:
    article, path = seed0[0], seed("000")
    assert article.standfirst == seed_line(path, 5)
    assert article.image is not None
    assert article.image.url is None
    assert article.image.caption == seed_line(path, 1)
    assert article.image.credit == "LMI"
    assert article.image.alt == seed_line(path, 1).removesuffix(" Photo: LMI")
    assert article.image.alt.endswith("General manager of Oslo Cancer Cluster.")


def test_seed0_headings(seed0: list[Article]) -> None:
    assert headings(seed0[0]) == [
        "Industrial expertise and international connections",
        "Lifting the entire Nordic region",
    ]


def test_seed0_quotes(seed0: list[Article]) -> None:
    quotes = of_type(seed0[0], "quote")
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Guro Bjøntegaard", "Managing Director of AstraZeneca Norway"),
        ("Bjøntegaard", None),
        ("Ketil Widerberg", "Oslo Cancer Cluster"),
        ("Håkon Haugli", "CEO of Innovation Norway"),
        ("Christine Wergeland Sørbye", "Oslo Science City"),
        ("Wergeland Sørbye", None),
    ]
    assert quotes[0].text.startswith("It is important for AstraZeneca")
    assert quotes[1].text.endswith("creativity and innovation.")  # ",” said X" -> full stop
    assert not any(q.text[0] in '“”"' or q.text[-1] in '“”"' for q in quotes)


def test_seed0_in_body_image_is_a_caption_not_a_heading(seed0: list[Article]) -> None:
    article, path = seed0[0], seed("000")
    captions = of_type(article, "caption")
    assert [c.text for c in captions] == [seed_line(path, 24)]
    assert captions[0].text.endswith("Photo: AstraZeneca")
    assert "Overview of building blocks at night" not in all_text(article)


def test_seed0_drops_the_feed_footer(seed0: list[Article]) -> None:
    text = all_text(seed0[0])
    assert "first appeared on" not in text
    last = seed0[0].blocks[-1]
    assert last.type == "quote" and last.speaker == "Wergeland Sørbye"


# --- seed 002: four posts -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed2() -> list[Article]:
    return parse_file(seed("002"))


def test_seed2_titles_and_slugs(seed2: list[Article]) -> None:
    assert [a.title for a in seed2] == [
        "Preparing for the first Health Catapult Centre",
        "Accelerating learning in Nordic life science milieus",
        "Find your health mentor",
        "Among Europe’s finest",
    ]
    assert [a.id for a in seed2] == [
        "preparing-for-the-first-health-catapult-centre",
        "accelerating-learning-in-nordic-life-science-milieus",
        "find-your-health-mentor",
        "among-europes-finest",
    ]
    assert {a.source for a in seed2} == {seed("002").name}


def test_seed2_captions(seed2: list[Article]) -> None:
    path = seed("002")
    images = [a.image for a in seed2]
    assert images[2] is None  # "Find your health mentor" has no caption
    for image, line in zip((images[0], images[1], images[3]), (1, 24, 97), strict=True):
        assert image is not None
        assert image.caption == image.alt == seed_line(path, line)
        assert image.credit is None and image.url is None
    assert images[1] is not None
    assert images[1].caption == "Nordplus collaboration work group at kick-off in OCC Incubator"


def test_seed2_standfirsts(seed2: list[Article]) -> None:
    path = seed("002")
    assert [a.standfirst for a in seed2] == [seed_line(path, n) for n in (5, 28, 78, 101)]


def test_seed2_headings(seed2: list[Article]) -> None:
    assert [headings(a) for a in seed2] == [
        [],
        [],
        [],
        ["Size and relevance matters", "Means a lot in Norway", "A boost of motivation"],
    ]


def test_seed2_quote_speakers(seed2: list[Article]) -> None:
    assert [speakers(a) for a in seed2] == [
        ["Bjørn Klem", "Kathrine Myhre", "Arild Kristensen"],
        ["Hanna Rickberg", "Bjørn Klem", "Dag Larsson", "Marie Svendsen Aase", "Anja Isoaho"],
        ["Bjørn Klem", "Bård Stranheim"],
        ["Clara Rodríguez Fernández", "Håkon Haugli", "Håkon Haugli", "Bjørn Klem"],
    ]


def test_seed2_quote_roles(seed2: list[Article]) -> None:
    roles = [[q.role for q in of_type(a, "quote")] for a in seed2]
    assert roles[0][2] == "general manager of Norwegian Smart Care Cluster"
    assert (
        roles[1][2] == "Senior Policy Manager, LIF – the Research Based Pharma Industry in Sweden"
    )
    assert roles[1][4] == "Training Manager at Pharmaceutical Information Centre (Finland)"
    assert roles[2] == [
        "general manager of Oslo Cancer Cluster Incubator",
        "responsible for the mentor program in Innovation Norway",
    ]
    assert roles[3] == [
        "Senior Reporter in Labiotech",
        "CEO Innovation Norway",
        None,
        "General Manager OCC Incubator",
    ]


def test_seed2_lead_ins_fold_into_their_quotes(seed2: list[Article]) -> None:
    mentor, finest = seed2[2], seed2[3]
    paragraphs = mentor.paragraphs + finest.paragraphs
    assert not any(p.endswith(":") for p in paragraphs)
    assert "commented" not in all_text(mentor)
    assert "said:" not in all_text(mentor)
    # prose before an attribution sentence stays; the attribution moves to the quote
    assert any(p.endswith("The scheme is a pilot project for year 2020.") for p in paragraphs)
    assert "For OCC Incubator, being on the top 20 list is a nice boost of motivation." in (
        finest.paragraphs
    )


def test_seed2_boilerplate_is_dropped(seed2: list[Article]) -> None:
    text = "\n".join(all_text(a) for a in seed2)
    for chrome in (
        "Sign up to our monthly newsletter",
        "Partner logos",
        " logo",
        "The five partners in the project are",
        "The health mentor program consists of",
        "Want to read more",
    ):
        assert chrome not in text, chrome
    assert not any(b.type == "list" for a in seed2 for b in a.blocks)


def test_seed2_posts_end_where_the_next_begins(seed2: list[Article]) -> None:
    catapult, nordplus, mentor, _finest = seed2
    assert catapult.paragraphs[-1].startswith("The final application for the Health Catapult")
    assert nordplus.paragraphs[-1].startswith("The 4th Nordic RWE Conference 2020")
    assert mentor.blocks[-1].speaker == "Bård Stranheim"


# --- our own fixture dumps ----------------------------------------------------------------


@pytest.fixture(scope="module")
def edge() -> list[Article]:
    return parse_file(FIXTURES / "edge_cases.txt")


def test_edge_posts_split(edge: list[Article]) -> None:
    assert [(a.id, a.title) for a in edge] == [
        ("spring-school-on-data-sharing", "Spring school on data sharing"),
        ("a-new-board-for-the-cluster", "A new board for the cluster"),
        ("new-app-helps-nurses-plan-home-visits", "New app helps nurses plan home visits"),
        ("new-app-helps-nurses-plan-home-visits-2", "New app helps nurses plan home visits"),
    ]
    assert [a.standfirst.split()[:3] for a in edge] == [
        ["Forty", "researchers", "spent"],
        ["The", "annual", "meeting"],
        ["A", "start-up", "from"],
        ["The", "same", "app"],
    ]


def test_edge_first_post_has_no_caption(edge: list[Article]) -> None:
    assert edge[0].image is None
    assert edge[2].image is None  # starts right after partner logos


def test_edge_captions(edge: list[Article]) -> None:
    board, second_app = edge[1].image, edge[3].image
    assert board is not None and second_app is not None
    assert board.credit == "Fjordby Health"
    assert board.alt == "The new board gathered for its first meeting in the cluster's offices."
    assert board.caption == board.alt + " Photo: Fjordby Health"
    assert (second_app.alt, second_app.credit) == ("A nurse shows the app on a tablet", None)


def test_edge_quotes(edge: list[Article]) -> None:
    school, board, app, _ = edge
    assert [(q.speaker, q.role) for q in of_type(school, "quote")] == [
        ("Ingrid Vold", "course leader at Fjordby Research Hospital"),  # attribution before
        ("Tomas Berg", "PhD candidate at Fjordby University"),  # speaker on the next line
        ("Vold", None),  # attribution in the middle
        (None, None),  # unattributed
    ]
    assert of_type(school, "quote")[2].text == (
        "We will run the school again next year. Registration opens in the autumn."
    )
    assert [(q.speaker, q.role) for q in of_type(board, "quote")] == [
        ("Ola Strand", "chair of the board"),  # "He explained:" refers back to Ola Strand
        (None, None),  # "she said"
        ("Ola Strand", "chair of the board"),
    ]
    assert [(q.speaker, q.role) for q in of_type(app, "quote")] == [("Kari Holm", "co-founder")]
    assert "Tomas Berg" not in "\n".join(school.paragraphs)
    assert "We met Ola Strand, chair of the board, after the meeting." in board.paragraphs


def test_edge_lists(edge: list[Article]) -> None:
    lists = of_type(edge[0], "list")
    assert [(b.text, b.items) for b in lists] == [
        (
            "The course covers:",
            (
                "consent and legal bases",
                "pseudonymisation and anonymisation",
                "secure processing environments",
            ),
        ),
        (
            "The organisers were:",
            ("Fjordby Research Hospital", "Fjordby University", "Nordic Data Network"),
        ),
    ]


def test_edge_heading_and_in_body_image(edge: list[Article]) -> None:
    school = edge[0]
    assert headings(school) == ["Lectures and exercises"]
    assert [b.text for b in of_type(school, "caption")] == [
        "Participants follow a lecture on secure processing environments. Photo: Per Aune"
    ]
    assert "The main lecture hall" not in all_text(school)
    assert [b.type for b in school.blocks][-4:] == ["list", "heading", "paragraph", "caption"]


def test_edge_boilerplate_dropped(edge: list[Article]) -> None:
    text = "\n".join(all_text(a) for a in edge)
    for chrome in (
        "Our speakers this year were",
        "Sign up",
        "first appeared on",
        "logo",
        "Want to know more",
    ):
        assert chrome not in text, chrome


def test_windows_line_endings_bom_and_trailing_spaces() -> None:
    path = FIXTURES / "windows_crlf_bom.txt"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw, "fixture lost its BOM/CRLF"
    [article] = parse_file(path)
    assert article.title == "Home visits planned in minutes"
    assert article.id == "home-visits-planned-in-minutes"
    assert article.image is not None
    assert article.image.credit == "Kari Holm"
    assert article.image.alt == "A nurse tests the new planning app on a tablet."
    assert article.standfirst.endswith("in three municipalities.")
    assert headings(article) == ["How it works"]
    assert [(q.speaker, q.role) for q in of_type(article, "quote")] == [
        ("Liv Moen", "nurse in Fjordby municipality")
    ]
    for text in all_text(article).splitlines():
        assert text == text.strip() and "\r" not in text and "\ufeff" not in text


def test_crlf_and_lf_give_the_same_articles() -> None:
    text = (FIXTURES / "edge_cases.txt").read_text(encoding="utf-8")
    crlf = "\ufeff" + text.replace("\n", "\r\n")
    assert parse_dump(crlf, "x.txt") == parse_dump(text, "x.txt")


def test_boilerplate_only_file_is_an_input_error() -> None:
    path = FIXTURES / "boilerplate_only.txt"
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.path == path
    assert "no recognisable post" in str(caught.value)
    assert "title line" in caught.value.hint and "standfirst" in caught.value.hint


def test_parse_dump_of_nothing_is_empty() -> None:
    assert parse_dump("", "empty.txt") == []
    assert parse_dump("\n\n  \n", "blank.txt") == []


# --- bad files ----------------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.path == path
    assert "binary" in caught.value.message


def test_non_utf8_file_names_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "Caption here\n\nA title\n\nThe standfirst is in Norwegian: blåbær.\n"
    path.write_bytes(text.encode("latin-1"))
    offset = text.encode("latin-1").index("å".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    error = caught.value
    assert error.line == 5
    assert f"offset {offset}" in error.message and "0xe5" in error.message
    assert str(error).startswith(f"{path}:5: not valid UTF-8")
    assert "UTF-8" in error.hint


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.path == path and "cannot read" in caught.value.message


def test_slugs_are_unique_within_a_file() -> None:
    post = "Same title\n\nA standfirst sentence.\n\nBody text.\n\nSign up to our newsletter\n\n"
    articles = parse_dump(post * 3, "dupes.txt")
    assert [a.id for a in articles] == ["same-title", "same-title-2", "same-title-3"]
    assert all(a.slug == a.id for a in articles)


def test_sample_workspace_dumps_parse() -> None:
    """The dumps shipped with the sample workspace give the ids its sample issue uses."""
    folder = Path(__file__).resolve().parents[1] / "newsletter" / "sample" / "archive"
    ids = {a.id for path in sorted(folder.glob("*.txt")) for a in parse_file(path)}
    assert {
        "twelve-start-ups-pitch-at-the-autumn-demo-day",
        "shared-laboratory-opens-for-small-biotech-companies",
        "patient-data-in-research-what-changes-next-year",
        "new-course-clinical-trials-for-small-companies",
        "patients-take-the-stage-at-the-annual-meeting",
        "pupils-meet-researchers-in-the-teaching-laboratory",
    } <= ids
