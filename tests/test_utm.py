"""UTM tags: own domains only, never doubled, never on merge tags; HTML and text agree."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from factories import make_articles, make_brand, make_issue, make_profile

from newsletter.config import load_config
from newsletter.errors import InputError
from newsletter.models import Utm
from newsletter.render import render_issue
from newsletter.utm import add_utm, campaign_name, has_merge_tag, utm_domains, utm_params

PARAMS = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "2026-12"}
HREF = re.compile(r'href="([^"]*)"')


def test_adds_parameters_to_own_domain_keeping_query_and_fragment() -> None:
    tagged = add_utm("https://example.org/news/a/?page=2#top", PARAMS, ["example.org"])
    assert tagged == (
        "https://example.org/news/a/?page=2&utm_source=newsletter&utm_medium=email"
        "&utm_campaign=2026-12#top"
    )


def test_subdomains_count_other_domains_do_not() -> None:
    assert "utm_source" in add_utm("https://events.example.org/x", PARAMS, ["example.org"])
    assert "utm_source" in add_utm("https://www.example.org/x", PARAMS, ["example.org"])
    for other in (
        "https://notexample.org/x",
        "https://example.org.evil.test/x",
        "https://www.linkedin.com/company/example",
    ):
        assert add_utm(other, PARAMS, ["example.org"]) == other


def test_never_doubled() -> None:
    once = add_utm("https://example.org/a", PARAMS, ["example.org"])
    assert add_utm(once, PARAMS, ["example.org"]) == once
    own = "https://example.org/a?utm_source=linkedin"
    assert add_utm(own, PARAMS, ["example.org"]) == own
    pairs = parse_qsl(urlsplit(once).query)
    assert [key for key, _ in pairs] == ["utm_source", "utm_medium", "utm_campaign"]


@pytest.mark.parametrize(
    "url",
    [
        "*|ARCHIVE|*",
        "https://example.org/unsubscribe?id=*|UNIQID|*",
        "{$unsubscribe}",
        "{{ mirror }}",
        "https://example.org/u/{{ UnsubscribeURL }}",
        "https://example.org/u/%7B%7B%20UnsubscribeURL%20%7D%7D",
        "mailto:news@example.org",
        "javascript:alert(1)",
    ],
)
def test_merge_tags_and_other_schemes_are_left_alone(url: str) -> None:
    assert add_utm(url, PARAMS, ["example.org"]) == url


def test_has_merge_tag() -> None:
    assert has_merge_tag("*|UNSUB|*") and has_merge_tag("{$url}") and has_merge_tag("{{x}}")
    assert not has_merge_tag("https://example.org/a?b=c|d")


def test_values_are_percent_encoded() -> None:
    tagged = add_utm("https://example.org", {"utm_campaign": "Issue 12 & more"}, ["example.org"])
    assert tagged == "https://example.org/?utm_campaign=Issue%2012%20%26%20more"


def test_campaign_pattern_and_defaults() -> None:
    issue = make_issue(make_articles(2), name="2026-12", number=12)
    assert campaign_name("{name}", issue) == "2026-12"
    assert campaign_name("newsletter-{year}-{month}-no{number}", issue) == "newsletter-2026-12-no12"
    assert utm_params(Utm(), issue) == PARAMS
    assert utm_params(Utm(enabled=False), issue) == {}
    assert utm_params(None, issue) == {}
    assert utm_domains(Utm(), "https://www.example.org/") == ("example.org",)
    assert utm_domains(Utm(domains=("a.test",)), "https://example.org") == ("a.test",)


def test_render_tags_item_brand_and_signup_links_in_html_and_text() -> None:
    articles = make_articles(4)
    issue = make_issue(articles)
    brand = make_brand(utm=Utm(campaign="december-{year}"))
    rendered = render_issue(issue, articles, brand, make_profile())
    hrefs = [h.replace("&amp;", "&") for h in HREF.findall(rendered.html)]
    own = [h for h in hrefs if urlsplit(h).hostname == "example.org"]
    assert own, hrefs
    for href in own:
        query = dict(parse_qsl(urlsplit(href).query))
        assert query == {
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": "december-2026",
        }, href
    assert "*|UNSUB|*" in hrefs and "*|ARCHIVE|*" in hrefs
    assert "https://www.linkedin.com/company/example" in hrefs
    text_own = {u for u in re.findall(r"https?://\S+", rendered.text) if "example.org/" in u}
    assert len(text_own) == 4 + 1  # every item and the sign-up link, tagged as in the HTML
    assert text_own <= set(own)
    assert not any(h.count("utm_source") > 1 for h in hrefs)


def test_render_without_utm_leaves_links_clean() -> None:
    articles = make_articles(3)
    rendered = render_issue(make_issue(articles), articles, make_brand(), make_profile())
    assert "utm_" not in rendered.html and "utm_" not in rendered.text


def _config(tmp_path: Path, utm: str) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(
        '[brand]\nname = "N"\nwebsite = "https://example.org"\n'
        'signup_url = "https://example.org/s/"\naddress = "Street 1, 0000 Oslo"\n\n' + utm,
        encoding="utf-8",
    )
    return path


def test_config_reads_utm_table(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        '[utm]\nsource = "monthly"\ncampaign = "nl-{number}"\n'
        'domains = ["https://www.example.org/", "events.example.org"]\n',
    )
    utm = load_config(path).brand.utm
    assert utm == Utm(
        source="monthly",
        medium="email",
        campaign="nl-{number}",
        domains=("www.example.org", "events.example.org"),
    )
    assert load_config(_config(tmp_path, "")).brand.utm is None


@pytest.mark.parametrize(
    ("table", "line", "words"),
    [
        ('[utm]\ncampaign = "{issue}"\n', 8, "unknown placeholder {issue}"),
        ("[utm]\nenabled = 1\n", 8, "true or false"),
        ('[utm]\n\ndomains = "example.org"\n', 9, "list of domain names"),
        ("[utm]\nsource = 3\n", 8, "must be a string"),
    ],
)
def test_config_errors_name_file_and_line(
    tmp_path: Path, table: str, line: int, words: str
) -> None:
    path = _config(tmp_path, table)
    with pytest.raises(InputError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)
