"""Timing shared by the benchmarks: time.perf_counter samples, interleaved, medians.

The machine is shared, so a sample during which the scheduler took the CPU away from us
(an involuntary context switch, counted by getrusage) measures the neighbours, not the code:
such samples are taken again, up to a limit, so medians compare the code's own time.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

REPS = int(os.environ.get("BENCH_REPS", "60"))


def _switches() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_nivcsw


def timed(run: Callable[[], Any], retries: int = 20) -> float:
    """Seconds one call of `run` takes; a call the scheduler interrupted is made again."""
    for _ in range(retries):
        before = _switches()
        start = time.perf_counter()
        run()
        elapsed = time.perf_counter() - start
        if _switches() == before:
            return elapsed
    return elapsed


def samples(runs: dict[str, Callable[[], Any]], reps: int = REPS) -> dict[str, list[float]]:
    """`reps` timings of each function, taken in turn (after one warm-up call each)."""
    for run in runs.values():
        run()
    taken: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(reps):
        for name, run in runs.items():
            taken[name].append(timed(run))
    return taken


def medians(runs: dict[str, Callable[[], Any]], reps: int = REPS) -> dict[str, float]:
    """Median seconds per call of each function, interleaved so drift hits all alike."""
    return {name: statistics.median(values) for name, values in samples(runs, reps).items()}


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]
