"""Issue files: round trips that keep comments, in-place edits, saving, the next issue."""

from __future__ import annotations

import difflib
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from newsletter.editing import (
    add_item,
    add_section,
    move_item,
    remove_item,
    remove_section,
    rename_section,
    replace_item,
    set_fields,
    set_profile,
)
from newsletter.issuefile import dump_issue, load_issue, next_issue, save_issue
from newsletter.models import LAYOUTS, Issue, Item, Section

REPO = Path(__file__).resolve().parents[1]

COMMENTED = '''\
# December issue, draft two
number = 12  # twelfth
date = 2026-12-01
subject = 'December: "quoted" news'   # a literal string
preheader = "Short preheader"
intro = """
Welcome to December. \\
This line joins the previous one.

A second paragraph."""

# ---- Sections ----

[[sections]]
title = "Top story"  # the main one

# The lead story: keep it long
[[sections.items]]
layout = "lead"            # key order differs from the canonical one
article = "alpha"
paragraphs = 2 # two paragraphs

# Second, trimmed by words
[[sections.items]]
article = "beta"
words = 80
headline = "A sharper headline"
teaser = """
Our own words.

Second teaser paragraph."""
fingerprint = "0123456789abcdef"

[[sections]]
title = "More news"

[[sections.items]]
# inside the table
article = "gamma"

    [[sections.items]]   # an indented header
    article = "delta"
    layout = "compact"

# a comment at the very end
'''


def _write(tmp_path: Path, text: str, name: str = "2026-12.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _diff(before: str, after: str) -> list[str]:
    """Changed lines only, as '-old' / '+new'."""
    lines = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line[0] + line[2:] for line in lines if line[:1] in "+-"]


def test_commented_fixture_loads_as_expected(tmp_path: Path) -> None:
    issue = load_issue(_write(tmp_path, COMMENTED))
    assert issue == Issue(
        name="2026-12",
        number=12,
        date=date(2026, 12, 1),
        subject='December: "quoted" news',
        preheader="Short preheader",
        intro="Welcome to December. This line joins the previous one.\n\nA second paragraph.",
        sections=(
            Section(
                "Top story",
                (
                    Item("alpha", "lead", paragraphs=2),
                    Item(
                        "beta",
                        words=80,
                        headline="A sharper headline",
                        teaser="Our own words.\n\nSecond teaser paragraph.",
                        fingerprint="0123456789abcdef",
                    ),
                ),
            ),
            Section("More news", (Item("gamma"), Item("delta", "compact"))),
        ),
    )


@pytest.mark.parametrize(
    "text",
    [
        COMMENTED,
        COMMENTED.replace("\n", "\r\n"),
        COMMENTED.rstrip("\n").rsplit("\n", 1)[0],  # no closing comment, no final newline
        (REPO / "issues" / "sample.toml").read_text(encoding="utf-8"),
    ],
    ids=["commented", "crlf", "no-final-newline", "sample"],
)
def test_unmodified_files_dump_to_the_same_text(tmp_path: Path, text: str) -> None:
    issue = load_issue(_write(tmp_path, text))
    assert dump_issue(issue, text) == text


def _tricky_text(rng: random.Random) -> str:
    pieces = [
        "plain",
        'a "quote"',
        "it's",
        "back\\slash",
        '"""',
        "tab\there",
        "line\nbreak",
        "\n",
        'ends with a quote"',
        "ø æ å – “curly” 🚀",
        "{{ 7*7 }}",
        "# not a comment",
        "[[sections]]",
        "\\n",
        "'''",
        "windows\r\nline",
        "\x07bell",
    ]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))


def _random_issue(rng: random.Random) -> Issue:
    sections = []
    for s in range(rng.randint(0, 3)):
        items = []
        for _ in range(rng.randint(0, 3)):
            mode = rng.choice(["paragraphs", "words", None])
            items.append(
                Item(
                    article=f"article-{rng.randint(1, 9)}",
                    layout=rng.choice(LAYOUTS),
                    paragraphs=rng.randint(1, 9) if mode == "paragraphs" else None,
                    words=rng.randint(1, 300) if mode == "words" else None,
                    headline=rng.choice([None, _tricky_text(rng)]),
                    teaser=rng.choice([None, _tricky_text(rng)]),
                    fingerprint=rng.choice([None, "0123456789abcdef"]),
                )
            )
        sections.append(Section(f"Section {s} {_tricky_text(rng)}", tuple(items)))
    return Issue(
        name="2026-12",
        number=rng.randint(1, 500),
        date=date(2026, rng.randint(1, 12), 1),
        subject="Subject " + _tricky_text(rng),
        preheader=_tricky_text(rng),
        intro=_tricky_text(rng),
        template=rng.choice(["issue", "digest"]),
        profile=rng.choice([None, "mailchimp", "brevo"]),
        sections=tuple(sections),
    )


