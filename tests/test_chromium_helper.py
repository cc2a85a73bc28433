"""The `chromium` fixture: skipped locally when no browser is found, a failure in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

PROBE_TEST = """
import chromium as helper
from chromium import chromium

helper.find_chromium = lambda: None  # as on a machine without any Chromium


def test_needs_browser(chromium):
    assert chromium
"""


def run_probe(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_probe.py").write_text(PROBE_TEST)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rsE", "-p", "no:cacheprovider", "-p",
         "no:xdist", "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(("ci", "code", "word"), [(False, 0, "1 skipped"), (True, 1, "1 error")])
def test_missing_chromium_skips_locally_and_fails_in_ci(
    tmp_path: Path, ci: bool, code: int, word: str
) -> None:
    result = run_probe(tmp_path, ci)
    assert result.returncode == code, result.stdout + result.stderr
    assert word in result.stdout
    assert "headless Chromium not found" in result.stdout


def test_find_chromium_prefers_usr_bin_then_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chromium as helper

    found = helper.find_chromium()
    if Path("/usr/bin/chromium").is_file():
        assert found == Path("/usr/bin/chromium")
    fake = tmp_path / "google-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(helper, "Path", _NoUsrBin)
    assert helper.find_chromium() == fake


class _NoUsrBin(type(Path())):  # type: ignore[misc]
    """A Path that pretends /usr/bin/chromium does not exist."""

    def is_file(self) -> bool:
        return str(self) != "/usr/bin/chromium" and super().is_file()
