"""Contrast: the brand colours against WCAG 2 AA (4.5:1 for body-size text) for body text,
links, section titles and buttons. Below 3:1 (not even AA for large text) is an error."""

from __future__ import annotations

from newsletter.checks.document import Document
from newsletter.checks.model import Composed, Finding, Severity

AA_TEXT = 4.5
AA_LARGE = 3.0
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance of a #rgb or #rrggbb colour."""
    hex_digits = color.strip().lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    r, g, b = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21."""
    a, b = luminance(foreground), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def check_contrast(composed: Composed, doc: Document) -> list[Finding]:
    brand = composed.brand
    pairs = [
        ("body text", "text", brand.text_color, WHITE, "background #ffffff"),
        ("sign-up text", "text", brand.text_color, brand.accent_color, "accent colour"),
        (
            "headline links and section titles",
            "primary",
            brand.primary_color,
            WHITE,
            "background #ffffff",
        ),
        ("button text", "primary", WHITE, brand.primary_color, "primary colour"),
    ]
    findings = []
    for what, key, foreground, background, against in pairs:
        try:
            ratio = contrast_ratio(foreground, background)
        except ValueError:
            continue  # not a hex colour; config validation reports it
        if ratio >= AA_TEXT:
            continue
        severity: Severity = "error" if ratio < AA_LARGE else "warning"
        findings.append(
            Finding(
                severity,
                "contrast.aa",
                f"{what}: {foreground} on {against} has contrast {ratio:.2f}:1; "
                f"WCAG AA asks {AA_TEXT}:1",
                f"Pick a {'darker' if key == 'text' else 'deeper'} "
                f"brand.colors.{key} in newsletter.toml.",
            )
        )
    return findings
