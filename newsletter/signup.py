"""newsletter.toml [signup]: what the sign-up flow's emails say about the newsletter.

```toml
[signup]
description = "News from the cluster and its members: research, start-ups, events."
schedule = "once a month, in the first week of the month"
confirm_url = "https://example.org/newsletter/confirm"   # only for tools without a confirm tag
archive_url = "https://example.org/newsletter/archive/"  # where `newsletter site` is published
```
Every key is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsletter.config import Config, read_toml
from newsletter.errors import InputError
from newsletter.render.urls import WEB_SCHEMES, safe_url
from newsletter.tomlpos import key_lines, line_of

DEFAULT_SCHEDULE = "once a month"
DEFAULT_CONFIRM_SUBJECT = "Please confirm your subscription"
DEFAULT_WELCOME_SUBJECT = "Welcome to the {name} newsletter"
KEYS = (
    "description",
    "schedule",
    "confirm_url",
    "archive_url",
    "confirm_subject",
    "welcome_subject",
)
# A merge tag as email tools write them: *|TAG|*, {{ tag }}, {$tag}, [TAG], %%tag%%.
_MERGE_TAG = re.compile(r"^(\*\|[^\s|]+\|\*|\{\{[^{}]+\}\}|\{\$[^{}\s]+\}|\[[^\[\]\s]+\]|%%\S+%%)$")


def default_description(brand_name: str) -> str:
    return (
        f"Each issue brings the latest news from {brand_name} and its members: research, "
        "new companies, events and opportunities to take part."
    )


@dataclass(frozen=True)
class SignupSettings:
    """What the confirm and welcome emails promise, and where their links go."""

    description: str
    schedule: str = DEFAULT_SCHEDULE
    confirm_url: str | None = None
    archive_url: str | None = None
    confirm_subject: str = DEFAULT_CONFIRM_SUBJECT
    welcome_subject: str = DEFAULT_WELCOME_SUBJECT
    config_path: Path | None = None

    def subject(self, kind: str, brand_name: str) -> str:
        """The confirm or welcome subject, `{name}` replaced by the brand's name."""
        pattern = self.confirm_subject if kind == "confirm" else self.welcome_subject
        return pattern.replace("{name}", brand_name)


def _error(path: Path, where: tuple[str, ...], message: str, hint: str = "") -> InputError:
    try:
        _, text = read_toml(path)
        line = line_of(key_lines(text), where)
    except InputError:
        line = None
    return InputError(message, path=path, line=line, hint=hint)


def _text(data: dict[str, Any], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _error(path, ("signup", key), f"`signup.{key}` must be a non-empty string")
    return " ".join(value.split())


def load_signup(path: Path, config: Config) -> SignupSettings:
    """The [signup] settings of a loaded newsletter.toml (`path`, for error positions)."""
    data = config.extra.get("signup", {})
    if not isinstance(data, dict):
        raise _error(path, ("signup",), "`signup` must be a table", "Write it as a [signup] table.")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _error(
            path,
            ("signup", unknown[0]),
            f"unknown key `signup.{unknown[0]}`",
            hint=f"[signup] knows: {', '.join(KEYS)}.",
        )
    values = {key: _text(data, key, path) for key in KEYS}
    confirm = values["confirm_url"]
    if (
        confirm is not None
        and safe_url(confirm, WEB_SCHEMES) is None
        and not _MERGE_TAG.match(confirm)
    ):
        raise _error(
            path,
            ("signup", "confirm_url"),
            "`signup.confirm_url` must be an http(s) URL or your email tool's merge tag",
            hint='For example: confirm_url = "https://example.org/newsletter/confirm"',
        )
    archive = values["archive_url"]
    if archive is not None and safe_url(archive, WEB_SCHEMES) is None:
        raise _error(
            path,
            ("signup", "archive_url"),
            "`signup.archive_url` must be an absolute http(s) URL",
            hint="Where you publish the pages `newsletter site` builds.",
        )
    return SignupSettings(
        description=values["description"] or default_description(config.brand.name),
        schedule=values["schedule"] or DEFAULT_SCHEDULE,
        confirm_url=confirm,
        archive_url=archive,
        confirm_subject=values["confirm_subject"] or DEFAULT_CONFIRM_SUBJECT,
        welcome_subject=values["welcome_subject"] or DEFAULT_WELCOME_SUBJECT,
        config_path=path,
    )
