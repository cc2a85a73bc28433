"""`newsletter check` as a user runs it: readable findings, JSON for scripts, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from newsletter.cli import main


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-w", str(workspace), "check", *args])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sample_is_ready_to_send(sample_workspace: Path) -> None:
    result = run(sample_workspace, "--issue", "issues/sample.toml")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings: ready to send" in result.output
    assert "of Gmail's 102 KB limit" in result.output


def test_errors_and_warnings_are_listed_with_hints_and_exit_1(sample_workspace: Path) -> None:
    issue = sample_workspace / "issues" / "sample.toml"
    edit(issue, "demo day, a shared lab", "a demo day for twelve start-ups, a new shared lab")
    edit(sample_workspace / "newsletter.toml", 'text = "#222222"', 'text = "#bbbbbb"')
    result = run(sample_workspace, "--issue", str(issue))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("✗ error")]
    warnings = [line for line in lines if line.startswith("! warning")]
    assert any(
        "the subject is 82 characters" in line and "[text.subject-long]" in line
        for line in warnings
    )
    assert any("body text: #bbbbbb on background #ffffff" in line for line in errors)
    assert lines.index(errors[-1]) < lines.index(warnings[0])  # errors first
    hint = lines[lines.index(errors[0]) + 1]
    assert hint.startswith("            ") and hint.strip()
    assert result.output.rstrip().endswith("errors, 1 warning: fix the errors before sending")


def test_json_lists_findings_size_and_render_warnings(sample_workspace: Path) -> None:
    issue = sample_workspace / "issues" / "sample.toml"
    edit(issue, "preheader = ", "# preheader = ")
    result = run(sample_workspace, "--issue", str(issue), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True and data["profile"] == "mailchimp" and data["links"] is None
    assert [f["code"] for f in data["findings"]] == ["text.preheader-tool", "size.ok"]
    assert "*|MC_PREVIEW_TEXT|*" in data["findings"][0]["message"]
    size = data["size"]
    assert [s["title"] for s in size["sections"]] == [
        "Top story",
        "News from the cluster",
        "In brief",
    ]
    assert len(size["items"]) == 6 and size["bytes"] < size["predicted_bytes"] < 102 * 1024
    assert isinstance(data["render_warnings"], list)


def test_reuse_across_issues_via_cli(sample_workspace: Path) -> None:
    issues = sample_workspace / "issues"
    (issues / "2026-11.toml").write_text(
        'number = 0\ndate = 2026-11-01\nsubject = "November"\n\n[[sections]]\ntitle = "News"\n\n'
        '[[sections.items]]\narticle = "shared-laboratory-opens-for-small-biotech-companies"\n',
        encoding="utf-8",
    )
    result = run(sample_workspace, "--issue", "issues/sample.toml")
    assert result.exit_code == 0, result.output
    assert (
        "section 'News from the cluster', item 'shared-laboratory-opens-for-small-biotech-"
        "companies': already in issue 2026-11"
    ) in result.output
    assert "0 errors, 1 warning: ready to send" in result.output


def test_bad_issue_file_is_exit_2(sample_workspace: Path) -> None:
    issue = sample_workspace / "issues" / "broken.toml"
    issue.write_text('number = "one"\n', encoding="utf-8")
    result = run(sample_workspace, "--issue", str(issue))
    assert result.exit_code == 2
    assert "broken.toml:1:" in result.output and "Traceback" not in result.output
