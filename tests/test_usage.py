"""The used-in-issue index read from issue files."""

from __future__ import annotations

from pathlib import Path

from newsletter.issuefile import load_issue
from newsletter.usage import usage_index


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_usage_index_maps_articles_to_sorted_issue_names(tmp_path: Path) -> None:
    october = _write(
        tmp_path / "2026-10.toml",
        """number = 10
date = 2026-10-01
subject = "October"

[[sections]]
title = "Top"

[[sections.items]]
article = "alpha"

[[sections.items]]
article = "beta"

[[sections]]
title = "Again"

[[sections.items]]
article = "alpha"
""",
    )
    november = _write(
        tmp_path / "2026-11.toml",
        """number = 11
date = 2026-11-01
subject = "November"

[[sections]]
title = "Top"

[[sections.items]]
article = "alpha"
""",
    )
    broken = _write(tmp_path / "broken.toml", "number = = 1\n")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    odd = _write(tmp_path / "odd.toml", 'sections = "not a list"\n')
    odd_items = _write(
        tmp_path / "odd-items.toml",
        '[[sections]]\nitems = "nope"\n[[sections]]\n[[sections.items]]\narticle = 3\n',
    )
    missing = tmp_path / "missing.toml"
    index = usage_index([november, october, broken, binary, odd, odd_items, missing])
    assert index == {"alpha": ["2026-10", "2026-11"], "beta": ["2026-10"]}


def test_usage_index_agrees_with_the_full_loader_on_the_sample_issues() -> None:
    paths = sorted((Path(__file__).resolve().parents[1] / "issues").glob("*.toml"))
    assert paths, "the sample workspace ships at least one issue"
    expected: dict[str, list[str]] = {}
    for path in paths:
        for item in load_issue(path).items:
            names = expected.setdefault(item.article, [])
            if path.stem not in names:
                names.append(path.stem)
    assert usage_index(paths) == {key: sorted(names) for key, names in expected.items()}
    assert len(usage_index(paths)) >= 1


def test_usage_index_of_nothing_is_empty() -> None:
    assert usage_index([]) == {}
