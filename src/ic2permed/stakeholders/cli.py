"""`ic2permed stakeholders …`: export the registry, rank EU–China brokers, analyse, import, (re)load the bundle."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.core.commands import command_database, region_values
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.permissions import Actor
from ic2permed.stakeholders import bundle, exchange, service
from ic2permed.stakeholders.schemas import OrganisationQuery

app = typer.Typer(help="Stakeholder registry and EU–China network analysis.", no_args_is_help=True)
FORMATS = ("json", "graphml", "gexf", "nodes-csv", "edges-csv")


def _write(body: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(body)
    else:
        output.write_text(body, encoding="utf-8")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="Name or acronym in English or Chinese (optional).", metavar="QUERY")
    ] = "",
    region: Annotated[
        list[str] | None, typer.Option(help="EU, 'Europe (non-EU)', China, International.", callback=region_values)
    ] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Organisation type, e.g. funder.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many organisations.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Find organisations in the registry, like the other search commands: `stakeholders search BBMRI`."""
    with command_database(ctx).session() as session:
        found = service.search(session, OrganisationQuery(q=query, region=region or [], type=type_ or [], limit=limit))
    if as_json:
        sys.stdout.write(_json([o.model_dump(mode="json") for o in found]))
        return
    table = Table("id", "type", "region", "name", title=f"{len(found)} organisation(s)")
    for o in found:
        table.add_row(o.id, o.type, o.region, f"{o.name_en}\n{o.name_zh}" if o.name_zh else o.name_en)
    Console().print(table)


@app.command()
def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", help=", ".join(FORMATS) + ".")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
) -> None:
    """Export the organisations and relations (JSON contract, GraphML/GEXF for Gephi, CSV nodes or edges)."""
    if format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    with command_database(ctx).session() as session:
        net = service.network(session)
    bodies = {
        "json": lambda: _json(exchange.contract(net)),
        "graphml": lambda: exchange.graphml(net),
        "gexf": lambda: exchange.gexf(net),
        "nodes-csv": lambda: exchange.nodes_csv(net),
        "edges-csv": lambda: exchange.edges_csv(net),
    }
    _write(bodies[format](), output)


@app.command()
def brokers(
    ctx: typer.Context,
    top: Annotated[int, typer.Option("--top", min=1, max=10_000, help="How many organisations.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
    year: Annotated[int | None, typer.Option(help="The network as it stood in this year.")] = None,
) -> None:
    """Rank the organisations bridging the Europe side (EU, Europe non-EU) and China: subset betweenness."""
    with command_database(ctx).session() as session:
        ranked = service.brokers(session, top, year)
    if as_json:
        rows = [b.model_dump(include={"id", "name_en", "name_zh", "region", "score"}) for b in ranked]
        sys.stdout.write(_json({"brokers": rows}))
        return
    table = Table("#", "id", "region", "score", "name", title="EU–China brokers")
    for i, b in enumerate(ranked, 1):
        table.add_row(str(i), b.id, b.region, f"{b.score:.4f}", f"{b.name_en}\n{b.name_zh}")
    Console().print(table)


@app.command()
def analyse(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="The network as it stood in this year.")] = None,
) -> None:
    """Print the full analysis as JSON (measures, communities, brokers, cut points, suggested bridges)."""
    with command_database(ctx).session() as session:
        result = service.analyse(session, year)
    sys.stdout.write(_json(result.model_dump(mode="json")))


@app.command("path")
def path(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="Organisation id.")],
    hub: Annotated[str, typer.Argument(help="Hub organisation id, e.g. int-icpermed.")],
) -> None:
    """Shortest path from an organisation to a hub, with the relation types on the way."""
    with command_database(ctx).session() as session:
        steps = service.path_to_hub(session, start, hub)
    sys.stdout.write(_json(None if steps is None else [s.model_dump() for s in steps]))


@app.command("import")
def import_csv(
    ctx: typer.Context,
    organisations: Annotated[
        Path | None, typer.Option(help="CSV of organisations (export's nodes-csv columns).")
    ] = None,
    relations: Annotated[Path | None, typer.Option(help="CSV of relations (export's edges-csv columns).")] = None,
) -> None:
    """Import organisations and relations from CSV: all rows or none, with a per-row error report."""
    if organisations is None and relations is None:
        raise typer.BadParameter("give --organisations and/or --relations")
    nodes = exchange.parse_nodes(organisations.read_bytes()) if organisations else []
    edges = exchange.parse_edges(relations.read_bytes()) if relations else []
    try:
        with command_database(ctx).session() as session:
            added, linked = service.import_rows(session, Actor.system(), nodes, edges)
    except ValidationFailed as exc:
        err = Console(stderr=True)
        err.print(f"error: {exc.detail}")
        for e in exc.errors:
            err.print(f"  row {e.row}: {e.field}: {e.message}" if e.row is not None else f"  {e.field}: {e.message}")
        raise typer.Exit(1) from None
    Console(stderr=True).print(f"Imported {added} organisation(s) and {linked} relation(s).")


@app.command("load-bundle")
def load_bundle(
    ctx: typer.Context, force: Annotated[bool, typer.Option(help="Reload even if unchanged.", metavar="")] = False
) -> None:
    """(Re)load the bundled, sourced dataset of organisations and relations."""
    counts = bundle.load(command_database(ctx), force=force)
    Console(stderr=True).print(
        "Bundle unchanged." if counts is None else f"Loaded {counts[0]} organisations, {counts[1]} relations."
    )
