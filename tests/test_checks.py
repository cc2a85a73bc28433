"""Preflight on real renders: the sample is clean; size, tags, text, contrast, reuse findings."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import make_article, make_articles, make_brand, make_issue

from newsletter.checks import Finding, contrast_ratio, run_preflight, size_report
from newsletter.checks.document import read_document
from newsletter.cli import main
from newsletter.compose import Composition, compose_issue
from newsletter.config import load_profile
from newsletter.models import Article, Brand, Issue, Profile, Rendered
from newsletter.render import Templates, render_issue
from newsletter.workspace import Workspace


def composition(
    articles: dict[str, Article] | None = None,
    issue: Issue | None = None,
    brand: Brand | None = None,
    profile: Profile | None = None,
    templates: Templates | None = None,
    **issue_fields: Any,
) -> Composition:
    articles = articles if articles is not None else make_articles(5)
    issue = issue or make_issue(articles, **issue_fields)
    brand = brand or make_brand()
    profile = profile or load_profile("mailchimp")
    rendered = render_issue(issue, articles, brand, profile, templates=templates)
    return Composition(issue, articles, brand, profile, rendered)


def codes(findings: list[Finding], severity: str | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity == severity]


def test_sample_issue_is_clean(sample_workspace: Path) -> None:
    workspace = Workspace(sample_workspace)
    composed = compose_issue(workspace, sample_workspace / "issues" / "sample.toml")
    findings = list(composed.findings)
    assert codes(findings) == ["size.ok"], [str(f) for f in findings]
    size = findings[0]
    assert size.severity == "info"
    assert "of Gmail's 102 KB limit" in size.message and "after Mailchimp's link tracking" in (
        size.message
    )
    assert "'Top story'" in size.hint and "'In brief'" in size.hint
    assert composed.blocking == []


def test_factory_issue_is_clean() -> None:
    findings = run_preflight(composition())
    assert codes(findings) == ["size.ok"], [str(f) for f in findings]


def test_size_report_shares_add_up() -> None:
    composed = composition(make_articles(6))
    report = size_report(composed, read_document(composed))
    assert report.total == composed.rendered.size
    tracked = report.tracked_links
    assert tracked >= 6 * 2  # each item's headline and its read-more link at least
    assert report.predicted == report.total + tracked * 60
    assert sum(p.bytes for p in report.sections) < report.total
    assert {p.item for p in report.items} == set(composed.articles)
    for section in report.sections:
        inside = [p.bytes for p in report.items if p.section == section.section]
        assert 0 < sum(inside) <= section.bytes
    data = report.to_dict()
    assert data["limit_bytes"] == 102 * 1024 and len(data["items"]) == 6


def _giant(words: int) -> Article:
    sentence = "The cluster's hospitals and companies work on new cancer diagnostics together. "
    paragraph = sentence * 8
    blocks = tuple(
        replace(make_article().blocks[0], text=paragraph) for _ in range(words // 100 + 1)
    )
    return make_article("A very long annual report", blocks=blocks)


def test_over_the_clip_is_an_error_naming_the_biggest_item() -> None:
    articles = {**make_articles(3), "a-very-long-annual-report": _giant(20000)}
    issue = make_issue(articles)
    issue = replace(
        issue,
        sections=tuple(
            replace(s, items=tuple(replace(i, paragraphs=400) for i in s.items))
            if any(i.article == "a-very-long-annual-report" for i in s.items)
            else s
            for s in issue.sections
        ),
    )
    composed = composition(articles, issue)
    findings = run_preflight(composed)
    first = findings[0]
    assert (first.severity, first.code) == ("error", "size.clipped")
    assert "102 KB" in first.message
    assert first.hint.startswith("Trim or drop the biggest items: 'a-very-long-annual-report'")
    full = replace(composed, findings=tuple(findings))
    assert "102 KB" in full.blocking[0]


def test_link_tracking_can_push_an_email_over_the_clip() -> None:
    composed = composition(make_articles(4))
    size = composed.rendered.size
    links = size_report(composed, read_document(composed)).tracked_links
    limit = 102 * 1024
    extra = (limit - size) // links + 1  # enough bytes per tracked link to cross the limit
    tracked = replace(composed, profile=replace(composed.profile, link_rewrite_bytes=extra))
    assert codes(run_preflight(tracked), "error") == ["size.clipped"]
    assert composed.rendered.size < limit
    assert "size.clipped" not in codes(run_preflight(composed))


def test_profile_mismatch_reports_missing_and_foreign_tags() -> None:
    composed = composition()  # rendered with Mailchimp's tags
    brevo = replace(composed, profile=load_profile("brevo"))
    findings = run_preflight(brevo)
    missing = [f for f in findings if f.code == "tags.required"]
    assert missing and missing[0].severity == "error"
    assert "{{ unsubscribe }}" in missing[0].message and "Brevo" in missing[0].message
    foreign = {f.message.split()[0] for f in findings if f.code == "tags.foreign"}
    assert foreign == {"*|UNSUB|*", "*|ARCHIVE|*"}


@pytest.mark.parametrize("name", ["mailchimp", "mailerlite", "brevo", "listmonk", "generic"])
def test_every_profile_renders_its_required_tags(name: str) -> None:
    profile = load_profile(name)
    assert profile.required and profile.unsubscribe in profile.required
    findings = run_preflight(composition(profile=profile))
    assert codes(findings, "error") == [] and not [
        f for f in findings if f.code.startswith("tags.")
    ], [str(f) for f in findings]


def test_address_missing_or_not_postal() -> None:
    empty = run_preflight(composition(brand=make_brand(address="")))
    assert "tags.address" in codes(empty, "error")
    vague = run_preflight(composition(brand=make_brand(address="Nordlys Health Cluster")))
    assert "tags.address-postal" in codes(vague, "warning")


def test_signup_and_unsubscribe_removed_by_a_workspace_template(tmp_path: Path) -> None:
    partials = tmp_path / "partials"
    partials.mkdir()
    (partials / "signup.mjml.j2").write_text("", encoding="utf-8")
    (partials / "footer.mjml.j2").write_text(
        "<mj-section><mj-column><mj-text>{{ brand.address }} *|UNSUB|*</mj-text></mj-column>"
        "</mj-section>\n",
        encoding="utf-8",
    )
    findings = run_preflight(composition(templates=Templates(tmp_path)))
    assert "tags.signup" in codes(findings, "warning")
    assert "tags.unsubscribe-link" in codes(findings, "warning")
    assert "tags.required" not in codes(findings)  # the tag is there, just not a link


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"subject": ""}, [("error", "text.subject-empty")]),
        ({"subject": "d" * 61}, [("warning", "text.subject-long")]),
        ({"subject": "d" * 60}, []),
        ({"preheader": ""}, [("warning", "text.preheader-tool")]),
        ({"preheader": "Too short to say much."}, [("warning", "text.preheader-short")]),
        ({"preheader": "word " * 30}, [("warning", "text.preheader-long")]),
        (
            {"preheader": "Welcome to the December newsletter."},
            [("warning", "text.preheader-short"), ("warning", "text.preheader-repeats")],
        ),
        (
            {
                "subject": "December news: twelve start-ups, one new shared lab",
                "preheader": "December news: twelve start-ups, one new shared lab!",
            },
            [("warning", "text.preheader-subject")],
        ),
        ({"intro": "TODO: write the intro"}, [("warning", "text.placeholder")]),
    ],
)
def test_subject_and_preheader(fields: dict[str, str], expected: list[tuple[str, str]]) -> None:
    findings = [f for f in run_preflight(composition(**fields)) if f.code.startswith("text.")]
    assert [(f.severity, f.code) for f in findings] == expected, [str(f) for f in findings]


def test_without_a_preheader_the_tools_preview_tag_fills_in() -> None:
    composed = composition(preheader="")
    assert "*|MC_PREVIEW_TEXT|*</div>" in composed.rendered.html  # the hidden preview text
    finding = next(f for f in run_preflight(composed) if f.code.startswith("text."))
    assert finding.code == "text.preheader-tool" and "*|MC_PREVIEW_TEXT|*" in finding.message
    plain = composition(preheader="", profile=load_profile("brevo"))  # Brevo has no such tag
    assert "text.preheader-missing" in codes(run_preflight(plain))


def test_placeholder_in_a_headline_names_the_item() -> None:
    articles = make_articles(3)
    issue = make_issue(articles)
    first = issue.sections[0]
    item = replace(first.items[0], headline="[headline] goes here")
    issue = replace(issue, sections=(replace(first, items=(item,)), *issue.sections[1:]))
    found = [f for f in run_preflight(composition(articles, issue)) if f.code == "text.placeholder"]
    assert [(f.item, f.message) for f in found] == [
        (item.article, "the headline still says '[headline]'")
    ]


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#0b5394", "#ffffff") == pytest.approx(7.84, abs=0.01)


def test_brand_colours_failing_aa() -> None:
    pale = make_brand(text_color="#aaaaaa", primary_color="#3d85c6")
    findings = [f for f in run_preflight(composition(brand=pale)) if f.code == "contrast.aa"]
    by_subject = {f.message.split(":")[0]: f.severity for f in findings}
    assert by_subject == {
        "body text": "error",  # 2.32:1
        "sign-up text": "error",
        "headline links and section titles": "warning",  # 3.91:1 (AA only for large text)
        "button text": "warning",
    }, [str(f) for f in findings]
    assert "brand.colors.text" in next(f.hint for f in findings if f.severity == "error")


def test_reuse_names_the_earlier_issue(sample_workspace: Path) -> None:
    issues = sample_workspace / "issues"
    earlier = (
        (issues / "sample.toml").read_text(encoding="utf-8").replace("number = 1", "number = 0")
    )
    (issues / "2026-11.toml").write_text(earlier, encoding="utf-8")
    composed = compose_issue(Workspace(sample_workspace), issues / "sample.toml")
    reuse = [f for f in composed.findings if f.code == "reuse.earlier-issue"]
    assert len(reuse) == len(composed.issue.items)
    first = reuse[0]
    assert first.message == "already in issue 2026-11"
    assert (first.section, first.item) == ("Top story", composed.issue.items[0].article)
    assert composed.blocking == []  # a warning, not a block


def test_repeated_item_within_one_issue() -> None:
    articles = make_articles(3)
    issue = make_issue([*articles, next(iter(articles))])
    findings = run_preflight(composition(articles, issue), issue_paths=[])
    assert "reuse.repeated" not in codes(findings)  # reuse runs only with issue files
    findings = run_preflight(composition(articles, issue), issue_paths=[Path("/nonexistent.toml")])
    assert [f.message for f in findings if f.code == "reuse.repeated"] == [
        "appears 2 times in this issue"
    ]


def test_finding_text_and_json_forms() -> None:
    finding = Finding("warning", "images.http", "image is http", "Use https.", "News", "abc")
    assert (
        str(finding)
        == "warning [images.http] section 'News', item 'abc': image is http\n  Use https."
    )
    assert finding.to_dict() == {
        "severity": "warning",
        "code": "images.http",
        "message": "image is http",
        "hint": "Use https.",
        "section": "News",
        "item": "abc",
    }


def test_compose_exits_1_on_an_error_finding_and_reports_findings(
    sample_workspace: Path, tmp_path: Path
) -> None:
    config = sample_workspace / "newsletter.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('primary = "#0b5394"', 'primary = "#ffe599"'), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "-w",
            str(sample_workspace),
            "compose",
            "--issue",
            "issues/sample.toml",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "sample.json").read_text(encoding="utf-8"))
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in errors] == ["contrast.aa", "contrast.aa"]
    assert report["blocking"] == [f["message"] for f in errors]
    assert "error   headline links and section titles: #ffe599" in result.output
    assert "2 errors, 0 warnings: fix the errors before sending" in result.output
    assert (tmp_path / "sample.eml").is_file()


def test_rendered_without_sections_is_still_checked() -> None:
    composed = composition()
    bare = replace(
        composed,
        rendered=Rendered(html=composed.rendered.html, text=composed.rendered.text, sections=()),
    )
    assert codes(run_preflight(bare)) == ["size.ok"]
