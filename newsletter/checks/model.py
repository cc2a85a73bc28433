"""What a preflight check reports: findings with a severity, what they concern and a fix."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from newsletter.models import Article, Brand, Issue, Profile, Rendered

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Composed(Protocol):
    """What the checks read: a compose.Composition or anything shaped like it."""

    @property
    def issue(self) -> Issue: ...
    @property
    def articles(self) -> Mapping[str, Article]: ...
    @property
    def brand(self) -> Brand: ...
    @property
    def profile(self) -> Profile: ...
    @property
    def rendered(self) -> Rendered: ...


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or fact) found before sending.

    `error` blocks sending (compose exits 1), `warning` should be looked at, `info` is a
    figure worth knowing. `section` is a section title, `item` an article id.
    """

    severity: Severity
    code: str
    message: str
    hint: str = ""
    section: str | None = None
    item: str | None = None

    @property
    def where(self) -> str:
        """`section 'X', item 'y'` (or '' for the whole email)."""
        parts = []
        if self.section is not None:
            parts.append(f"section {self.section!r}")
        if self.item is not None:
            parts.append(f"item {self.item!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        text = f"{self.severity} [{self.code}] {where}{self.message}"
        return f"{text}\n  {self.hint}" if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "section": self.section,
            "item": self.item,
        }


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; the rules' order kept within each."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))