def test_load_of_dump_is_the_issue_for_many_random_issues(tmp_path: Path) -> None:
    rng = random.Random(20261201)
    path = tmp_path / "2026-12.toml"
    previous = COMMENTED
    for _ in range(150):
        issue = _random_issue(rng)
        canonical = dump_issue(issue)
        path.write_text(canonical, encoding="utf-8")
        assert load_issue(path) == issue, canonical
        assert dump_issue(issue, canonical) == canonical
        # Editing the previous text in place must describe the issue exactly as well.
        edited = dump_issue(issue, previous)
        path.write_text(edited, encoding="utf-8")
        assert load_issue(path) == issue, edited
        previous = edited


def test_canonical_dump_layout() -> None:
    issue = Issue(
        name="2027-01",
        number=13,
        date=date(2027, 1, 1),
        subject="January",
        intro="Line one.\nLine two.",
        profile="brevo",
        sections=(Section("News", (Item("a", paragraphs=1), Item("b", "compact", words=40))),),
    )
    assert dump_issue(issue) == (
        "number = 13\n"
        "date = 2027-01-01\n"
        'subject = "January"\n'
        'preheader = ""\n'
        'intro = """\nLine one.\nLine two."""\n'
        'profile = "brevo"\n'
        "\n[[sections]]\n"
        'title = "News"\n'
        "\n[[sections.items]]\n"
        'article = "a"\n'
        'layout = "standard"\n'
        "paragraphs = 1\n"
        "\n[[sections.items]]\n"
        'article = "b"\n'
        'layout = "compact"\n'
        "words = 40\n"
    )


@pytest.fixture
def commented(tmp_path: Path) -> Issue:
    return load_issue(_write(tmp_path, COMMENTED))


def _reloads(tmp_path: Path, text: str, issue: Issue) -> None:
    assert load_issue(_write(tmp_path, text, "check.toml")) == replace(issue, name="check")


def test_changing_the_subject_changes_one_line(tmp_path: Path, commented: Issue) -> None:
    issue = set_fields(commented, subject="New subject")
    text = dump_issue(issue, COMMENTED)
    assert _diff(COMMENTED, text) == [
        "-subject = 'December: \"quoted\" news'   # a literal string",
        "+subject = 'New subject'   # a literal string",
    ]
    _reloads(tmp_path, text, issue)


def test_changing_the_intro_keeps_the_multiline_style(tmp_path: Path, commented: Issue) -> None:
    issue = set_fields(commented, intro="Short now.", preheader='He said "hi"')
    text = dump_issue(issue, COMMENTED)
    assert 'intro = """\nShort now."""\n' in text
    assert 'preheader = "He said \\"hi\\""\n' in text
    assert "# ---- Sections ----" in text
    _reloads(tmp_path, text, issue)


def test_moving_an_item_across_sections_keeps_its_comments(
    tmp_path: Path, commented: Issue
) -> None:
    issue, section, index = move_item(commented, 0, 0, 2)  # alpha: after beta, then into More
    assert (section, index) == (1, 0)
    text = dump_issue(issue, COMMENTED)
    _reloads(tmp_path, text, issue)
    assert text.index('title = "More news"') < text.index("# The lead story: keep it long")
    block = text[text.index("# The lead story") : text.index("[[sections.items]]\n# inside")]
    assert block == (
        "# The lead story: keep it long\n"
        "[[sections.items]]\n"
        'layout = "lead"            # key order differs from the canonical one\n'
        'article = "alpha"\n'
        "paragraphs = 2 # two paragraphs\n\n"
    )
    assert text.endswith("# a comment at the very end\n")
    assert text.startswith("# December issue, draft two\n")


def test_moving_back_restores_the_original_text(commented: Issue) -> None:
    moved, section, index = move_item(commented, 1, 1, -1)
    assert dump_issue(moved, COMMENTED) != COMMENTED
    back, _, _ = move_item(moved, section, index, 1)
    assert back == commented
    assert dump_issue(back, dump_issue(moved, COMMENTED)) == COMMENTED


def test_removing_an_item_removes_its_comments_only(tmp_path: Path, commented: Issue) -> None:
    issue = remove_item(commented, 0, 1)
    text = dump_issue(issue, COMMENTED)
    _reloads(tmp_path, text, issue)
    assert "# Second, trimmed by words" not in text
    assert "beta" not in text and "teaser" not in text
    assert "# The lead story: keep it long" in text
    assert "# inside the table" in text


def test_adding_an_item_appends_it_in_the_standard_key_order(
    tmp_path: Path, commented: Issue
) -> None:
    issue = add_item(commented, 1, 1, Item("epsilon", words=60, headline="Hi"))
    text = dump_issue(issue, COMMENTED)
    _reloads(tmp_path, text, issue)
    assert (
        '[[sections.items]]\narticle = "gamma"\n\n'
        '[[sections.items]]\narticle = "epsilon"\nlayout = "standard"\nwords = 60\n'
        'headline = "Hi"\n\n'
        "    [[sections.items]]   # an indented header\n"
    ) in text.replace("# inside the table\n", "")


