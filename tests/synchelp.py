"""Helpers for the sync tests: fast network options and a snapshot of the archive."""

from __future__ import annotations

from typing import Any

from newsletter.archive import Archive
from newsletter.net import NetOptions, RetryPolicy
from newsletter.serialize import article_to_dict
from newsletter.sync import SyncEvent, SyncSource

SCALE = 0.001  # backoff waits shrunk a thousandfold: the code still awaits them


def fast_options(timeout: float = 10.0, attempts: int = 4) -> NetOptions:
    """Real retries and timeouts, with backoff waits scaled down so tests take milliseconds."""
    return NetOptions(timeout=timeout, retry=RetryPolicy(attempts=attempts, scale=SCALE))


def snapshot(archive: Archive, sources: list[SyncSource]) -> dict[str, Any]:
    """Everything a sync may change: every article in full, and the sources' sync state."""
    articles = archive.get_many(archive.ids())
    return {
        "articles": {key: article_to_dict(a) for key, a in sorted(articles.items())},
        "state": {s.state_key: archive.get_state(s.state_key) for s in sources},
    }


class Events:
    """A progress callback that keeps every event."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []

    def __call__(self, event: SyncEvent) -> None:
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]
