"""`newsletter archive ...`: import, list, search and show articles."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from newsletter.archive import Archive
    from newsletter.models import Article, ArticleSummary


def _open(ctx: click.Context) -> Archive:
    from newsletter.cli import _workspace
    from newsletter.library import ensure_archive

    return ensure_archive(_workspace(ctx))


def _summaries_out(rows: list[ArticleSummary], as_json: bool) -> None:
    if as_json:
        data = [
            {
                "id": r.id,
                "date": r.date.isoformat() if r.date else None,
                "title": r.title,
                "source": r.source,
                "snippet": r.snippet,
            }
            for r in rows
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        for row in rows:  # pipe-friendly: one tab-separated line per article
            click.echo(f"{row.id}\t{row.date.isoformat() if row.date else '-'}\t{row.title}")
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("id", style="cyan", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("date", no_wrap=True)
    table.add_column("title", no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(row.id, row.date.isoformat() if row.date else "—", row.title)
    console.print(table)


@click.group()
def archive() -> None:
    """The local archive of articles (a cache of the sources in newsletter.toml)."""


def _cli_errors(func: Any) -> Any:
    from newsletter.cli import user_errors

    return user_errors(func)


@archive.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Parse and show; do not touch the archive.")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed posts as JSON.")
@click.pass_context
@_cli_errors
def import_(ctx: click.Context, files: tuple[Path, ...], dry_run: bool, as_json: bool) -> None:
    """Import text-dump FILES into the archive (re-importing changes nothing)."""
    from newsletter.library import import_dumps, read_dumps
    from newsletter.serialize import article_to_dict

    if dry_run:
        report = read_dumps(files)
    else:
        with _open(ctx) as store:
            report = import_dumps(store, files)
    if as_json:
        click.echo(
            json.dumps([article_to_dict(a) for a in report.articles], indent=2, ensure_ascii=False)
        )
    elif dry_run:
        for article in report.articles:
            click.echo(f"{article.id}  {article.title}  ({len(article.blocks)} blocks)")
    else:
        click.echo(
            f"{report.files} files, {report.posts} posts: {report.new} new, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )
    for error in report.errors:
        click.secho(f"error: {error}", fg="red", err=True)
    sys.exit(0 if report.ok else 1)


@archive.command(name="list")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None, help="At most N rows.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_cli_errors
def list_(ctx: click.Context, limit: int | None, as_json: bool) -> None:
    """List articles, newest first: id, date, title."""
    with _open(ctx) as store:
        _summaries_out(store.list(limit=limit), as_json)


@archive.command()
@click.argument("query")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_cli_errors
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search (title, standfirst, body), best match first."""
    with _open(ctx) as store:
        rows = store.search(query, limit=limit)
    if not rows and not as_json:
        click.echo(f"no articles match {query!r}", err=True)
        sys.exit(1)
    _summaries_out(rows, as_json)


@archive.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_cli_errors
def show(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one parsed article."""
    from newsletter.errors import InputError
    from newsletter.serialize import article_to_dict

    with _open(ctx) as store:
        article = store.get(article_id)
        if article is None:
            from rapidfuzz import process

            close = [m[0] for m in process.extract(article_id, store.ids(), limit=3)]
            raise InputError(
                f"no article with id {article_id!r}",
                hint=f"Did you mean: {', '.join(close)}?" if close else "",
            )
    if as_json:
        click.echo(json.dumps(article_to_dict(article), indent=2, ensure_ascii=False))
    else:
        _print_article(article)


def _print_article(article: Article) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(f"[bold]{escape(article.title)}[/bold]  [dim]{escape(article.id)}[/dim]")
    meta = [article.date.isoformat() if article.date else "undated", article.source]
    if article.url:
        meta.append(article.url)
    console.print(f"[dim]{escape(' · '.join(m for m in meta if m))}[/dim]")
    if article.image and article.image.caption:
        console.print(f"[italic]Image: {escape(article.image.caption)}[/italic]")
    console.print(f"\n[bold]{escape(article.standfirst)}[/bold]\n")
    for block in article.blocks:
        text = escape(block.text)
        if block.type == "heading":
            console.print(f"[bold underline]{text}[/bold underline]\n")
        elif block.type == "quote":
            who = ", ".join(x for x in (block.speaker, block.role) if x)
            console.print(f"  [italic]{text}[/italic]" + (f"\n  — {escape(who)}" if who else ""))
            console.print()
        elif block.type == "caption":
            console.print(f"[dim]🖼 {text}[/dim]\n")
        elif block.type == "list":
            console.print(text)
            for entry in block.items:
                console.print(f"  • {escape(entry)}")
            console.print()
        else:
            console.print(f"{text}\n")


@archive.command()
@click.option(
    "--wordpress",
    "wordpress",
    multiple=True,
    metavar="URL",
    help="A WordPress site (its REST API /wp-json/wp/v2/posts). Repeatable.",
)
@click.option(
    "--feed", "feed", multiple=True, metavar="URL", help="An RSS 2.0 or Atom feed. Repeatable."
)
@click.pass_context
@_cli_errors
def sync(ctx: click.Context, wordpress: tuple[str, ...], feed: tuple[str, ...]) -> None:
    """Fetch new and changed posts from the website (default: the sources in newsletter.toml).

    Exit code 1 when a source failed; the archive keeps what it had for that source.
    """
    from rich.console import Console

    from newsletter.cli import _workspace
    from newsletter.sync_cli import run_sync_cli

    sys.exit(run_sync_cli(_workspace(ctx), wordpress, feed, Console()))
