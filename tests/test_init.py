"""`newsletter init`: a fresh folder that composes its own first issue, never an overwrite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsletter.cli import main
from newsletter.config import load_config
from newsletter.errors import InputError
from newsletter.init import BrandAnswers, init_files, package_template_files
from newsletter.issuefile import load_issue

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TITLES = [
    "Twelve start-ups pitch at the autumn demo day",
    "Shared laboratory opens for small biotech companies",
    "Nordic companies draw crowds at the European oncology conference",
]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def first_issue(folder: Path) -> Path:
    (issue,) = sorted((folder / "issues").glob("*.toml"))
    return issue


def test_init_then_compose_in_a_real_shell(tmp_path: Path) -> None:
    """`newsletter init X && cd X && newsletter compose --issue issues/<first>.toml`."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    made = subprocess.run(
        [sys.executable, "-m", "newsletter", "init", "fresh"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "fresh"
    issue = first_issue(folder)
    assert f"newsletter compose --issue issues/{issue.name}" in made.stdout
    composed = subprocess.run(
        [sys.executable, "-m", "newsletter", "compose", "--issue", f"issues/{issue.name}"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert composed.returncode == 0, composed.stderr
    html = (folder / "out" / f"{issue.stem}.html").read_text(encoding="utf-8")
    positions = [html.find(title) for title in SAMPLE_TITLES]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    report = json.loads((folder / "out" / f"{issue.stem}.json").read_text(encoding="utf-8"))
    assert report["blocking"] == [] and report["size_bytes"] < 102 * 1024
    assert report["profile"] == "generic"
    assert "{{unsubscribe_url}}" in html


def test_init_writes_a_workspace_with_the_brand_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / "cluster"
    result = invoke(
        "init", str(folder), "--name", "Fjord Bio", "--website", "https://fjord.example",
        "--address", "Fjord Bio, Kaia 2, 5003 Bergen", "--lang", "nb", "--profile", "brevo",
        "--logo-url", "https://fjord.example/logo.png",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    config = load_config(folder / "newsletter.toml")
    brand = config.brand
    assert (brand.name, brand.website, brand.lang) == ("Fjord Bio", "https://fjord.example", "nb")
    assert brand.signup_url == "https://fjord.example/newsletter/"
    assert brand.address == "Fjord Bio, Kaia 2, 5003 Bergen"
    assert brand.logo_url == "https://fjord.example/logo.png"
    assert config.profile == "brevo"
    assert [(s.type, s.location) for s in config.sources] == [("textdump", "dumps/*.txt")]
    dumps = sorted(p.name for p in (folder / "dumps").iterdir())
    assert dumps == sorted(p.name for p in (REPO / "newsletter" / "sample" / "archive").iterdir())
    assert (folder / ".gitignore").read_text(encoding="utf-8") == ".newsletter/\nout/\n"
    assert sorted(p.name for p in (folder / "templates").iterdir()) == ["README.md"]
    issue = load_issue(first_issue(folder))
    assert issue.number == 1 and issue.date.day == 1
    assert [s.title for s in issue.sections] == ["Top story", "News", "In brief"]
    assert [len(s.items) for s in issue.sections] == [1, 3, 3]


def test_init_names_the_first_issue_after_next_month() -> None:
    files = init_files(Path("/x"), BrandAnswers(), today=date(2026, 12, 14))
    issues = [path for path in files if path.parent.name == "issues"]
    assert issues == [Path("/x/issues/2027-01.toml")]
    text = files[issues[0]]
    assert isinstance(text, str) and "date = 2027-01-01" in text


def test_names_with_quotes_are_written_as_valid_toml(tmp_path: Path) -> None:
    name = 'The "Quoted" Cluster \\ Co'
    assert invoke("init", str(tmp_path / "q"), "--name", name).exit_code == 0
    assert load_config(tmp_path / "q" / "newsletter.toml").brand.name == name


def test_init_refuses_an_existing_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    assert invoke("init", str(folder)).exit_code == 0
    config = folder / "newsletter.toml"
    config.write_text(config.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = invoke("init", str(folder), "--with-templates")
    assert result.exit_code == 2
    assert f"{config}: a workspace already exists here" in result.output
    assert "never overwrites" in result.output
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_init_refuses_to_overwrite_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "half"
    first = init_files(folder, BrandAnswers(), today=date.today())
    issue = next(path for path in first if path.parent.name == "issues")
    issue.parent.mkdir(parents=True)
    issue.write_text("mine\n", encoding="utf-8")
    result = invoke("init", str(folder))
    assert result.exit_code == 2
    assert str(issue) in result.output
    assert issue.read_text(encoding="utf-8") == "mine\n"
    assert not (folder / "newsletter.toml").exists()


def test_init_into_an_existing_empty_folder_works(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert invoke("init", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "newsletter.toml").is_file()


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--website", "example.org", "--website must be an absolute http(s) URL"),
        ("--logo-url", "http://example.org/logo.png", "--logo-url must be an absolute https URL"),
        ("--lang", "english please", "not a language tag"),
        ("--profile", "mailchump", "unknown email-tool profile 'mailchump'"),
        ("--name", "  ", "the brand name must be a line of text"),
    ],
)
def test_bad_answers_are_bad_input_and_write_nothing(
    tmp_path: Path, option: str, value: str, words: str
) -> None:
    result = invoke("init", str(tmp_path / "new"), option, value)
    assert result.exit_code == 2
    assert words in result.output
    assert not (tmp_path / "new").exists()


def test_with_templates_copies_every_package_template(tmp_path: Path) -> None:
    folder = tmp_path / "own"
    assert invoke("init", str(folder), "--with-templates").exit_code == 0
    package = REPO / "newsletter" / "templates"
    expected = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.j2"))
    copied = sorted(p.relative_to(folder / "templates").as_posix() for p in folder.rglob("*.j2"))
    assert copied == expected == sorted(package_template_files())
    for name in expected:
        assert (folder / "templates" / name).read_bytes() == (package / name).read_bytes()
    listed = invoke("-w", str(folder), "templates", "list", "--json")
    rows = json.loads(listed.output)
    assert {row["used"] for row in rows} == {"workspace"}


def test_a_fresh_workspace_builds_flow_and_site(tmp_path: Path) -> None:
    folder = tmp_path / "all"
    assert invoke("init", str(folder), "--name", "Fjord Bio").exit_code == 0
    flow = invoke("-w", str(folder), "flow")
    assert flow.exit_code == 0, flow.output
    welcome = (folder / "out" / "flow" / "welcome.html").read_text(encoding="utf-8")
    assert "Welcome to the Fjord Bio newsletter" in welcome
    assert SAMPLE_TITLES[0] in welcome
    site = invoke("-w", str(folder), "site")
    assert site.exit_code == 0, site.output
    issue = first_issue(folder)
    assert (folder / "out" / "site" / "issues" / f"{issue.stem}.html").is_file()


def test_answers_check_rejects_control_characters() -> None:
    with pytest.raises(InputError):
        BrandAnswers(name="Evil\x1bName").check()
