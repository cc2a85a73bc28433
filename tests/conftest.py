"""Shared fixtures: the real seeds and a copy of the sample workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The real archive dumps beside the checkout (../shared/seeds). Missing is a failure."""
    assert SEEDS.is_dir(), f"the seed dumps are missing: expected them in {SEEDS}"
    return SEEDS


@pytest.fixture
def sample_workspace(tmp_path: Path) -> Path:
    """A private copy of the sample workspace (newsletter.toml, issues/, sample dumps)."""
    root = tmp_path / "workspace"
    root.mkdir()
    shutil.copy(REPO / "newsletter.toml", root / "newsletter.toml")
    shutil.copytree(REPO / "issues", root / "issues")
    shutil.copytree(REPO / "newsletter" / "sample", root / "newsletter" / "sample")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates")
    return root
