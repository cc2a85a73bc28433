"""The one module that writes files. Every write is atomic: temp file, fsync, rename."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

# What tempfile.mkstemp opens with (tempfile itself costs a one-shot command milliseconds).
_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_EXCLUSIVE |= getattr(os, "O_BINARY", 0)


def _create_temp(path: Path) -> tuple[int, str]:
    """A new file `.NAME.RANDOM.tmp` beside `path`, opened for writing, mode 0600."""
    for _ in range(100):
        tmp = os.path.join(path.parent, f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, _EXCLUSIVE, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; an interruption leaves the old file whole."""
    tmp = _write_temp(path, data)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_text(path: Path, text: str) -> None:
    """Replace `path` with UTF-8 `text` atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_many(files: Mapping[Path, str | bytes]) -> None:
    """Write several files as one step: all temp files first, then the renames.

    If any temp write fails, nothing is renamed and no target is touched.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            staged.append((_write_temp(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    for directory in {path.parent for _, path in staged}:
        _fsync_dir(directory)


def remove(path: Path) -> None:
    """Delete a file if it exists (journal clean-up and the like)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
