"""A workspace folder: newsletter.toml, templates/, issues/, and the archive cache."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from newsletter.config import CONFIG_NAME, Config, load_config
from newsletter.errors import InputError


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Workspace:
        """The workspace containing `start` (default: the current folder)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder)
        raise InputError(
            f"no {CONFIG_NAME} here or in any parent folder",
            path=here,
            hint="Run inside a workspace, or create one with `newsletter init FOLDER`.",
        )

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @cached_property
    def config(self) -> Config:
        return load_config(self.config_path)

    @property
    def issues_dir(self) -> Path:
        return self.root / "issues"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def state_dir(self) -> Path:
        """Git-ignored local state: the archive cache, journals."""
        return self.root / ".newsletter"

    @property
    def archive_path(self) -> Path:
        return self.root / self.config.archive_path

    def issue_paths(self) -> list[Path]:
        """Issue files, oldest first by name (names sort by date: 2026-12.toml)."""
        if not self.issues_dir.is_dir():
            return []
        return sorted(self.issues_dir.glob("*.toml"))

    def newest_issue(self) -> Path | None:
        paths = self.issue_paths()
        return paths[-1] if paths else None

    def textdump_files(self) -> list[Path]:
        """The local text-dump files the config lists as sources."""
        files: list[Path] = []
        for source in self.config.sources:
            if source.type == "textdump":
                files += sorted(self.root.glob(source.location))
        return files
