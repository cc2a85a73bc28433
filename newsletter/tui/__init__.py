"""The Textual composer app. Textual is imported only under this package.

`make_app` is the one factory: the CLI and the tests both build the app with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsletter.tui.app import NewsletterApp
    from newsletter.workspace import Workspace


def make_app(
    workspace: Workspace,
    issue_path: Path | None,
    *,
    open_url: Callable[[str], Any] | None = None,
    today: Callable[[], date] | None = None,
) -> NewsletterApp:
    """The app for `workspace`, opening `issue_path` (None: the newest issue, or offer a new one).

    `open_url` replaces the system browser and `today` the clock (tests use both).
    """
    import gc

    # Importing Textual and the app creates a few hundred thousand objects that live as long
    # as the process; the cyclic collector would walk them again and again while the first
    # screen is built (tens of ms). Import without collections, then move what the imports
    # made out of the collector's sight (gc.freeze); everything after is collected as usual.
    gc.disable()
    try:
        from newsletter.tui.app import NewsletterApp
    finally:
        gc.freeze()
        gc.enable()
    options: dict[str, Any] = {}
    if open_url is not None:
        options["open_url"] = open_url
    if today is not None:
        options["today"] = today
    return NewsletterApp(workspace, issue_path, **options)
