"""bench/app.py runs at a tiny size and returns well-formed rows (no timing checks here)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def test_app_benchmark_smoke(tmp_path: Path) -> None:
    app_bench = importlib.import_module("bench.app")
    rows = app_bench.main(size=60, paint_runs=1, search_rounds=1, archive_folder=tmp_path)
    assert [row["unit"] for row in rows] == ["x", " ms"]
    paint, search = rows
    assert paint["value"] > 0 and set(paint["detail_ms"]) == {
        "empty",
        "app_paint",
        "app_list",
        "app_preview",
    }
    assert paint["detail_ms"]["app_paint"] <= paint["detail_ms"]["app_preview"]
    assert search["keystrokes"] == len(importlib.import_module("bench.search").keystrokes())
    assert search["met"] in (True, False)
    json.dumps(rows)
