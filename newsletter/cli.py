"""The `newsletter` command. Heavy modules are imported inside each command."""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from newsletter import __version__
from newsletter.errors import NewsletterError

if TYPE_CHECKING:
    from newsletter.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BLOCKED, EXIT_BAD_INPUT = 0, 1, 2


def user_errors(func: F) -> F:
    """Turn user mistakes into a message on stderr and exit code 2, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsletterError as error:
            click.secho(f"error: {error}", fg="red", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: loading a command's modules creates some hundred
    thousand long-lived objects, and collections that walk them again and again while they
    load are a tenth of a `compose` run. Collected as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _workspace(ctx: click.Context) -> Workspace:
    from newsletter.workspace import Workspace

    root: Path | None = ctx.obj.get("workspace")
    return Workspace.find(root)


# The other commands, by name: "module:attribute", imported when that command runs (or for
# --help), so `compose` does not pay for loading them.
_LAZY_COMMANDS = {
    "archive": "newsletter.cli_archive:archive",
    "check": "newsletter.cli_check:check",
    "flow": "newsletter.cli_flow:flow",
    "init": "newsletter.cli_flow:init",
    "send-test": "newsletter.cli_check:send_test",
    "site": "newsletter.cli_flow:site",
    "templates": "newsletter.cli_flow:templates",
}


class _LazyGroup(click.Group):
    """A group whose commands in _LAZY_COMMANDS load on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            module, attribute = _LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, invoke_without_command=True)
@click.option(
    "-w",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the one containing the current folder).",
)
@click.version_option(__version__, prog_name="newsletter")
@click.pass_context
@user_errors
def main(ctx: click.Context, workspace: Path | None) -> None:
    """Compose the monthly newsletter from the news archive.

    With no command, opens the composer app on the newest issue.
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    if ctx.invoked_subcommand is None:
        _open_app(_workspace(ctx), None)


def _open_app(workspace: Workspace, issue_path: Path | None) -> None:
    from newsletter.tui import make_app

    make_app(workspace, issue_path).run()


@main.command()
@click.argument("issue_file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def edit(ctx: click.Context, issue_file: Path) -> None:
    """Open ISSUE_FILE in the composer app."""
    _open_app(_workspace(ctx), issue_file.resolve())


@main.command()
@click.option(
    "--issue",
    "issue_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The issue's TOML file.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: the workspace's out/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@user_errors
def compose(ctx: click.Context, issue_file: Path, out_dir: Path | None, as_json: bool) -> None:
    """Render an issue to NAME.html, NAME.txt, NAME.eml and NAME.json (the report).

    Exit code 0 when clean, 1 when something blocks sending, 2 for bad input
    (nothing is written then).
    """
    with _without_gc():  # a one-shot run: its imports and work make no garbage worth the passes
        from newsletter.compose import compose_issue, export

        workspace = _workspace(ctx)
        composition = compose_issue(workspace, issue_file.resolve())
        data = export(composition, (out_dir or workspace.out_dir).resolve())
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from newsletter.cli_check import print_finding, summary

        for kind, path in data["files"].items():
            size = f"  ({data['size_bytes'] / 1024:.1f} KB of 102 KB)" if kind == "html" else ""
            click.echo(f"{path}{size}")
        for warning in data["warnings"]:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
        shown = [f for f in composition.findings if f.severity != "info"]
        for finding in shown:
            print_finding(finding)
        if shown:
            click.echo(summary(list(composition.findings)))
    sys.exit(EXIT_BLOCKED if data["blocking"] else EXIT_OK)
