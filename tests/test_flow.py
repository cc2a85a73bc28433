"""The sign-up flow's emails: confirm (double opt-in) and welcome, through the one render path."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from chromium import chromium, probe
from click.testing import CliRunner, Result
from factories import make_articles, make_brand, make_issue, make_profile
from selectolax.lexbor import LexborHTMLParser

from newsletter.checks import run_preflight
from newsletter.cli import main
from newsletter.config import load_config, load_profile
from newsletter.errors import InputError
from newsletter.flow import render_confirm, render_flow, render_welcome
from newsletter.models import Rendered
from newsletter.render import GMAIL_CLIP_BYTES, Templates
from newsletter.signup import SignupSettings, default_description, load_signup
from newsletter.workspace import Workspace

__all__ = ["chromium"]  # the fixture, re-exported for pytest

DAY = date(2026, 11, 20)
SIGNUP = SignupSettings(description="Research, start-ups and events from the cluster.")
SAMPLE_TITLES = [
    "Twelve start-ups pitch at the autumn demo day",
    "Shared laboratory opens for small biotech companies",
    "Patient data in research: what changes next year",
    "New course: clinical trials for small companies",
    "Patients take the stage at the annual meeting",
    "Pupils meet researchers in the teaching laboratory",
]


def links(rendered: Rendered) -> list[tuple[str, str]]:
    """(href, visible text) of every link in the HTML."""
    tree = LexborHTMLParser(rendered.html)
    return [(a.attributes.get("href") or "", a.text(strip=True)) for a in tree.css("a")]


def set_profile(workspace: Path, profile: str, signup: str = "") -> None:
    config = workspace / "newsletter.toml"
    text = config.read_text(encoding="utf-8").replace(
        'profile = "mailchimp"', f'profile = "{profile}"'
    )
    config.write_text(text + signup, encoding="utf-8")


@pytest.mark.parametrize("name", ["generic", "brevo", "listmonk"])
def test_confirm_button_carries_the_profiles_confirm_tag(name: str) -> None:
    profile = load_profile(name)
    email = render_confirm(make_brand(), profile, SIGNUP, today=DAY)
    html = email.rendered.html
    buttons = [(href, text) for href, text in links(email.rendered) if text == "Yes, subscribe me"]
    assert buttons == [(profile.confirm, "Yes, subscribe me")]
    assert f'href="{profile.confirm}"' in html  # the tag verbatim, as the tool expects it
    assert "Research, start-ups and events from the cluster." in html
    assert "Did not sign up?" in html and "ignore this email" in html
    assert profile.unsubscribe not in html and profile.view_in_browser not in html
    assert email.subject == "Please confirm your subscription"
    assert f"<title>{email.subject}</title>" in html
    assert email.rendered.size < GMAIL_CLIP_BYTES
    assert f"Yes, subscribe me:\n{profile.confirm}\n" in email.rendered.text
    assert profile.unsubscribe not in email.rendered.text


def test_confirm_without_a_confirm_tag_explains_the_tool_sends_its_own() -> None:
    mailchimp = load_profile("mailchimp")
    with pytest.raises(InputError) as info:
        render_confirm(make_brand(), mailchimp, SIGNUP, today=DAY)
    message = str(info.value)
    assert "Mailchimp sends its own double opt-in confirmation email" in message
    assert "`confirm_url` under [signup]" in info.value.hint
    assert "--email welcome" in info.value.hint


def test_signup_confirm_url_stands_in_for_a_missing_tag() -> None:
    signup = replace(SIGNUP, confirm_url="https://example.org/newsletter/confirm?id=1&x=2")
    email = render_confirm(make_brand(), load_profile("mailchimp"), signup, today=DAY)
    assert ("https://example.org/newsletter/confirm?id=1&x=2", "Yes, subscribe me") in links(
        email.rendered
    )
    assert email.profile.required == ("https://example.org/newsletter/confirm?id=1&x=2",)


def test_welcome_lists_the_latest_issues_titles_and_links() -> None:
    articles = make_articles(8)
    issue = make_issue(articles, number=7, subject="November: eight stories")
    email = render_welcome(make_brand(), make_profile(), SIGNUP, issue, articles, today=DAY)
    found = links(email.rendered)
    expected = [a for a in articles.values()][:6]  # at most six highlights
    for article in expected:
        assert (article.url, article.title) in found
    assert all(a.title not in email.rendered.html for a in list(articles.values())[6:])
    positions = [email.rendered.html.find(a.title) for a in expected]
    assert positions == sorted(positions)
    assert "Issue 7, December 2026: November: eight stories" in email.rendered.html
    assert ("*|UNSUB|*", "unsubscribe now") in found
    assert ("*|UNSUB|*", "Unsubscribe") in found
    assert ("https://example.org/newsletter/", "sign up to our monthly newsletter") in found
    assert "One email once a month. Research, start-ups and events" in email.rendered.html
    assert email.subject == "Welcome to the Nordlys Health Cluster newsletter"
    assert email.rendered.warnings == ()
    for article in expected:
        assert f"{article.title}\n{article.url}\n" in email.rendered.text
    assert email.rendered.size < GMAIL_CLIP_BYTES


def test_welcome_without_any_issue_still_reads_well() -> None:
    email = render_welcome(make_brand(), make_profile(), SIGNUP, None, {}, today=DAY)
    assert "From the latest issue" not in email.rendered.html
    assert "What to expect" in email.rendered.html
    assert email.rendered.sections == ()


def test_welcome_escapes_hostile_article_text() -> None:
    articles = make_articles(2)
    first = next(iter(articles))
    articles[first] = replace(articles[first], title="<script>alert(1)</script> {{ 7*7 }}")
    issue = make_issue(articles)
    email = render_welcome(make_brand(), make_profile(), SIGNUP, issue, articles, today=DAY)
    assert "<script>alert(1)" not in email.rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in email.rendered.html


def test_flow_emails_pass_the_preflight_checks(sample_workspace: Path) -> None:
    set_profile(sample_workspace, "brevo")
    emails = render_flow(Workspace(sample_workspace), today=DAY)
    assert [e.kind for e in emails] == ["confirm", "welcome"]
    for email in emails:
        findings = run_preflight(email)
        problems = [f for f in findings if f.severity != "info"]
        assert problems == [], (email.kind, [str(f) for f in problems])


def test_workspace_template_overrides_the_confirm_email(sample_workspace: Path) -> None:
    own = sample_workspace / "templates" / "confirm.mjml.j2"
    own.parent.mkdir(exist_ok=True)
    package = Path(__file__).resolve().parents[1] / "newsletter" / "templates" / "confirm.mjml.j2"
    text = package.read_text(encoding="utf-8").replace("Yes, subscribe me", "Count me in")
    own.write_text(text, encoding="utf-8")
    email = render_confirm(
        make_brand(), load_profile("generic"), SIGNUP, templates=Templates(own.parent), today=DAY
    )
    assert ("{{confirm_url}}", "Count me in") in links(email.rendered)


def test_signup_settings_from_newsletter_toml(sample_workspace: Path) -> None:
    config_path = sample_workspace / "newsletter.toml"
    set_profile(
        sample_workspace,
        "generic",
        '\n[signup]\ndescription = "Cancer research news."\nschedule = "on the first Monday"\n',
    )
    signup = load_signup(config_path, load_config(config_path))
    assert (signup.description, signup.schedule) == ("Cancer research news.", "on the first Monday")
    emails = render_flow(Workspace(sample_workspace), today=DAY)
    assert "arrives on the first Monday. Cancer research news." in emails[0].rendered.html
    assert "One email on the first Monday. Cancer research news." in emails[1].rendered.html


def test_signup_defaults(sample_workspace: Path) -> None:
    config_path = sample_workspace / "newsletter.toml"
    signup = load_signup(config_path, load_config(config_path))
    assert signup.description == default_description("Nordlys Health Cluster")
    assert signup.schedule == "once a month"
    assert signup.confirm_url is None


@pytest.mark.parametrize(
    ("table", "line", "words"),
    [
        ('confirm_url = "javascript:alert(1)"', 4, "http(s) URL or your email tool's merge tag"),
        ("descripton = 'x'", 4, "unknown key `signup.descripton`"),
        ("schedule = 12", 4, "non-empty string"),
        ('archive_url = "ftp://example.org"', 4, "absolute http(s) URL"),
    ],
)
def test_bad_signup_settings_name_file_and_line(
    tmp_path: Path, table: str, line: int, words: str
) -> None:
    config_path = tmp_path / "newsletter.toml"
    text = (
        f'[signup]\n# what the flow emails say\n\n{table}\n\n[brand]\nname = "X"\n'
        'website = "https://x.org"\nsignup_url = "https://x.org/s"\naddress = "Street 1"\n'
    )
    config_path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_signup(config_path, load_config(config_path))
    assert info.value.line == line
    assert words in str(info.value)
    assert str(config_path) in str(info.value)


def test_merge_tag_confirm_url_is_accepted(tmp_path: Path) -> None:
    config_path = tmp_path / "newsletter.toml"
    config_path.write_text(
        '[brand]\nname = "X"\nwebsite = "https://x.org"\nsignup_url = "https://x.org/s"\n'
        'address = "Street 1"\n[signup]\nconfirm_url = "*|CONFIRM_LINK|*"\n',
        encoding="utf-8",
    )
    assert load_signup(config_path, load_config(config_path)).confirm_url == "*|CONFIRM_LINK|*"


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-w", str(workspace), *args], catch_exceptions=False)


def test_cli_flow_writes_both_emails_and_a_report(sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "flow"
    result = run(sample_workspace, "flow", "-o", str(out), "--profile", "listmonk")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "confirm.html",
        "confirm.txt",
        "flow.json",
        "welcome.html",
        "welcome.txt",
    ]
    report = json.loads((out / "flow.json").read_text(encoding="utf-8"))
    for kind in ("confirm", "welcome"):
        html = (out / f"{kind}.html").read_text(encoding="utf-8")
        assert report[kind]["size_bytes"] == len(html.encode("utf-8")) < GMAIL_CLIP_BYTES
        assert [f["severity"] for f in report[kind]["findings"]] == ["info"]
    assert 'href="{{ OptinURL }}"' in (out / "confirm.html").read_text(encoding="utf-8")
    welcome = (out / "welcome.html").read_text(encoding="utf-8")
    positions = [welcome.find(title) for title in SAMPLE_TITLES]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    assert report["welcome"]["subject"] in result.output


def test_cli_flow_mailchimp_confirm_is_bad_input_and_writes_nothing(
    sample_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "flow"
    result = run(sample_workspace, "flow", "-o", str(out), "--email", "confirm")
    assert result.exit_code == 2
    assert "Mailchimp sends its own double opt-in confirmation email" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_flow_default_builds_welcome_only_when_tool_confirms(
    sample_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "flow"
    result = run(sample_workspace, "flow", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Mailchimp sends its own double opt-in email" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["flow.json", "welcome.html", "welcome.txt"]


def test_cli_flow_broken_newest_issue_names_its_line(sample_workspace: Path) -> None:
    set_profile(sample_workspace, "generic")
    broken = sample_workspace / "issues" / "zz-broken.toml"
    broken.write_text(
        'number = 2\ndate = 2027-01-01\nsubject = "x"\n\n[[sections]]\ntitle = "News"\n\n'
        '[[sections.items]]\narticle = "no-such-article"\n',
        encoding="utf-8",
    )
    result = run(sample_workspace, "flow", "-o", str(sample_workspace / "out"))
    assert result.exit_code == 2
    assert f"{broken}:9:" in result.output


@pytest.mark.chromium
def test_the_three_emails_open_in_chromium(
    chromium: Path, sample_workspace: Path, tmp_path: Path
) -> None:
    set_profile(sample_workspace, "generic")
    out = tmp_path / "out"
    assert run(sample_workspace, "flow", "-o", str(out)).exit_code == 0
    result = run(sample_workspace, "compose", "--issue", "issues/sample.toml", "-o", str(out))
    assert result.exit_code == 0, result.output

    confirm = probe(chromium, out / "confirm.html")
    assert confirm["title"] == "Please confirm your subscription"
    assert confirm["lang"] == "en" and confirm["overflow"] is False
    buttons = [link for link in confirm["links"] if link["text"] == "Yes, subscribe me"]
    assert [link["href"] for link in buttons] == ["{{confirm_url}}"]
    assert "What you signed up for" in confirm["text"] and "Did not sign up?" in confirm["text"]
    assert "Unsubscribe" not in confirm["text"]

    welcome = probe(chromium, out / "welcome.html")
    assert welcome["title"] == "Welcome to the Nordlys Health Cluster newsletter"
    assert welcome["overflow"] is False
    texts = [link["text"] for link in welcome["links"]]
    assert [t for t in texts if t in SAMPLE_TITLES] == SAMPLE_TITLES
    pairs = [(link["href"], link["text"]) for link in welcome["links"]]
    assert ("{{unsubscribe_url}}", "Unsubscribe") in pairs
    assert ("https://example.org/newsletter/", "sign up to our monthly newsletter") in pairs

    issue = probe(chromium, out / "sample.html")
    assert issue["overflow"] is False
    assert "Forwarded this? Sign up to our monthly newsletter" in issue["text"]
    signup = [link for link in issue["links"] if link["text"] == "Sign up"]
    assert [link["href"] for link in signup] == ["https://example.org/newsletter/"]
    headlines = [link["text"] for link in issue["links"] if link["text"] in SAMPLE_TITLES]
    assert list(dict.fromkeys(headlines)) == SAMPLE_TITLES
