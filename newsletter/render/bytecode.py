"""Compiled package templates kept between processes, so `compose` skips Jinja's compiler.

Compiling the default templates costs a one-shot command like `newsletter compose` more than
rendering them (tens of milliseconds). Jinja can keep the compiled code; we keep it for the
package's own templates only (a workspace's overrides are few and change often), in the
user's cache folder (NEWSLETTER_CACHE_DIR overrides it; set it empty to keep nothing).
Each entry is checked against its template's source and the Python version, and written
atomically through newsletter.writer. Reading or writing failures only cost the time.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import jinja2

from newsletter import writer

ENV_VAR = "NEWSLETTER_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where compiled templates go: $NEWSLETTER_CACHE_DIR, else the user cache; None: off."""
    configured = os.environ.get(ENV_VAR)
    if configured is not None:
        return Path(configured) / "templates" if configured.strip() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsletter")) / "templates"


class PackageBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode of the templates found under `package_root`, as files in `folder`."""

    def __init__(self, folder: Path, package_root: Path) -> None:
        self.folder = folder
        self.package_root = str(package_root) + os.sep
        self._keys: set[str] = set()  # the cache keys of package templates seen so far

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = super().get_cache_key(name, filename)
        if filename is not None and filename.startswith(self.package_root):
            self._keys.add(key)
        return key

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path | None:
        return self.folder / f"{bucket.key}.cache" if bucket.key in self._keys else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        if path is None:
            return
        try:
            with path.open("rb") as handle:
                bucket.load_bytecode(handle)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        if path is None:
            return
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        with contextlib.suppress(OSError):  # a read-only cache folder: compile next time too
            writer.write_bytes(path, buffer.getvalue())


def package_bytecode_cache(package_root: object) -> PackageBytecodeCache | None:
    """The cache for templates under `package_root` (a folder), or None when off or zipped."""
    folder = cache_dir()
    if folder is None or not isinstance(package_root, Path):
        return None
    return PackageBytecodeCache(folder, package_root)
