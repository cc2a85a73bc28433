"""`newsletter templates list`: which copy of each template the renderer really uses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from newsletter.cli import main
from newsletter.cli_flow import template_sources
from newsletter.init import package_template_files

REPO = Path(__file__).resolve().parents[1]


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-w", str(workspace), *args], catch_exceptions=False)


def listed(workspace: Path) -> dict[str, dict[str, object]]:
    result = run(workspace, "templates", "list", "--json")
    assert result.exit_code == 0, result.output
    return {row["name"]: row for row in json.loads(result.output)}


def test_package_templates_include_the_flow_and_site_ones() -> None:
    names = set(package_template_files())
    assert {
        "issue.mjml.j2",
        "issue.txt.j2",
        "confirm.mjml.j2",
        "confirm.txt.j2",
        "welcome.mjml.j2",
        "welcome.txt.j2",
        "site/index.html.j2",
        "partials/head.mjml.j2",
        "partials/header.mjml.j2",
        "partials/footer.mjml.j2",
        "partials/signup.mjml.j2",
    } <= names


def test_without_overrides_every_template_comes_from_the_package(sample_workspace: Path) -> None:
    rows = listed(sample_workspace)
    assert set(rows) == set(package_template_files())
    assert {row["used"] for row in rows.values()} == {"package"}
    footer = rows["partials/footer.mjml.j2"]["path"]
    assert isinstance(footer, str)
    assert Path(footer) == REPO / "newsletter" / "templates" / "partials" / "footer.mjml.j2"


def test_a_workspace_file_wins_and_the_render_uses_it(sample_workspace: Path) -> None:
    own = sample_workspace / "templates" / "partials" / "footer.mjml.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    package = REPO / "newsletter" / "templates" / "partials" / "footer.mjml.j2"
    own.write_text(
        package.read_text(encoding="utf-8").replace("<strong>", "<strong>Our own footer: "),
        encoding="utf-8",
    )
    (sample_workspace / "templates" / "promo.mjml.j2").write_text("<mjml></mjml>\n", "utf-8")
    (sample_workspace / "templates" / "README.md").write_text("notes\n", "utf-8")
    rows = listed(sample_workspace)
    assert rows["partials/footer.mjml.j2"] == {
        "name": "partials/footer.mjml.j2",
        "used": "workspace",
        "path": str(own),
        "overrides": True,
    }
    assert rows["promo.mjml.j2"]["used"] == "workspace"
    assert rows["promo.mjml.j2"]["overrides"] is False
    assert "README.md" not in rows
    assert rows["partials/header.mjml.j2"]["used"] == "package"

    out = sample_workspace / "out"
    result = run(sample_workspace, "compose", "--issue", "issues/sample.toml", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Our own footer: " in (out / "sample.html").read_text(encoding="utf-8")

    text = run(sample_workspace, "templates", "list").output
    lines = {line.split()[0]: line.split(None, 1)[1] for line in text.splitlines()[:-1]}
    assert lines["partials/footer.mjml.j2"] == "workspace (overrides the package)"
    assert lines["promo.mjml.j2"] == "workspace (no package default)"
    assert lines["issue.mjml.j2"] == "package"
    assert text.splitlines()[-1] == (
        f"2 of {len(rows)} templates come from {sample_workspace / 'templates'}"
    )


def test_missing_templates_folder_lists_the_package(tmp_path: Path) -> None:
    rows = template_sources(tmp_path / "no-such-folder")
    assert [row.name for row in rows] == sorted(package_template_files())
    assert {row.winner for row in rows} == {"package"}


def test_outside_a_workspace_is_bad_input(tmp_path: Path) -> None:
    result = run(tmp_path, "templates", "list")
    assert result.exit_code == 2
    assert "no newsletter.toml here or in any parent folder" in result.output
