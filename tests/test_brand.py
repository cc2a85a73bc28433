"""Brand settings in newsletter.toml: validated with file:line errors, used by every template."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_articles, make_issue, make_profile
from selectolax.lexbor import LexborHTMLParser

from newsletter.config import font_stack, load_config
from newsletter.errors import InputError
from newsletter.flow import render_welcome
from newsletter.render import render_issue
from newsletter.signup import SignupSettings

BRAND = """[brand]
name = "Fjord Bio"
website = "https://fjord.example"
signup_url = "https://fjord.example/join/"
address = "Fjord Bio, Kaia 2, 5003 Bergen"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fonts", "stack"),
    [
        ("Georgia", "Georgia, 'Times New Roman', serif"),
        ("Open Sans", "'Open Sans', Helvetica, Arial, sans-serif"),
        ("'Open Sans', Arial", "'Open Sans', Arial, Helvetica, sans-serif"),
        ("Helvetica, Arial, sans-serif", "Helvetica, Arial, sans-serif"),
        ("Courier New", "'Courier New', monospace"),
        ('"Merriweather", Georgia', "\"Merriweather\", Georgia, 'Times New Roman', serif"),
        ("Inter, system-ui", "Inter, system-ui"),
    ],
)
def test_font_lists_get_a_web_safe_fallback(fonts: str, stack: str) -> None:
    assert font_stack(fonts) == stack


def test_fonts_lang_and_social_reach_the_email(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        BRAND
        + 'lang = "nb"\n\n[brand.fonts]\nbody = "Merriweather"\n\n[brand.social]\n'
        + 'linkedin = "https://www.linkedin.com/company/fjord"\n'
        + 'x = "https://x.com/fjordbio"\nmastodon = "https://mastodon.example/@fjord"\n',
    )
    brand = load_config(path).brand
    assert brand.font_family == "Merriweather, Georgia, 'Times New Roman', serif"
    articles = make_articles(3)
    rendered = render_issue(make_issue(articles), articles, brand, make_profile())
    tree = LexborHTMLParser(rendered.html)
    assert tree.css_first("html").attributes["lang"] == "nb"
    fonts = {
        node.attributes["style"].split("font-family:")[1].split(";")[0]
        for node in tree.css("[style*=font-family]")
    }
    assert fonts == {"Merriweather, Georgia, 'Times New Roman', serif"}
    footer_links = [(a.text(), a.attributes["href"]) for a in tree.css(".nl-footer a")]
    assert footer_links[:3] == [
        ("LinkedIn", "https://www.linkedin.com/company/fjord"),
        ("X", "https://x.com/fjordbio"),
        ("Mastodon", "https://mastodon.example/@fjord"),
    ]
    assert "LinkedIn\nhttps://www.linkedin.com/company/fjord" in rendered.text
    signup = SignupSettings(description="News.")
    welcome = render_welcome(brand, make_profile(), signup, None, {})
    assert '<html lang="nb"' in welcome.rendered.html
    assert "Mastodon" in welcome.rendered.html and "Merriweather" in welcome.rendered.html


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ('lang = "English"\n', 6, "`brand.lang` 'English' is not a language tag"),
        ('\n[brand.fonts]\nbody = "Arial; color: red"\n', 8, "must be a CSS font list"),
        ('\n[brand.fonts]\nbody = "</style>"\n', 8, "must be a CSS font list"),
        ('\n[brand.fonts]\nheading = "Georgia"\n', 8, "unknown key `brand.fonts.heading`"),
        ('social = "https://x.com/a"\n', 6, "`brand.social` must be a table"),
        ('colors = "blue"\n', 6, "`brand.colors` must be a table"),
        ('fonts = ["Arial"]\n', 6, "`brand.fonts` must be a table"),
        ('\n[brand.social]\nlinkedin = "javascript:alert(1)"\n', 8, "must be an http(s) URL"),
        ('logo_url = "http://fjord.example/logo.png"\n', 6, "absolute https URL"),
    ],
)
def test_brand_mistakes_name_file_and_line(
    tmp_path: Path, extra: str, line: int, words: str
) -> None:
    path = write(tmp_path, BRAND + extra)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_the_sample_brand_still_loads() -> None:
    config = load_config(Path(__file__).resolve().parents[1] / "newsletter.toml")
    assert config.brand.font_family == "Helvetica, Arial, sans-serif"
    assert config.brand.lang == "en"
