"""The headless commands, run as a user would: compose, archive import/list/search/show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsletter.cli import main

SAMPLE_TITLES = [
    "Twelve start-ups pitch at the autumn demo day",
    "Shared laboratory opens for small biotech companies",
    "Patient data in research: what changes next year",
    "New course: clinical trials for small companies",
    "Patients take the stage at the annual meeting",
    "Pupils meet researchers in the teaching laboratory",
]


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-w", str(workspace), *args], catch_exceptions=False)


def test_compose_sample_writes_three_files(sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(sample_workspace, "compose", "--issue", "issues/sample.toml", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = (out / "sample.html").read_text(encoding="utf-8")
    text = (out / "sample.txt").read_text(encoding="utf-8")
    report = json.loads((out / "sample.json").read_text(encoding="utf-8"))
    positions = [html.find(title) for title in SAMPLE_TITLES]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions)
    assert "*|UNSUB|*" in html and "*|ARCHIVE|*" in html
    assert "Sign up to our monthly newsletter" in html
    assert all(title in text for title in SAMPLE_TITLES)
    assert report["size_bytes"] == len(html.encode("utf-8")) < 102 * 1024
    assert [s["title"] for s in report["sections"]] == [
        "Top story",
        "News from the cluster",
        "In brief",
    ]
    assert report["blocking"] == []


def test_compose_relative_to_cwd(sample_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_workspace / "issues")
    result = CliRunner().invoke(main, ["compose", "--issue", "sample.toml", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert Path(data["files"]["html"]) == sample_workspace / "out" / "sample.html"


def test_unknown_article_is_bad_input_and_writes_nothing(
    sample_workspace: Path, tmp_path: Path
) -> None:
    issue = sample_workspace / "issues" / "sample.toml"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(
            'article = "shared-laboratory-opens-for-small-biotech-companies"',
            'article = "shared-laboratory-opens-for-small-biotech"',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["-w", str(sample_workspace), "compose", "--issue", str(issue), "-o", str(out)]
    )
    assert result.exit_code == 2
    line = next(
        n
        for n, text in enumerate(issue.read_text(encoding="utf-8").splitlines(), 1)
        if 'shared-laboratory-opens-for-small-biotech"' in text
    )
    assert f"sample.toml:{line}:" in result.output
    assert "shared-laboratory-opens-for-small-biotech-companies" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_oversized_issue_exits_1(sample_workspace: Path, tmp_path: Path) -> None:
    paragraph = "A long paragraph about the cluster's work with hospitals and companies. " * 40
    body = "\n\n".join(paragraph for _ in range(60))
    dump = sample_workspace / "newsletter" / "sample" / "archive" / "huge.txt"
    dump.write_text(
        f"A giant report\n\nThe report is very long indeed.\n\n{body}\n", encoding="utf-8"
    )
    issue = sample_workspace / "issues" / "huge.toml"
    issue.write_text(
        'number = 2\ndate = 2026-12-01\nsubject = "Huge"\n\n[[sections]]\ntitle = "All"\n\n'
        '[[sections.items]]\narticle = "a-giant-report"\nparagraphs = 60\n',
        encoding="utf-8",
    )
    result = run(sample_workspace, "compose", "--issue", str(issue), "-o", str(tmp_path))
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "huge.json").read_text(encoding="utf-8"))
    assert report["size_bytes"] > 102 * 1024
    assert "102 KB" in report["blocking"][0]


def test_missing_workspace_is_clear(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-w", str(tmp_path), "archive", "list"])
    assert result.exit_code == 2
    assert "no newsletter.toml" in result.output


def test_archive_import_seeds_idempotent(sample_workspace: Path, seeds_dir: Path) -> None:
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    first = run(sample_workspace, "archive", "import", *seeds)
    assert first.exit_code == 0, first.output
    assert "5 posts: 5 new" in first.output
    again = run(sample_workspace, "archive", "import", *seeds)
    assert "0 new, 0 updated, 5 unchanged" in again.output
    listing = run(sample_workspace, "archive", "list", "--json")
    ids = [row["id"] for row in json.loads(listing.output)]
    assert "preparing-for-the-first-health-catapult-centre" in ids
    assert len(ids) == 5 + len(SAMPLE_TITLES) + 1  # seeds + sample dumps


def test_archive_search_and_show(sample_workspace: Path, seeds_dir: Path) -> None:
    run(sample_workspace, "archive", "import", *map(str, seeds_dir.glob("*.txt")))
    found = run(sample_workspace, "archive", "search", "catapult", "--json")
    hits = json.loads(found.output)
    assert hits[0]["id"] == "preparing-for-the-first-health-catapult-centre"
    shown = run(sample_workspace, "archive", "show", hits[0]["id"], "--json")
    article = json.loads(shown.output)
    assert article["title"] == "Preparing for the first Health Catapult Centre"
    missing = run(sample_workspace, "archive", "show", "preparing-for-the-first")
    assert missing.exit_code == 2
    assert "preparing-for-the-first-health-catapult-centre" in missing.output


def test_dry_run_json_touches_nothing(sample_workspace: Path, seeds_dir: Path) -> None:
    result = run(
        sample_workspace,
        "archive",
        "import",
        "--dry-run",
        "--json",
        str(seeds_dir / "000_0511e95c184c1476.txt"),
    )
    posts = json.loads(result.output)
    assert [p["title"] for p in posts] == ["Unique collaboration to build Nordic health industry"]
    assert {"title", "caption", "standfirst", "slug", "blocks", "source"} <= set(posts[0])
    assert posts[0]["source"] == "000_0511e95c184c1476.txt"
    assert not (sample_workspace / ".newsletter").exists()


def test_bad_files_reported_rest_imported(sample_workspace: Path, seeds_dir: Path) -> None:
    binary = sample_workspace / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = sample_workspace / "latin1.txt"
    latin.write_bytes("Caf\xe9 news\n\nA standfirst here.\n".encode("latin-1"))
    result = run(
        sample_workspace,
        "archive",
        "import",
        str(binary),
        str(latin),
        str(seeds_dir / "002_eae885c692f25d2f.txt"),
    )
    assert result.exit_code == 1
    assert "logo.png" in result.output and "latin1.txt" in result.output
    assert "4 posts: 4 new" in result.output
    assert "Traceback" not in result.output


def test_console_script_runs_compose(sample_workspace: Path, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "newsletter"
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [str(script), "compose", "--issue", "issues/sample.toml", "-o", str(tmp_path)],
        cwd=sample_workspace,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "sample.html").is_file()
    assert "textual" not in done.stderr


def test_archive_sync_without_sources_explains(sample_workspace: Path) -> None:
    result = run(sample_workspace, "archive", "sync")
    assert result.exit_code == 2
    assert "no WordPress or feed source to sync" in result.output
    assert "--wordpress URL" in result.output
