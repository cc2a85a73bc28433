"""Run the benchmarks in bench/ and print one table of figures, each beside its goal.

`python -m bench` (or `make bench`) runs every bench/*.py module with a main(); `python -m
bench render compose` runs only those. Each main() prints its own details and returns rows:
dicts with name, value, unit, goal, met (True/False; None when skipped, with a `note`) and
any details. The rows, with the machine they ran on, go to bench/results/LATEST.json.
A script that fails is reported in the table and the run goes on; the exit code is 1 then.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsletter import writer  # noqa: E402

RESULTS = HERE / "results" / "LATEST.json"
# Run first what is quick and what the others do not disturb; sync and app last.
ORDER = ("render", "compose", "search", "importer", "sync", "app")


def scripts(only: list[str]) -> list[str]:
    """The benchmark modules to run: all of bench/*.py (not _private ones), or `only`."""
    names = [p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_")]
    names.sort(key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
    unknown = sorted(set(only) - set(names))
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}")
    return [name for name in names if not only or name in only]


def run(name: str) -> list[dict[str, Any]]:
    """One script's rows; a failure becomes a row saying so (the traceback goes to stderr)."""
    try:
        module = importlib.import_module(f"bench.{name}")
        main = getattr(module, "main", None)
        if main is None:
            return []
        started = time.perf_counter()
        rows: list[dict[str, Any]] = list(main() or [])
        for row in rows:
            row.setdefault("script", name)
            row.setdefault("seconds", round(time.perf_counter() - started, 1))
        return rows
    except Exception as error:  # a broken benchmark must not hide the others' figures
        traceback.print_exc()
        return [
            {"script": name, "name": f"{name}: failed", "value": None, "unit": "",
             "goal": "", "met": False, "note": f"{type(error).__name__}: {error}"}
        ]  # fmt: skip


def verdict(row: dict[str, Any]) -> str:
    if row.get("met") is None:
        return "skipped"
    return "met" if row["met"] else "NOT MET"


def table(rows: list[dict[str, Any]]) -> str:
    """The summary: one line per figure, value beside goal, and whether it is met."""
    width = max([len("benchmark"), *(len(str(row["name"])) for row in rows)])
    lines = [f"{'benchmark':{width}s}  {'value':>10s}  {'goal':>10s}  result"]
    lines.append("-" * len(lines[0]) + "-" * 8)
    for row in rows:
        value = "-" if row.get("value") is None else f"{row['value']}{row.get('unit', '')}"
        lines.append(f"{row['name']:{width}s}  {value:>10s}  {row['goal']:>10s}  {verdict(row)}")
        if row.get("note"):
            lines.append(f"{'':{width}s}  {'':>10s}  {'':>10s}  ({row['note']})")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on (ratios travel; absolute times do not)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load] if load else None,
        "bench_reps": os.environ.get("BENCH_REPS"),
    }


def main(argv: list[str]) -> int:
    names = scripts(argv)
    rows: list[dict[str, Any]] = []
    for name in names:
        print(f"== {name}", flush=True)
        rows += run(name)
        print(flush=True)
    print(table(rows))
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scripts": names,
        "machine": machine(),
        "results": rows,
    }
    writer.write_text(RESULTS, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    shown = RESULTS.relative_to(ROOT) if RESULTS.is_relative_to(ROOT) else RESULTS
    print(f"\nwritten to {shown}")
    return 1 if any(row["name"].endswith(": failed") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
