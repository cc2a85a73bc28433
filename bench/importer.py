"""Text-dump import throughput: 10,000 generated posts in 1,000 dump files, posts per second.

What `newsletter archive import FILE...` does, in process: parse every file (the text-dump
rules) and upsert all posts into a fresh archive in one transaction (SQLite + FTS5). The
posts come from bench/_corpus.py (about 550 words each) and are checked to parse back to
exactly the titles written. Parsing alone is timed too, to show where the time goes.
Goal (ours, the issue sets none): a large archive of 10,000 posts imports in under 10 s,
i.e. at least 1,000 posts per second.
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

from bench._corpus import dump_files  # noqa: E402
from newsletter import writer  # noqa: E402
from newsletter.archive import Archive  # noqa: E402
from newsletter.library import import_dumps, read_dumps  # noqa: E402

GOAL = 1_000  # posts per second
POSTS = 10_000
PER_FILE = 10
REPS = int(os.environ.get("BENCH_IMPORT_REPS", "3"))


def write_dumps(folder: Path, posts: int, per_file: int) -> tuple[list[Path], list[str]]:
    """The generated dump files in `folder`, and every title in order."""
    files = dump_files(posts, per_file)
    contents = {folder / f"dump-{n:05d}.txt": text for n, (_, text) in enumerate(files)}
    writer.write_many(contents)
    return list(contents), [title for titles, _ in files for title in titles]


def main(posts: int = POSTS, per_file: int = PER_FILE, reps: int = REPS) -> list[dict[str, Any]]:
    timings: dict[str, list[float]] = {"parse": [], "import": []}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        paths, titles = write_dumps(Path(tmp), posts, per_file)
        parsed = read_dumps(paths)
        assert parsed.ok and [a.title for a in parsed.articles] == titles, "dumps must parse back"
        for rep in range(reps):
            start = time.perf_counter()
            read_dumps(paths)
            timings["parse"].append(time.perf_counter() - start)
            with Archive.open(Path(tmp) / f"archive-{rep}.sqlite") as archive:
                start = time.perf_counter()
                report = import_dumps(archive, paths)
                timings["import"].append(time.perf_counter() - start)
                assert report.ok and report.new == posts == archive.count(), report
    parse, full = (statistics.median(timings[name]) for name in ("parse", "import"))
    rate = posts / full
    print(f"{posts:,d} posts in {len(paths):,d} dump files ({reps} reps, medians)")
    print(f"  parse only                 {parse:8.2f} s   {posts / parse:9,.0f} posts/s")
    print(f"  parse + store (import)     {full:8.2f} s   {rate:9,.0f} posts/s")
    verdict = "met" if rate >= GOAL else "NOT MET"
    print(f"  goal                       >= {GOAL:,d} posts/s  {verdict}")
    return [
        {
            "name": f"text-dump import, {posts:,d} posts",
            "value": round(rate),
            "unit": " posts/s",
            "goal": f">= {GOAL:,d}/s",
            "met": rate >= GOAL,
            "detail_s": {"parse": round(parse, 3), "import": round(full, 3)},
        }
    ]


if __name__ == "__main__":
    main()
