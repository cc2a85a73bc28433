"""The workspace settings file, newsletter.toml: brand, email-tool profile, sources."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from newsletter import package_files
from newsletter.errors import InputError
from newsletter.models import DEFAULT_FONT, Brand, Profile, Utm
from newsletter.tomlpos import key_lines, line_of
from newsletter.utm import check_pattern

CONFIG_NAME = "newsletter.toml"
SOURCE_TYPES = ("textdump", "wordpress", "feed")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_FONT_LIST = re.compile(r"^[\w '\",.-]*\w[\w '\",.-]*$")
GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
     "ui-sans-serif", "ui-monospace", "ui-rounded"}
)  # fmt: skip
_SERIF_FACES = frozenset(
    {"georgia", "times", "times new roman", "garamond", "palatino", "palatino linotype",
     "book antiqua", "baskerville", "cambria", "merriweather", "lora", "playfair display",
     "pt serif", "source serif pro", "libre baskerville", "noto serif", "roboto slab"}
)  # fmt: skip
_MONO_FACES = frozenset(
    {"courier", "courier new", "consolas", "menlo", "monaco", "lucida console",
     "source code pro", "roboto mono", "fira mono", "ibm plex mono"}
)  # fmt: skip
FONT_FALLBACKS = {
    "sans": ("Helvetica", "Arial", "sans-serif"),
    "serif": ("Georgia", "'Times New Roman'", "serif"),
    "mono": ("'Courier New'", "monospace"),
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where the archive's articles come from: a glob of text dumps or a site URL."""

    type: str
    location: str


@dataclass(frozen=True, slots=True)
class Config:
    brand: Brand
    profile: str = "generic"
    archive_path: str = ".newsletter/archive.sqlite"
    sources: tuple[Source, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; a syntax error becomes an InputError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=path, hint="Save the file as UTF-8.") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputError(
            f"TOML syntax error: {message}",
            path=path,
            line=line,
            hint="Check quotes, brackets and `key = value` pairs on that line.",
        ) from None


def _str(
    data: dict[str, Any],
    key: str,
    where: tuple[str | int, ...],
    ctx: _Ctx,
    default: str | None = None,
) -> str:
    value = data.get(key, default)
    if value is None:
        raise ctx.error(f"missing `{key}`", where, hint=f'Add `{key} = "..."`.')
    if not isinstance(value, str):
        raise ctx.error(f"`{key}` must be a string", (*where, key))
    return value


@dataclass
class _Ctx:
    path: Path
    lines: dict[tuple[str | int, ...], int]

    def error(self, message: str, where: tuple[str | int, ...], hint: str = "") -> InputError:
        return InputError(message, path=self.path, line=line_of(self.lines, where), hint=hint)


def load_config(path: Path) -> Config:
    """Read and validate newsletter.toml."""
    data, text = read_toml(path)
    ctx = _Ctx(path, key_lines(text))
    brand_data = data.get("brand")
    if not isinstance(brand_data, dict):
        raise ctx.error(
            "missing [brand] table",
            (),
            hint="Add a [brand] table with name, website, signup_url and address.",
        )
    brand = _load_brand(brand_data, ctx)
    if "utm" in data:
        brand = replace(brand, utm=_load_utm(data["utm"], ctx))
    email = data.get("email", {})
    profile = email.get("profile", "generic") if isinstance(email, dict) else "generic"
    if profile not in profile_names():
        raise ctx.error(
            f"unknown email-tool profile {profile!r}",
            ("email", "profile"),
            hint=f"Use one of: {', '.join(profile_names())}.",
        )
    archive = data.get("archive", {})
    archive_path = archive.get("path", ".newsletter/archive.sqlite")
    sources = []
    for index, raw in enumerate(data.get("sources", [])):
        kind = raw.get("type")
        if kind not in SOURCE_TYPES:
            raise ctx.error(
                f"source type must be one of {', '.join(SOURCE_TYPES)}", ("sources", index, "type")
            )
        location = raw.get("path") if kind == "textdump" else raw.get("url")
        if not isinstance(location, str) or not location:
            needed = "path" if kind == "textdump" else "url"
            raise ctx.error(f"{kind} source needs `{needed}`", ("sources", index))
        if kind != "textdump" and not location.startswith(("http://", "https://")):
            raise ctx.error(
                "source url must start with http:// or https://", ("sources", index, "url")
            )
        sources.append(Source(kind, location))
    extra = {k: v for k, v in data.items() if k not in {"brand", "email", "archive", "sources"}}
    return Config(brand, profile, archive_path, tuple(sources), extra)


