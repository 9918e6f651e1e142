"""`ic2permed nodes …` (the registry) and `ic2permed query …` (a federated count from the terminal)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ic2permed.core.commands import command_database, command_state
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.permissions import Actor
from ic2permed.core.secrets import secret_key
from ic2permed.core.vocab import locator
from ic2permed.federation.hub import readable, service
from ic2permed.federation.hub.schemas import Criteria, FederatedResult, NodeCreate, Status, default_jurisdiction

nodes_app = typer.Typer(help="The registry of Beacon v2 nodes the hub asks.", no_args_is_help=True)
query_app = typer.Typer(help="Federated counts across every registered node.")
err = Console(stderr=True)
SMOKING = ", ".join(c.key for c in locator.criterion("smoking_status").choices)
FASTING = ", ".join(c.key for c in locator.criterion("fasting_status").choices)
NO_NODES = "no node is registered (or every node is disabled); add one with: ic2permed nodes add ID URL --region EU"


@nodes_app.command("add")
def add(
    ctx: typer.Context,
    node_id: Annotated[str, typer.Argument(help="Short id, e.g. eu-graz.")],
    base_url: Annotated[str, typer.Argument(help="Beacon base URL, e.g. http://127.0.0.1:8101/api")],
    name: Annotated[str, typer.Option(help="Name shown to researchers.")] = "",
    jurisdiction: Annotated[
        str | None, typer.Option(help="EU, CN or OTHER (default: follows --region: EU→EU, China→CN, else OTHER).")
    ] = None,
    region: Annotated[str, typer.Option(help="EU, 'Europe (non-EU)', China or International.")] = "EU",
    biobank: Annotated[
        str | None,
        typer.Option(help="Directory biobank id it serves (e.g. uk-ukbiobank): links node and directory entry."),
    ] = None,
    secret: Annotated[str | None, typer.Option(help="Shared signing secret (≥ 32 characters).")] = None,
) -> None:
    """Register a node (ours or any other Beacon v2 server)."""
    data = NodeCreate(
        id=node_id,
        name=name or node_id,
        base_url=base_url,
        jurisdiction=jurisdiction or default_jurisdiction(region),
        region=region,
        biobank_id=biobank,
        signing_secret=secret,
    )
    with command_database(ctx).session() as session:
        node = service.add_node(session, Actor.system(), data)
    err.print(f"Registered {node.id} at {node.base_url}.")


@nodes_app.command("list")
def list_(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", metavar="")] = False) -> None:
    """List the registered nodes."""
    with command_database(ctx).session() as session:
        nodes = service.list_nodes(session)
    if as_json:
        sys.stdout.write(json.dumps([n.model_dump(mode="json") for n in nodes], ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("id", "name", "region", "jurisdiction", "base URL", "signed", "enabled", "process")
    for n in nodes:
        process = "" if n.process is None else f"{n.process.state.value} ({n.process.restarts} restarts)"
        table.add_row(n.id, n.name, n.region, n.jurisdiction, n.base_url, str(n.signed), str(n.enabled), process)
    Console().print(table)


@nodes_app.command("disable")
def disable(ctx: typer.Context, node_id: str) -> None:
    """Stop asking a node (it stays registered)."""
    with command_database(ctx).session() as session:
        service.set_enabled(session, Actor.system(), node_id, False)
    err.print(f"Node {node_id} disabled.")


@nodes_app.command("enable")
def enable(ctx: typer.Context, node_id: str) -> None:
    """Ask a node again."""
    with command_database(ctx).session() as session:
        service.set_enabled(session, Actor.system(), node_id, True)
    err.print(f"Node {node_id} enabled.")


@nodes_app.command("refresh-directory")
def refresh_directory(ctx: typer.Context) -> None:
    """Update the directory's donor and sample figures from the nodes linked to biobanks."""
    settings = command_state(ctx).settings
    who = service.caller(Actor.system(), secret_key(settings), "cli")
    with command_database(ctx).session() as session:
        for line in asyncio.run(service.refresh_directory(session, Actor.system(), who)):
            err.print(line)


