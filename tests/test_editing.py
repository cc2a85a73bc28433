"""Pure editing operations: every call returns a new Issue and leaves the old one alone."""

from __future__ import annotations

from datetime import date

import pytest

from newsletter.editing import (
    add_item,
    add_section,
    move_item,
    move_section,
    remove_item,
    remove_section,
    rename_section,
    replace_item,
    set_fields,
    set_profile,
)
from newsletter.models import Issue, Item, Section


def _issue() -> Issue:
    return Issue(
        name="2026-12",
        number=12,
        date=date(2026, 12, 1),
        subject="December",
        sections=(
            Section("Top", (Item("a"), Item("b"))),
            Section("Empty"),
            Section("More", (Item("c"),)),
        ),
    )


def _layout(issue: Issue) -> list[list[str]]:
    return [[item.article for item in section.items] for section in issue.sections]


def test_add_remove_replace_items() -> None:
    issue = _issue()
    added = add_item(issue, 1, 0, Item("x"))
    assert _layout(added) == [["a", "b"], ["x"], ["c"]]
    assert _layout(add_item(issue, 0, 2, Item("y"))) == [["a", "b", "y"], [], ["c"]]
    assert _layout(add_item(issue, 0, 0, Item("y"))) == [["y", "a", "b"], [], ["c"]]
    assert _layout(remove_item(added, 0, 0)) == [["b"], ["x"], ["c"]]
    replaced = replace_item(issue, 2, 0, Item("c", words=40))
    assert replaced.sections[2].items == (Item("c", words=40),)
    assert _layout(issue) == [["a", "b"], [], ["c"]], "the original must not change"


@pytest.mark.parametrize(
    "call",
    [
        lambda i: add_item(i, 3, 0, Item("x")),
        lambda i: add_item(i, 0, 3, Item("x")),
        lambda i: remove_item(i, 1, 0),
        lambda i: replace_item(i, 0, 2, Item("x")),
        lambda i: move_item(i, 0, 5, 1),
        lambda i: rename_section(i, -1, "x"),
        lambda i: remove_section(i, 3),
    ],
)
def test_bad_positions_raise_index_error(call: object) -> None:
    with pytest.raises(IndexError):
        call(_issue())  # type: ignore[operator]


def test_move_down_crosses_sections_including_empty_ones() -> None:
    issue = _issue()
    path = []
    position = (0, 0)
    for _ in range(5):
        issue, *new = move_item(issue, *position, 1)
        position = (new[0], new[1])
        path.append((position, _layout(issue)))
    assert path == [
        ((0, 1), [["b", "a"], [], ["c"]]),
        ((1, 0), [["b"], ["a"], ["c"]]),
        ((2, 0), [["b"], [], ["a", "c"]]),
        ((2, 1), [["b"], [], ["c", "a"]]),
        ((2, 1), [["b"], [], ["c", "a"]]),  # the bottom: stays
    ]


def test_move_up_lands_at_the_end_of_the_previous_section() -> None:
    issue = _issue()
    issue, section, index = move_item(issue, 2, 0, -1)
    assert (section, index) == (1, 0)
    assert _layout(issue) == [["a", "b"], ["c"], []]
    issue, section, index = move_item(issue, 1, 0, -1)
    assert (section, index) == (0, 2)
    assert _layout(issue) == [["a", "b", "c"], [], []]
    issue, section, index = move_item(issue, 0, 0, -1)
    assert (section, index) == (0, 0), "the top: stays"
    assert _layout(issue) == [["a", "b", "c"], [], []]


def test_move_by_several_steps() -> None:
    issue, section, index = move_item(_issue(), 0, 0, 3)
    assert (section, index) == (2, 0)
    assert _layout(issue) == [["b"], [], ["a", "c"]]


def test_set_fields_changes_only_what_is_given() -> None:
    issue = set_fields(_issue(), subject="New subject", intro="Hello")
    assert (issue.subject, issue.intro, issue.preheader) == ("New subject", "Hello", "")
    assert issue.number == 12
    assert set_fields(issue, preheader="").preheader == ""
    assert set_fields(issue, number=13, date=date(2027, 1, 1)).date == date(2027, 1, 1)
    assert set_profile(issue, "brevo").profile == "brevo"
    assert set_profile(set_profile(issue, "brevo"), None).profile is None


def test_sections() -> None:
    issue = add_section(_issue(), "Events")
    assert [s.title for s in issue.sections] == ["Top", "Empty", "More", "Events"]
    issue = add_section(issue, "First", 0)
    assert issue.sections[0] == Section("First")
    issue = rename_section(issue, 2, "Nothing yet")
    assert issue.sections[2].title == "Nothing yet"
    issue = remove_section(issue, 1)
    assert [s.title for s in issue.sections] == ["First", "Nothing yet", "More", "Events"]
    assert [item.article for item in issue.items] == ["c"]
    issue, index = move_section(issue, 2, -5)
    assert index == 0
    assert [s.title for s in issue.sections] == ["More", "First", "Nothing yet", "Events"]
    with pytest.raises(IndexError):
        add_section(issue, "x", 9)