def _load_brand(data: dict[str, Any], ctx: _Ctx) -> Brand:
    where: tuple[str | int, ...] = ("brand",)
    url_keys = ("website", "signup_url")
    values = {key: _str(data, key, where, ctx) for key in ("name", "address", *url_keys)}
    for key in url_keys:
        if not values[key].startswith(("https://", "http://")):
            raise ctx.error(f"`brand.{key}` must be an absolute http(s) URL", ("brand", key))
    logo = data.get("logo_url")
    if logo is not None and (not isinstance(logo, str) or not logo.startswith("https://")):
        raise ctx.error("`brand.logo_url` must be an absolute https URL", ("brand", "logo_url"))
    colors = _table(data, "colors", ctx)
    color_values: dict[str, Any] = {}
    for key in ("primary", "text", "background", "accent"):
        if key in colors:
            value = colors[key]
            if not isinstance(value, str) or not _COLOR.match(value):
                raise ctx.error(
                    f'`brand.colors.{key}` must be a hex colour like "#0b5394"',
                    ("brand", "colors", key),
                )
            color_values[f"{key}_color"] = value
    font = _load_font(_table(data, "fonts", ctx), ctx)
    social = _table(data, "social", ctx)
    for key, url in social.items():
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ctx.error(
                f"`brand.social.{key}` must be an http(s) URL", ("brand", "social", key)
            )
    lang = _str(data, "lang", where, ctx, "en")
    if not LANG_TAG.match(lang):
        raise ctx.error(
            f"`brand.lang` {lang!r} is not a language tag",
            ("brand", "lang"),
            hint='Use a tag like "en", "nb" or "en-GB" (it becomes the emails\' lang attribute).',
        )
    return Brand(
        name=values["name"],
        website=values["website"],
        signup_url=values["signup_url"],
        address=values["address"],
        logo_url=logo,
        font_family=font,
        lang=lang,
        tagline=_str(data, "tagline", where, ctx, ""),
        social=tuple(social.items()),
        **color_values,
    )


def _table(data: dict[str, Any], key: str, ctx: _Ctx) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ctx.error(
            f"`brand.{key}` must be a table",
            ("brand", key),
            hint=f"Write it as a [brand.{key}] table of `name = value` lines.",
        )
    return value


def font_stack(fonts: str) -> str:
    """`fonts` with a web-safe fallback appended when it ends without a generic family.

    Serif and monospace faces get a fallback of their kind; anything else gets sans-serif.
    """
    families = [" ".join(f.split()) for f in fonts.split(",") if f.strip()]
    families = [f"'{f}'" if " " in f and f[0] not in "'\"" else f for f in families]
    names = [f.strip("'\"").lower() for f in families]
    if not families or names[-1] in GENERIC_FAMILIES:
        return ", ".join(families) or DEFAULT_FONT
    kind = "serif" if names[0] in _SERIF_FACES else "mono" if names[0] in _MONO_FACES else "sans"
    fallback = [f for f in FONT_FALLBACKS[kind] if f.strip("'").lower() not in names]
    return ", ".join(families + fallback)


def _load_font(fonts: dict[str, Any], ctx: _Ctx) -> str:
    """[brand.fonts] body: a CSS font list, with a web-safe fallback appended when missing."""
    unknown = sorted(set(fonts) - {"body"})
    if unknown:
        raise ctx.error(
            f"unknown key `brand.fonts.{unknown[0]}`",
            ("brand", "fonts", unknown[0]),
            hint='The emails use one font list: body = "Georgia, serif".',
        )
    body = fonts.get("body", DEFAULT_FONT)
    if not isinstance(body, str) or not _FONT_LIST.match(body):
        raise ctx.error(
            "`brand.fonts.body` must be a CSS font list",
            ("brand", "fonts", "body"),
            hint='Font names separated by commas, like "Open Sans, Arial, sans-serif".',
        )
    return font_stack(body)


def _load_utm(data: Any, ctx: _Ctx) -> Utm:
    """The [utm] table: enabled, source, medium, campaign (a pattern), domains."""
    if not isinstance(data, dict):
        raise ctx.error("`utm` must be a table", ("utm",), hint="Write it as a [utm] table.")
    where: tuple[str | int, ...] = ("utm",)
    defaults = Utm()
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ctx.error("`utm.enabled` must be true or false", ("utm", "enabled"))
    values = {
        key: _str(data, key, where, ctx, getattr(defaults, key))
        for key in ("source", "medium", "campaign")
    }
    problem = check_pattern(values["campaign"])
    if problem:
        raise ctx.error(f"`utm.campaign`: {problem}", ("utm", "campaign"))
    domains = data.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
        raise ctx.error(
            "`utm.domains` must be a list of domain names",
            ("utm", "domains"),
            hint='For example: domains = ["example.org", "events.example.org"]',
        )
    hosts = tuple(re.sub(r"^[a-z]+://", "", d.strip().lower()).split("/")[0] for d in domains)
    return Utm(enabled=enabled, domains=hosts, **values)


def _profile_dirs() -> list[Any]:
    return [package_files() / "profiles"]


def profile_names() -> list[str]:
    """Names of the email-tool profiles the package ships."""
    return list(_profile_names())


@cache
def _profile_names() -> tuple[str, ...]:
    names = []
    for directory in _profile_dirs():
        names += [p.name[:-5] for p in directory.iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(names))


def load_profile(name: str) -> Profile:
    """Load an email-tool profile by name (a data file in newsletter/profiles/)."""
    for directory in _profile_dirs():
        candidate = directory / f"{name}.toml"
        if candidate.is_file():
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            tags = data.get("tags", {})
            return Profile(
                name=name,
                label=data.get("label", name),
                unsubscribe=tags["unsubscribe"],
                view_in_browser=tags["view_in_browser"],
                first_name=tags.get("first_name", ""),
                confirm=tags.get("confirm", ""),
                preheader_tag=tags.get("preheader", ""),
                required=tuple(data.get("required", [tags["unsubscribe"]])),
                link_rewrite_bytes=int(data.get("link_rewrite_bytes", 0)),
            )
    raise InputError(
        f"unknown email-tool profile {name!r}", hint=f"Use one of: {', '.join(profile_names())}."
    )