@query_app.callback(invoke_without_command=True)
def query(
    ctx: typer.Context,
    disease: Annotated[list[str] | None, typer.Option(help="ICD-10 code, block or chapter; repeatable.")] = None,
    sex: Annotated[str | None, typer.Option(help="female or male.")] = None,
    age_min: Annotated[int | None, typer.Option(help="Youngest age at sampling.")] = None,
    age_max: Annotated[int | None, typer.Option(help="Oldest age at sampling.")] = None,
    material: Annotated[list[str] | None, typer.Option(help="MIABIS material type, e.g. SERUM; repeatable.")] = None,
    bmi_min: Annotated[float | None, typer.Option(help="Body-mass index from, kg/m² (LOINC 39156-5).")] = None,
    bmi_max: Annotated[float | None, typer.Option(help="Body-mass index to, kg/m².")] = None,
    weight_min: Annotated[float | None, typer.Option(help="Body weight from, kg (LOINC 29463-7).")] = None,
    weight_max: Annotated[float | None, typer.Option(help="Body weight to, kg.")] = None,
    height_min: Annotated[float | None, typer.Option(help="Body height from, cm (LOINC 8302-2).")] = None,
    height_max: Annotated[float | None, typer.Option(help="Body height to, cm.")] = None,
    smoking: Annotated[str | None, typer.Option(help=f"Smoking status (LOINC 72166-2): {SMOKING}.")] = None,
    fasting: Annotated[str | None, typer.Option(help=f"Fasting status of the sample: {FASTING}.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each node.")] = 5.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.", metavar="")] = False,
) -> None:
    """Count matching donors at every node, with a status per node and totals by region."""
    criteria = _criteria(
        {
            "diseases": disease or [],
            "sex": sex,
            "age_min": age_min,
            "age_max": age_max,
            "materials": material or [],
            "bmi_min": bmi_min,
            "bmi_max": bmi_max,
            "body_weight_min": weight_min,
            "body_weight_max": weight_max,
            "body_height_min": height_min,
            "body_height_max": height_max,
            "smoking_status": smoking,
            "fasting_status": fasting,
        }
    )
    database = command_database(ctx)
    settings = command_state(ctx).settings
    who = service.caller(Actor.system(), secret_key(settings), "cli")
    with database.session() as session:
        if not any(node.enabled for node in service.list_nodes(session)):
            raise ValidationFailed(NO_NODES)
    outcome = asyncio.run(service.run(database, Actor.system(), criteria, who, timeout))
    if as_json:
        sys.stdout.write(outcome.model_dump_json(indent=1) + "\n")
        _fail_unless_one_answered(outcome)
        return
    table = Table("node", "region", "status", "count", "ms", title="Federated count")
    for a in outcome.answers:
        count = "" if a.count is None else f"{a.count}{'' if a.precision in (None, 'exact') else ' ~'}"
        # In words, as on the pages; the raw reason (aiohttp's text) stays in --json and in the query log.
        why = readable.explain(a, "en")
        table.add_row(a.name, a.region, a.status.value + (f" ({why})" if why else ""), count, str(a.elapsed_ms))
    for t in outcome.totals:
        table.add_row(f"total {t.region}", t.region, f"{t.nodes} nodes", str(t.count), "")
    Console().print(table)
    err.print(service.PRIVACY_NOTE)
    _fail_unless_one_answered(outcome)


OPTIONS = {
    "diseases": "--disease",
    "materials": "--material",
    "body_weight_min": "--weight-min",
    "body_weight_max": "--weight-max",
    "body_height_min": "--height-min",
    "body_height_max": "--height-max",
    "smoking_status": "--smoking",
    "fasting_status": "--fasting",
}


def _criteria(data: dict[str, object]) -> Criteria:
    """The question, or one line naming the option that is wrong (exit 2)."""
    try:
        return Criteria.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        for name, option in (*OPTIONS.items(), *((n, "--" + n.replace("_", "-")) for n in data)):
            message = message.replace(name, option)
        where = OPTIONS.get(field, "--" + field.replace("_", "-")) + ": " if field else ""
        err.print(f"error: {where}{message}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from None


def _fail_unless_one_answered(outcome: FederatedResult) -> None:
    """No count at all is a failure a script must see, not an empty table and exit 0."""
    if not any(a.status is Status.OK for a in outcome.answers):
        err.print(f"error: none of the {len(outcome.answers)} enabled nodes answered; see their status above")
        raise typer.Exit(1)
