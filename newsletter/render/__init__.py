"""The one render path: render_issue(issue, articles, brand, profile) -> Rendered."""

from newsletter.render.pipeline import GMAIL_CLIP_BYTES, render_issue
from newsletter.render.templates import Templates
from newsletter.render.urls import safe_url

__all__ = ["GMAIL_CLIP_BYTES", "Templates", "render_issue", "safe_url"]
