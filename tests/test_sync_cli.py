"""`run_sync_cli`: progress bar and summary over a real sync into a workspace's archive."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from newsletter.archive import Archive
from newsletter.errors import InputError
from newsletter.sync_cli import run_sync_cli
from newsletter.workspace import Workspace

try:
    from tests.synchelp import fast_options
    from tests.wpserver import WPServer, status
except ImportError:
    from synchelp import fast_options  # type: ignore[no-redef]
    from wpserver import WPServer, status  # type: ignore[no-redef]

CONFIG = """
[brand]
name = "Nordlys Health Cluster"
website = "https://example.org"
signup_url = "https://example.org/newsletter/"
address = "Innovasjonsveien 1, Oslo"

[archive]
path = ".newsletter/archive.sqlite"
"""


def workspace(tmp_path: Path, sources: str = "") -> Workspace:
    (tmp_path / "newsletter.toml").write_text(CONFIG + sources, encoding="utf-8")
    return Workspace(tmp_path)


def console() -> Console:
    return Console(file=io.StringIO(), width=140, color_system=None)


def output(con: Console) -> str:
    assert isinstance(con.file, io.StringIO)
    return con.file.getvalue()


def test_sync_of_configured_sources_prints_a_summary(tmp_path: Path, server: WPServer) -> None:
    ws = workspace(
        tmp_path,
        f'\n[[sources]]\ntype = "wordpress"\nurl = "{server.url}"\n'
        f'\n[[sources]]\ntype = "textdump"\npath = "dumps/*.txt"\n',
    )
    con = console()
    assert run_sync_cli(ws, None, None, con, options=fast_options()) == 0
    text = output(con)
    assert f"WordPress {server.url}" in text
    assert "Archive updated: 6 new, 0 updated, 0 unchanged (6 articles in all, 1 request)." in text
    with Archive.open(ws.archive_path) as archive:
        assert archive.count() == 6
    assert server.requests[0].headers["user-agent"].endswith("(+https://example.org)")
    again = console()
    assert run_sync_cli(ws, None, None, again, options=fast_options()) == 0
    assert "not modified" in output(again)
    assert "Archive unchanged: 0 new, 0 updated, 0 unchanged" in output(again)


def test_urls_on_the_command_line_replace_the_config(tmp_path: Path, server: WPServer) -> None:
    ws = workspace(tmp_path, '\n[[sources]]\ntype = "wordpress"\nurl = "https://example.org"\n')
    con = console()
    code = run_sync_cli(
        ws, None, [server.url + "/feed/", server.url + "/feed/atom/"], con, options=fast_options()
    )
    assert code == 0
    assert [r.path for r in server.requests] == ["/feed/", "/feed/atom/"]
    # Atom has <updated>, RSS does not: the second feed refreshes the same six posts
    assert "Archive updated: 6 new, 6 updated, 0 unchanged" in output(con)


def test_a_failed_source_exits_1_and_says_what_failed(tmp_path: Path, server: WPServer) -> None:
    server.inject("/feed/", status(500), repeat=True)
    con = console()
    code = run_sync_cli(
        workspace(tmp_path),
        server.url,
        server.url + "/feed/",
        con,
        options=fast_options(attempts=2),
    )
    assert code == 1
    text = output(con)
    assert f"error: {server.url}/feed/: HTTP 500 (gave up after 2 attempts)" in text
    assert "failed" in text and "left the archive as it was" in text
    assert "Archive updated: 6 new" in text  # the WordPress source still went through


def test_nothing_to_sync_is_an_input_error_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no WordPress or feed source to sync") as info:
        run_sync_cli(workspace(tmp_path), None, None, console())
    assert "[[sources]]" in info.value.hint and "--wordpress URL" in info.value.hint
    with pytest.raises(InputError, match="not an http"):
        run_sync_cli(workspace(tmp_path), "example.org", None, console())
