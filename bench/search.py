"""Search as you type: the archive search behind each keystroke, on 1k, 10k and 100k articles.

Synthetic archives of realistic posts (bench/_corpus.py: about 550 words each) are built
once and kept in the temp folder (rebuilt when the generator changes). Real words and
phrases are typed letter by letter; every prefix is one `Archive.search` (what the app runs
per keystroke). Per archive size: p50 and p95 of those latencies, and p95 as a share of a
16 ms frame (goal: p95 within one frame, at 100k too).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._corpus import Writer  # noqa: E402
from bench._timing import percentile, timed  # noqa: E402
from newsletter.archive import Archive  # noqa: E402

FRAME = 0.016
GOAL = 1.0  # p95 / frame
SIZES = (1_000, 10_000, 100_000)
CORPUS_VERSION = 1  # bump when bench/_corpus.py changes what it writes
TYPED = ("laboratory", "clinical trials", "immunotherapy", "Oslo investors", "precision oncology")
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
BATCH = 2_000


def cache_folder() -> Path:
    return Path(tempfile.gettempdir()) / "newsletter-bench"


def build_archive(size: int, folder: Path | None = None) -> tuple[Path, float | None]:
    """(the archive of `size` synthetic posts, seconds it took to build, None if it was kept)."""
    folder = folder or cache_folder()
    path = folder / f"archive-{size}-v{CORPUS_VERSION}.sqlite"
    if path.exists():
        return path, None
    folder.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(f".building-{os.getpid()}")
    started = time.perf_counter()
    writer = Writer(seed=size)
    with Archive.open(building) as archive:
        for start in range(0, size, BATCH):
            archive.upsert(writer.article(n) for n in range(start, min(start + BATCH, size)))
        assert archive.count() == size, archive.count()
    elapsed = time.perf_counter() - started
    for leftover in (Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(building, path)  # SQLite, not a document: the writer module is for documents
    return path, elapsed


def keystrokes(phrases: tuple[str, ...] = TYPED) -> list[str]:
    """What the search box holds after each key: "l", "la", "lab", ..."""
    return [phrase[:end] for phrase in phrases for end in range(1, len(phrase) + 1)]


def latencies(archive: Archive, rounds: int) -> list[float]:
    typed = keystrokes()
    for query in typed:  # warm the page cache like an app that has been open a while
        archive.search(query)
    return [timed(lambda q=query: archive.search(q)) for _ in range(rounds) for query in typed]


def main(
    sizes: tuple[int, ...] = SIZES, rounds: int = ROUNDS, folder: Path | None = None
) -> list[dict[str, Any]]:
    rows = []
    print(f"keystrokes typed: {', '.join(repr(p) for p in TYPED)} ({len(keystrokes())} in all)")
    for size in sizes:
        path, built = build_archive(size, folder)
        note = f"built in {built:.1f} s" if built is not None else "kept from an earlier run"
        with Archive.open(path) as archive:
            samples = latencies(archive, rounds)
        p50, p95 = percentile(samples, 0.50), percentile(samples, 0.95)
        ratio = p95 / FRAME
        print(
            f"  {size:>7,d} articles  p50 {p50 * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms  "
            f"p95/frame {ratio:5.2f}  goal <= {GOAL:.0f}  {'met' if ratio <= GOAL else 'NOT MET'}"
            f"  (archive {note}, {path.stat().st_size / 1e6:.0f} MB)"
        )
        rows.append(
            {
                "name": f"search keystroke p95 / 16 ms frame, {size:,d} articles",
                "value": round(ratio, 3),
                "unit": "",
                "goal": f"<= {GOAL:.0f} frame",
                "met": ratio <= GOAL,
                "detail_ms": {"p50": round(p50 * 1000, 3), "p95": round(p95 * 1000, 3)},
                "samples": len(samples),
                "build_seconds": None if built is None else round(built, 1),
            }
        )
    return rows


if __name__ == "__main__":
    main()
