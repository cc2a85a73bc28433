"""load_issue reports every problem at once, each as `file:line: what is wrong` + a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.errors import InputError, InputErrors, NewsletterError
from newsletter.issuefile import load_issue

KNOWN = ["alpha", "alphabet", "alpine-news", "beta", "gamma"]

BAD = """\
number = "12"
date = "2026-12-01"
subjet = "Typo"
profile = "mailchump"
template = "../evil"

[[sections]]
titel = "Top"

[[sections.items]]
article = "alpah"
layout = "huge"
paragraphs = 0
words = "eighty"

[[sections.items]]
paragraph = 2

[[sections]]
title = 5

[[sections.items]]
article = "beta"
paragraphs = 1
words = 40
headline = 3
"""


def _errors(tmp_path: Path, text: str, known: list[str] | None = None) -> list[InputError]:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_issue(path, known_ids=known)
    return caught.value.errors


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    errors = _errors(tmp_path, BAD, KNOWN)
    assert [(e.line, e.message) for e in errors] == [
        (3, "unknown key `subjet`"),
        (1, "`number` must be a whole number, not a string"),
        (2, "`date` must be a date, not a string"),
        (1, "missing `subject`"),
        (5, "bad template name '../evil'"),
        (4, "unknown email-tool profile 'mailchump'"),
        (8, "unknown key `titel`"),
        (7, "this section has no `title`"),
        (11, "unknown article `alpah`"),
        (12, "unknown layout 'huge'"),
        (13, "`paragraphs` must be 1 or more, not 0"),
        (14, "`words` must be a whole number, not a string"),
        (14, "an item can set `paragraphs` or `words`, not both"),
        (17, "unknown key `paragraph`"),
        (16, "this item has no `article`"),
        (20, "`title` must be a string, not a whole number"),
        (25, "an item can set `paragraphs` or `words`, not both"),
        (26, "`headline` must be a string, not a whole number"),
    ]
    assert all(e.path == tmp_path / "bad.toml" for e in errors)


def test_hints_say_what_to_do(tmp_path: Path) -> None:
    hints = {e.message: e.hint for e in _errors(tmp_path, BAD, KNOWN)}
    assert hints["unknown key `subjet`"].startswith("Did you mean `subject`? Valid keys here:")
    assert hints["unknown key `titel`"] == "Did you mean `title`? Valid keys here: title, items."
    assert hints["unknown key `paragraph`"].startswith("Did you mean `paragraphs`?")
    assert (
        hints["`number` must be a whole number, not a string"] == "Remove the quotes: number = 12"
    )
    assert hints["`date` must be a date, not a string"] == "Remove the quotes: date = 2026-12-01"
    assert hints["unknown layout 'huge'"] == "Use one of: lead, standard, compact."
    assert hints["unknown article `alpah`"] == (
        "Closest matches: `alpha`, `alphabet`, `alpine-news`."
    )
    assert "mailchimp" in hints["unknown email-tool profile 'mailchump'"]
    assert "brevo" in hints["unknown email-tool profile 'mailchump'"]


def test_the_message_reads_file_line_what_and_hint(tmp_path: Path) -> None:
    errors = _errors(tmp_path, BAD, KNOWN)
    first = str(errors[0])
    assert first == (
        f"{tmp_path / 'bad.toml'}:3: unknown key `subjet`\n"
        "  Did you mean `subject`? Valid keys here: number, date, subject, preheader, intro, "
        "template, profile, sections."
    )
    whole = str(InputErrors(errors))
    assert whole.count(f"{tmp_path / 'bad.toml'}:") == len(errors)


def test_unknown_key_without_a_close_match_lists_the_valid_keys(tmp_path: Path) -> None:
    text = 'number = 1\ndate = 2026-12-01\nsubject = "S"\nzzz = 1\n\n[[sections]]\ntitle = "T"\n'
    [error] = _errors(tmp_path, text)
    assert (error.line, error.message) == (4, "unknown key `zzz`")
    assert error.hint.startswith("Valid keys here: number, date")


def test_an_empty_file_is_missing_everything_at_line_1(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "# nothing yet\n")
    assert [(e.line, e.message) for e in errors] == [
        (1, "missing `number`"),
        (1, "missing `date`"),
        (1, "missing `subject`"),
        (1, "missing `sections`"),
    ]
    assert errors[3].hint == 'Add a section:  [[sections]]  title = "News"'


@pytest.mark.parametrize(
    ("line", "message", "hint"),
    [
        (
            "date = 2026-12-01T09:00:00",
            "`date` must be a date without a time",
            "Write the date alone: date = 2026-12-01",
        ),
        (
            'date = "first of December"',
            "`date` must be a date, not a string",
            "Write a TOML date without quotes, like date = 2026-12-01",
        ),
        (
            "date = 12",
            "`date` must be a date, not a whole number",
            "Write a TOML date without quotes, like date = 2026-12-01",
        ),
    ],
)
def test_date_problems(tmp_path: Path, line: str, message: str, hint: str) -> None:
    text = f'number = 1\n{line}\nsubject = "S"\n\n[[sections]]\ntitle = "T"\n'
    [error] = _errors(tmp_path, text)
    assert (error.line, error.message, error.hint) == (2, message, hint)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("number = 1.5", 1, "`number` must be a whole number, not a decimal number"),
        ("number = true", 1, "`number` must be a whole number, not true/false"),
        ("number = -3", 1, "`number` must be 1 or more, not -3"),
        ('sections = "News"', 4, "`sections` must be a list of [[sections]] tables"),
        ('preheader = ["x"]', 4, "`preheader` must be a string, not a list"),
    ],
)
def test_type_problems(tmp_path: Path, body: str, line: int, message: str) -> None:
    lines = {"number": "number = 1", "date": "date = 2026-12-01", "subject": 'subject = "S"'}
    lines[body.split(" ")[0]] = body
    text = "\n".join(lines.values()) + "\n"
    if "sections" not in lines:
        text += '\n[[sections]]\ntitle = "T"\n'
    errors = _errors(tmp_path, text)
    assert [(e.line, e.message) for e in errors] == [(line, message)]


def test_items_must_be_tables(tmp_path: Path) -> None:
    text = 'number = 1\ndate = 2026-12-01\nsubject = "S"\n\n[[sections]]\ntitle = "T"\nitems = 3\n'
    [error] = _errors(tmp_path, text)
    assert (error.line, error.message) == (7, "`items` must be a list of tables")


def test_unknown_article_in_an_empty_archive(tmp_path: Path) -> None:
    text = (
        'number = 1\ndate = 2026-12-01\nsubject = "S"\n\n[[sections]]\ntitle = "T"\n\n'
        '[[sections.items]]\narticle = "alpha"\n'
    )
    [error] = _errors(tmp_path, text, [])
    assert (error.line, error.message) == (9, "unknown article `alpha`")
    assert "import" in error.hint


def test_known_articles_pass(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(
        'number = 1\ndate = 2026-12-01\nsubject = "S"\n\n[[sections]]\ntitle = "T"\n\n'
        '[[sections.items]]\narticle = "alpha"\n',
        encoding="utf-8",
    )
    assert load_issue(path, known_ids=set(KNOWN)).items[0].article == "alpha"


def test_syntax_errors_carry_their_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('number = 1\ndate = 2026-12-01\nsubject = "unclosed\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_issue(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: TOML syntax error")


def test_missing_file_and_not_utf8_are_newsletter_errors(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError, match="file not found"):
        load_issue(tmp_path / "nope.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('subject = "bl\xe5"\n'.encode("latin-1"))
    with pytest.raises(NewsletterError, match="not UTF-8"):
        load_issue(latin)


def test_the_sample_issue_is_valid() -> None:
    issue = load_issue(Path(__file__).resolve().parents[1] / "issues" / "sample.toml")
    assert issue.name == "sample"
    assert issue.items


def test_empty_subject_is_a_draft_that_loads(tmp_path: Path) -> None:
    """The app may save an issue whose subject is not written yet; it must open again."""
    path = tmp_path / "draft.toml"
    path.write_text(
        'number = 1\ndate = 2026-12-01\nsubject = ""\n\n[[sections]]\ntitle = "T"\n',
        encoding="utf-8",
    )
    assert load_issue(path).subject == ""
