"""Run every benchmark script in bench/ (each module's main()) and print a summary table.

Each main() prints its own details and returns rows: dicts with name, value, unit, goal, met.
`python -m bench render` runs only the named scripts.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def scripts(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    unknown = sorted(set(only) - set(names))
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}")
    return [n for n in names if not only or n in only]


def main(argv: list[str]) -> int:
    rows: list[dict[str, Any]] = []
    for name in scripts(argv):
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "main", None)
        if run is None:
            continue
        print(f"== {name}")
        rows += run() or []
        print()
    print(f"{'benchmark':52s} {'value':>10s}  {'goal':>10s}  result")
    for row in rows:
        value = f"{row['value']}{row.get('unit', '')}"
        result = "met" if row["met"] else "NOT MET"
        print(f"{row['name']:52s} {value:>10s}  {row['goal']:>10s}  {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
