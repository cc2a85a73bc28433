"""Preflight checks: what would embarrass the sender, found before the email leaves."""

from newsletter.checks.contrast import contrast_ratio
from newsletter.checks.document import read_document
from newsletter.checks.model import SEVERITIES, Composed, Finding, Severity
from newsletter.checks.preflight import RULES, errors, run_preflight
from newsletter.checks.size import SizeReport, size_report

__all__ = [
    "RULES",
    "SEVERITIES",
    "Composed",
    "Finding",
    "Severity",
    "SizeReport",
    "contrast_ratio",
    "errors",
    "read_document",
    "run_preflight",
    "size_report",
]
