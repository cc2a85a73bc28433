"""Shared fixtures: the real seeds and a copy of the sample workspace."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.archive import Archive
from tests.wpserver import WPServer

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


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """An empty archive in a fresh SQLite file."""
    with Archive.open(tmp_path / "archive.sqlite") as opened:
        yield opened


@pytest.fixture
def server() -> Iterator[WPServer]:
    """The WordPress-shaped test server on 127.0.0.1 (a random free port)."""
    with WPServer() as running:
        yield running
