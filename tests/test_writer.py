"""The one writer: atomic replace, all-or-nothing batches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsletter import writer


def test_write_text_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.txt"
    writer.write_text(target, "first")
    writer.write_text(target, "second ✓")
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failed_batch_touches_nothing(tmp_path: Path) -> None:
    keep = tmp_path / "keep.html"
    keep.write_text("old", encoding="utf-8")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        writer.write_many({keep: "new", blocked / "x.txt": "y"})
    assert keep.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "keep.html"]


def test_permissions_kept(tmp_path: Path) -> None:
    target = tmp_path / "a.toml"
    target.write_text("x", encoding="utf-8")
    os.chmod(target, 0o600)
    writer.write_text(target, "y")
    assert target.stat().st_mode & 0o777 == 0o600