def test_changing_trim_mode_and_overrides(tmp_path: Path, commented: Issue) -> None:
    beta = commented.sections[0].items[1]
    item = replace(beta, words=None, paragraphs=3, headline=None, teaser="One.\nTwo.")
    issue = replace_item(commented, 0, 1, item)
    text = dump_issue(issue, COMMENTED)
    _reloads(tmp_path, text, issue)
    assert _diff(COMMENTED, text) == [
        "-words = 80",
        '-headline = "A sharper headline"',
        "+One.",
        '+Two."""',
        "-Our own words.",
        "-",
        '-Second teaser paragraph."""',
        "+paragraphs = 3",
    ]


def test_layout_back_to_standard_stays_explicit_when_written(
    tmp_path: Path, commented: Issue
) -> None:
    alpha = commented.sections[0].items[0]
    issue = replace_item(commented, 0, 0, replace(alpha, layout="standard"))
    text = dump_issue(issue, COMMENTED)
    assert _diff(COMMENTED, text) == [
        '-layout = "lead"            # key order differs from the canonical one',
        '+layout = "standard"            # key order differs from the canonical one',
    ]
    _reloads(tmp_path, text, issue)


def test_profile_and_template_added_to_the_top_and_removed(
    tmp_path: Path, commented: Issue
) -> None:
    issue = set_fields(set_profile(commented, "mailchimp"), template="digest")
    text = dump_issue(issue, COMMENTED)
    _reloads(tmp_path, text, issue)
    assert _diff(COMMENTED, text) == ['+template = "digest"', '+profile = "mailchimp"']
    assert text.index("profile =") < text.index("# ---- Sections ----")
    back = dump_issue(set_fields(set_profile(issue, None), template="issue"), text)
    assert _diff(COMMENTED, back) == ['+template = "issue"']


def test_sections_renamed_added_and_removed(tmp_path: Path, commented: Issue) -> None:
    issue = rename_section(commented, 0, "Lead stories")
    text = dump_issue(issue, COMMENTED)
    assert _diff(COMMENTED, text) == [
        '-title = "Top story"  # the main one',
        '+title = "Lead stories"  # the main one',
    ]
    issue = add_section(issue, "Events", 1)
    issue = add_item(issue, 1, 0, Item("zeta"))
    text = dump_issue(issue, text)
    _reloads(tmp_path, text, issue)
    assert (
        'fingerprint = "0123456789abcdef"\n\n[[sections]]\ntitle = "Events"\n\n'
        '[[sections.items]]\narticle = "zeta"\nlayout = "standard"\n\n'
        '[[sections]]\ntitle = "More news"\n'
    ) in text
    issue = remove_section(issue, 0)
    text = dump_issue(issue, text)
    _reloads(tmp_path, text, issue)
    assert "alpha" not in text and "# The lead story" not in text
    assert '# ---- Sections ----\n\n[[sections]]\ntitle = "Events"\n' in text


def test_unusual_structure_is_written_canonically(tmp_path: Path) -> None:
    text = (
        'number = 1\ndate = 2026-12-01\nsubject = "S"\n'
        'sections = [{title = "Inline", items = [{article = "a"}]}]\n'
    )
    issue = load_issue(_write(tmp_path, text))
    assert dump_issue(issue, text) == dump_issue(issue)
    assert dump_issue(issue, "this is = = not toml") == dump_issue(issue)


def test_save_issue_keeps_comments_and_leaves_no_temp_files(
    tmp_path: Path, commented: Issue
) -> None:
    path = _write(tmp_path, COMMENTED)
    save_issue(path, set_fields(commented, number=13))
    text = path.read_text(encoding="utf-8")
    assert _diff(COMMENTED, text) == ["-number = 12  # twelfth", "+number = 13  # twelfth"]
    fresh = tmp_path / "new" / "2027-01.toml"
    issue = next_issue(commented, date(2026, 12, 5))
    save_issue(fresh, issue)
    assert fresh.read_text(encoding="utf-8") == dump_issue(issue)
    assert load_issue(fresh) == issue
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".toml"]
    assert leftovers == []


def test_next_issue(commented: Issue) -> None:
    issue = next_issue(commented, date(2026, 11, 20))
    # The previous issue is already dated December, so the next one is January.
    assert issue == Issue(
        name="2027-01",
        number=13,
        date=date(2027, 1, 1),
        subject="January 2027 newsletter",
        sections=(Section("News"),),
    )
    assert next_issue(commented, date(2027, 3, 9)).date == date(2027, 4, 1)
    first = next_issue(None, date(2026, 12, 31))
    assert (first.name, first.number, first.subject) == ("2027-01", 1, "January 2027 newsletter")
    carried = next_issue(set_profile(commented, "brevo"), date(2027, 5, 2))
    assert (carried.profile, carried.name) == ("brevo", "2027-06")
