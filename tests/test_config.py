"""newsletter.toml loading: the sample is valid; mistakes name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.config import load_config, load_profile, profile_names
from newsletter.errors import InputError
from newsletter.tomlpos import key_lines

REPO = Path(__file__).resolve().parents[1]


def test_sample_config_loads() -> None:
    config = load_config(REPO / "newsletter.toml")
    assert config.brand.name == "Nordlys Health Cluster"
    assert config.brand.signup_url.startswith("https://")
    assert config.brand.primary_color == "#0b5394"
    assert config.profile == "mailchimp"
    assert [s.type for s in config.sources] == ["textdump"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsletter.toml"
    path.write_text(text, encoding="utf-8")
    return path


BRAND = """[brand]
name = "X"
website = "https://x.org"
signup_url = "https://x.org/s"
address = "Street 1"
"""


def test_bad_colour_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, BRAND + '\n[brand.colors]\nprimary = "blue"\n')
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.line == 8
    assert "hex colour" in str(info.value)
    assert str(path) in str(info.value)


def test_syntax_error_has_line(tmp_path: Path) -> None:
    path = _write(tmp_path, BRAND + 'lang = "en\n')
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.line == 6


def test_unknown_profile_lists_known(tmp_path: Path) -> None:
    path = _write(tmp_path, BRAND + '[email]\nprofile = "mailchump"\n')
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.line == 7
    assert "mailchimp" in info.value.hint


def test_missing_brand_field(tmp_path: Path) -> None:
    path = _write(tmp_path, '[brand]\nname = "X"\n')
    with pytest.raises(InputError, match="missing `address`"):
        load_config(path)


def test_non_http_source_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, BRAND + '[[sources]]\ntype = "feed"\nurl = "ftp://x.org/feed"\n')
    with pytest.raises(InputError, match="http") as info:
        load_config(path)
    assert info.value.line == 8


def test_every_profile_loads_with_required_tags() -> None:
    names = profile_names()
    assert {"mailchimp", "mailerlite", "brevo", "listmonk", "generic"} <= set(names)
    for name in names:
        profile = load_profile(name)
        assert profile.unsubscribe in profile.required
        assert profile.view_in_browser


def test_key_lines_arrays_of_tables() -> None:
    text = 'a = 1\n[[s]]\nt = "x"\n[[s.i]]\nk = 1\n[[s.i]]\nk = 2\n[[s]]\n[[s.i]]\nk = 3\n'
    lines = key_lines(text)
    assert lines[("s", 0, "i", 1, "k")] == 7
    assert lines[("s", 1, "i", 0, "k")] == 10
