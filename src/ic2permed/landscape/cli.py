"""`ic2permed landscape …`: search, export, import and (re)load the bundled dataset."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.core.commands import command_database
from ic2permed.core.permissions import Actor
from ic2permed.landscape import bundle, exchange, service
from ic2permed.landscape.schemas import SearchQuery

app = typer.Typer(help="Landscape of PM policies, laws, programmes, standards and initiatives.", no_args_is_help=True)
err = Console(stderr=True)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(help="Words in English or Chinese, an identifier or an acronym (optional).", metavar="QUERY"),
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the ranked items as JSON.", metavar="")] = False,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many items.")] = 20,
    region: Annotated[list[str] | None, typer.Option(help="EU, 'Europe (non-EU)', China, International.")] = None,
    theme: Annotated[list[str] | None, typer.Option(help="Theme code, e.g. biobanking.")] = None,
) -> None:
    """Search the landscape, best match first."""
    with command_database(ctx).session() as session:
        result = service.search(
            session,
            SearchQuery(q=query, limit=limit, region=region or [], theme=theme or []),
            with_facets=False,
        )
    if as_json:
        sys.stdout.write(json.dumps([exchange.contract(i) for i in result.items], ensure_ascii=False, indent=1))
        sys.stdout.write("\n")
        return
    table = Table("id", "region", "year", "title", title=f"{result.total} match(es)")
    for item in result.items:
        table.add_row(item.id, item.region, str(item.year or ""), f"{item.title_en}\n{item.title_zh}")
    Console().print(table)


@app.command()
def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", help="json, csv or xlsx.")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
) -> None:
    """Export every item (withdrawn ones excluded)."""
    if format not in ("json", "csv", "xlsx"):
        raise typer.BadParameter("use json, csv or xlsx", param_hint="--format")
    with command_database(ctx).session() as session:
        items = service.all_items(session)
    body: str | bytes
    if format == "json":
        body = json.dumps([exchange.contract(i) for i in items], ensure_ascii=False, indent=1) + "\n"
    elif format == "csv":
        body = exchange.items_csv(items)
    else:
        body = exchange.items_xlsx(items)
        if output is None:
            raise typer.BadParameter("XLSX needs --output FILE", param_hint="--output")
    if output is None:
        sys.stdout.write(body if isinstance(body, str) else body.decode())
    elif isinstance(body, bytes):
        output.write_bytes(body)
    else:
        output.write_text(body, encoding="utf-8")
    if output is not None:
        err.print(f"Wrote {len(items)} items to {output}.")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX in the export layout.")],
) -> None:
    """Import items from CSV or XLSX: all rows or none, with a per-row error report."""
    with command_database(ctx).session() as session:
        report = service.import_file(session, Actor.system(), file.name, file.read_bytes())
    err.print(f"Imported {file.name}: {report.created} created, {report.updated} updated.")


@app.command()
def load(ctx: typer.Context) -> None:
    """Reload the bundled dataset, keeping curators' edits; items that left the bundle are withdrawn."""
    report = bundle.load(command_database(ctx), force=True)
    assert report is not None
    err.print(
        f"Bundle loaded: {report.added} added, {report.updated} updated, {report.kept_curated} curated "
        f"field(s) kept, {report.withdrawn} withdrawn, {report.relations} relations."
    )
