"""The core never imports Textual: only newsletter/tui/ may (the app is a thin shell)."""

from __future__ import annotations

import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import newsletter

PACKAGE = Path(newsletter.__file__).resolve().parent
TEXTUAL_IMPORT = re.compile(r"^\s*(?:from\s+textual\b|import\s+textual\b)", re.MULTILINE)


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages([str(PACKAGE)], prefix="newsletter.")
        if not info.name.startswith("newsletter.tui") and not info.name.endswith("__main__")
    ]
    return sorted(["newsletter", *names])


def loaded_after_importing(modules: list[str]) -> list[str]:
    """Top-level textual/newsletter modules loaded in a fresh interpreter after the imports."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'newsletter'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_every_core_module_imports_without_textual() -> None:
    modules = core_modules()
    assert {"newsletter.cli", "newsletter.archive", "newsletter.journal"} <= set(modules)
    loaded = loaded_after_importing(modules)
    assert "newsletter.cli" in loaded
    assert [m for m in loaded if m == "textual" or m.startswith("textual.")] == []
    assert [m for m in loaded if m.startswith("newsletter.tui")] == []


def test_no_core_source_mentions_a_textual_import() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts
        and TEXTUAL_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_checks_can_fail() -> None:
    """Both checks see Textual where it is: the app package imports it."""
    sources = (PACKAGE / "tui").rglob("*.py")
    assert any(TEXTUAL_IMPORT.search(p.read_text(encoding="utf-8")) for p in sources)
    assert "textual" in loaded_after_importing(["newsletter.tui.app"])


def test_the_app_factory_module_itself_is_light() -> None:
    """`from newsletter.tui import make_app` (what the CLI does) loads Textual only when called."""
    loaded = loaded_after_importing(["newsletter.tui"])
    assert "textual" not in loaded
