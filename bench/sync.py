"""Sync 1,000 WordPress posts from the local test server with 50 ms added per request.

Reported as a ratio to the ideal pipelined time (goal <= 1.5x). The ideal: page 1 must
come back before the page count is known (one round trip, nothing to overlap it with);
after that every other page could be in flight at once while the posts already received
are parsed and stored, so the rest costs max(the work, one round trip). The work is
measured by the same sync with no added latency (HTTP, parsing, SQLite all included):

    ideal = latency + max(work, latency)

Each run syncs into a fresh archive; medians of interleaved runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsletter.archive import Archive  # noqa: E402
from newsletter.net import NetOptions  # noqa: E402
from newsletter.sources.wordpress import CONCURRENCY, PER_PAGE  # noqa: E402
from newsletter.sync import SyncReport, SyncSource, sync_sources  # noqa: E402
from tests.wpdata import generated_posts  # noqa: E402
from tests.wpserver import WPServer  # noqa: E402

GOAL = 1.5
POSTS = 1000
LATENCY = 0.050
REPS = int(os.environ.get("BENCH_REPS", "3"))


def one_sync(server: WPServer) -> tuple[float, SyncReport]:
    """Seconds for a first sync of the whole site into a fresh archive."""
    with tempfile.TemporaryDirectory() as folder, Archive.open(Path(folder) / "a.sqlite") as db:
        start = time.perf_counter()
        report = sync_sources(db, [SyncSource("wordpress", server.url)], options=NetOptions())
        elapsed = time.perf_counter() - start
        assert report.ok, report.errors
        assert db.count() == POSTS, db.count()
    return elapsed, report


def main() -> list[dict[str, Any]]:
    posts = generated_posts(POSTS)
    samples: dict[str, list[float]] = {"work": [], "latency": []}
    report: SyncReport | None = None
    with WPServer(posts) as plain, WPServer(posts, latency=LATENCY) as slow:
        one_sync(plain)  # warm-up: imports, parser, SQLite
        for _ in range(REPS):
            samples["work"].append(one_sync(plain)[0])
            elapsed, report = one_sync(slow)
            samples["latency"].append(elapsed)
    work = statistics.median(samples["work"])
    measured = statistics.median(samples["latency"])
    ideal = LATENCY + max(work, LATENCY)
    ratio = measured / ideal
    met = ratio <= GOAL
    assert report is not None
    source = report.sources[0]
    print(
        f"first sync of {POSTS} posts, {PER_PAGE} per page, {CONCURRENCY} pages at a time "
        f"({REPS} reps, medians)"
    )
    print(f"  pages / requests           {source.pages:8d} / {source.requests}")
    print(f"  no added latency (work)    {work * 1000:8.1f} ms")
    print(f"  {LATENCY * 1000:.0f} ms per request         {measured * 1000:8.1f} ms")
    print(f"  ideal pipelined            {ideal * 1000:8.1f} ms  = latency + max(work, latency)")
    print(f"  ratio                      {ratio:8.2f}x    goal <= {GOAL:.1f}x  ", end="")
    print("met" if met else "NOT MET")
    return [
        {
            "name": f"sync {POSTS} posts, {LATENCY * 1000:.0f} ms/request vs ideal pipelined",
            "value": round(ratio, 3),
            "unit": "x",
            "goal": f"<= {GOAL}x",
            "met": met,
            "detail_ms": {
                "work": round(work * 1000, 1),
                "measured": round(measured * 1000, 1),
                "ideal": round(ideal * 1000, 1),
            },
        }
    ]


if __name__ == "__main__":
    main()
