"""Every benchmark script runs, at tiny sizes, and returns well-formed rows (no timing checks:
the figures themselves are for `make bench`). Keeps the scripts from rotting. bench/app.py
has its own, beside the app's tests: tests/tui/test_bench_app.py."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench.__main__ as runner  # noqa: E402
from bench import _corpus  # noqa: E402
from newsletter.sources.textdump import parse_dump  # noqa: E402


def check_rows(rows: list[dict[str, Any]], count: int) -> None:
    assert len(rows) == count
    for row in rows:
        assert row["name"] and isinstance(row["goal"], str) and row["goal"]
        assert row["met"] in (True, False, None)
        if row["met"] is None:
            assert row["note"], "a skipped figure says why"
        else:
            assert isinstance(row["value"], int | float) and row["value"] > 0
    json.dumps(rows)  # LATEST.json must be able to hold them


def test_render(monkeypatch: pytest.MonkeyPatch) -> None:
    render = importlib.import_module("bench.render")
    monkeypatch.setattr(render, "REPS", 2)
    rows = render.main()
    check_rows(rows, 1)
    assert set(rows[0]["detail_ms"]) >= {"render_issue", "jinja+mjml2html", "mjml2html"}


def test_compose() -> None:
    compose = importlib.import_module("bench.compose")
    rows = compose.main(reps=1)
    check_rows(rows, 2)
    if compose.reference_command() is not None:
        assert rows[1]["detail_bytes"]["compose"] > 10_000
        assert rows[0]["heavy_imports"] == [] or "textual" not in rows[0]["heavy_imports"]


def test_search(tmp_path: Path) -> None:
    search = importlib.import_module("bench.search")
    rows = search.main(sizes=(40, 80), rounds=1, folder=tmp_path)
    check_rows(rows, 2)
    assert rows[0]["samples"] == len(search.keystrokes())
    assert rows[0]["build_seconds"] is not None
    again = search.main(sizes=(40,), rounds=1, folder=tmp_path)  # the archive is kept
    assert again[0]["build_seconds"] is None


def test_search_types_words_letter_by_letter() -> None:
    search = importlib.import_module("bench.search")
    typed = search.keystrokes(("lab", "a b"))
    assert typed == ["l", "la", "lab", "a", "a ", "a b"]


def test_importer() -> None:
    importer = importlib.import_module("bench.importer")
    rows = importer.main(posts=30, per_file=10, reps=1)
    check_rows(rows, 1)
    assert rows[0]["unit"] == " posts/s"


def test_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    sync = importlib.import_module("bench.sync")
    monkeypatch.setattr(sync, "POSTS", 30)
    monkeypatch.setattr(sync, "REPS", 1)
    monkeypatch.setattr(sync, "LATENCY", 0.005)
    check_rows(sync.main(), 1)


def test_generated_dumps_parse_back_to_their_posts() -> None:
    for titles, text in _corpus.dump_files(25, per_file=5, seed=3):
        posts = parse_dump(text, "generated.txt")
        assert [post.title for post in posts] == titles
        assert all(post.standfirst and len(post.blocks) >= 6 for post in posts)


def test_generated_articles_have_realistic_lengths() -> None:
    writer = _corpus.Writer(seed=5)
    words = [
        len(article.standfirst.split()) + sum(len(b.text.split()) for b in article.blocks)
        for article in (writer.article(n) for n in range(40))
    ]
    assert 350 < sum(words) / len(words) < 800
    assert len({writer.article(n).id for n in range(40)}) == 40


def test_runner_table_and_latest_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    render = importlib.import_module("bench.render")
    monkeypatch.setattr(render, "REPS", 2)
    monkeypatch.setattr(runner, "RESULTS", tmp_path / "LATEST.json")
    assert runner.main(["render"]) == 0
    report = json.loads((tmp_path / "LATEST.json").read_text(encoding="utf-8"))
    assert report["scripts"] == ["render"] and report["machine"]["python"]
    assert report["results"][0]["script"] == "render"
    table = runner.table(
        [
            {"name": "a figure", "value": 1.5, "unit": "x", "goal": "<= 2x", "met": True},
            {"name": "another", "value": None, "goal": "<= 1x", "met": None, "note": "no node"},
        ]
    )
    assert "a figure" in table and "1.5x" in table and "met" in table
    assert "skipped" in table and "(no node)" in table


def test_runner_lists_every_script_and_refuses_unknown_ones() -> None:
    names = runner.scripts([])
    assert {"render", "compose", "search", "importer", "sync"} <= set(names)
    assert names[0] == "render" and names.index("sync") > names.index("importer")
    assert not any(name.startswith("_") for name in names)
    with pytest.raises(SystemExit, match="unknown benchmark"):
        runner.scripts(["nope"])


def test_a_failing_script_becomes_a_failed_row() -> None:
    rows = runner.run("_corpus")  # a module without main(): no rows
    assert rows == []
    rows = runner.run("no_such_script")
    assert rows[0]["met"] is False and rows[0]["name"] == "no_such_script: failed"
    assert "ModuleNotFoundError" in rows[0]["note"]
