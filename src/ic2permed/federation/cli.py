"""`ic2permed node …`: run a biobank's Beacon v2 node, fill it (import, synth) and verify any Beacon.

JSON results go to stdout; progress and the human summary to stderr.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.core.errors import ValidationFailed
from ic2permed.core.progress import bar
from ic2permed.federation.disclosure import Protection

app = typer.Typer(help="A biobank's GA4GH Beacon v2 node (DuckDB) and Beacon tools.", no_args_is_help=True)
err = Console(stderr=True)


AS_JSON = Annotated[
    bool,
    typer.Option("--json", help="Only the JSON result (stdout, as always): no progress or table.", metavar=""),
]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command("serve")
def serve(
    db: Annotated[Path, typer.Option("--db", help="The node's DuckDB file (opened read-only).")],
    port: Annotated[int, typer.Option("--port", help="Port; the Beacon base URL is http://HOST:PORT/api.")] = 9000,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    jurisdiction: Annotated[str, typer.Option("--jurisdiction", help="EU or CN (cross-border rules).")] = "EU",
    count_threshold: Annotated[
        int, typer.Option("--count-threshold", help="Sets of fewer donors answer 0 (exists: false).")
    ] = 10,
    count_rounding: Annotated[int, typer.Option("--count-rounding", help="Round counts to this step.")] = 10,
    noise_epsilon: Annotated[
        float, typer.Option("--noise-epsilon", help="Laplace noise fixed by the answered set; 0 is off.")
    ] = 0.5,
    date_granularity: Annotated[
        str, typer.Option("--date-granularity", help="day, month or year: how finely dates compare (counts).")
    ] = "year",
    age_band: Annotated[int, typer.Option("--age-band", help="Ages compare in bands of this many years.")] = 5,
    budget: Annotated[int, typer.Option("--budget", help="Queries per requester per day.")] = 500,
    trusted_hubs: Annotated[
        Path | None, typer.Option("--trusted-hubs", help='JSON: {"hubs": [{"id", "secret", "jurisdiction"}]}.')
    ] = None,
    allow_records: Annotated[
        bool, typer.Option("--allow-records", help="Show records to same-jurisdiction trusted hubs.", metavar="")
    ] = False,
    secret: Annotated[
        str,
        typer.Option(
            "--noise-secret", envvar="IC2PERMED_NODE_SECRET", help="Seeds noise; default: a file beside the DB."
        ),
    ] = "",
    trusted_proxies: Annotated[
        str,
        typer.Option(
            "--trusted-proxies",
            envvar="IC2PERMED_NODE_TRUSTED_PROXIES",
            help="Comma-separated proxy addresses whose X-Forwarded-For is believed; empty believes none.",
        ),
    ] = "",
    telemetry: Annotated[
        bool,
        typer.Option(
            "--telemetry",
            envvar="IC2PERMED_NODE_TELEMETRY",
            help="FastAPI's OpenTelemetry traces and metrics (needs a configured provider).",
            metavar="",
        ),
    ] = False,
) -> None:
    """Run the standalone Beacon v2 server of one biobank."""
    import uvicorn

    from ic2permed.core.secrets import ensure_secret_file
    from ic2permed.federation.disclosure import DATE_UNITS
    from ic2permed.federation.node.app import NodeSettings, create_node_app
    from ic2permed.federation.node.store import NodeStore
    from ic2permed.federation.signing import load_trusted_hubs

    NodeStore(db).close()  # a missing file: one error line here, not a traceback from the server's start-up
    if date_granularity not in DATE_UNITS:
        raise ValidationFailed(f"--date-granularity must be one of {', '.join(DATE_UNITS)}")
    if age_band < 1:
        raise ValidationFailed("--age-band must be at least 1")
    if noise_epsilon > 0 and not secret:
        secret = ensure_secret_file(db.with_name(db.name + ".noise-secret"))
    protection = Protection(
        count_threshold,
        count_rounding,
        noise_epsilon,
        budget,
        secret or "node",
        date_unit=date_granularity,
        age_band=age_band,
    )
    settings = NodeSettings(
        db=db,
        jurisdiction=jurisdiction.upper(),
        protection=protection,
        allow_records=allow_records,
        trusted_hubs=load_trusted_hubs(trusted_hubs) if trusted_hubs else {},
        telemetry=telemetry,
    )
    app_ = create_node_app(settings)
    err.print(f"Beacon v2 node on http://{host}:{port}/api ({jurisdiction.upper()}, {db})")
    uvicorn.run(
        app_,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=bool(trusted_proxies.strip()),
        forwarded_allow_ips=trusted_proxies.strip() or None,
        timeout_graceful_shutdown=10,
    )


@app.command("synth")
def synth(
    donors: Annotated[int, typer.Option("--donors", help="How many donors.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to (re)create.")],
    profile: Annotated[str, typer.Option("--profile", help="eu or cn.")] = "eu",
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
    name: Annotated[str | None, typer.Option("--name", help="The node's display name.")] = None,
    as_json: AS_JSON = False,
) -> None:
    """Create a node file of realistic synthetic donors and samples."""
    from ic2permed.federation.node.synth import synthesise

    with bar(quiet=as_json) as progress:
        task = progress.add_task(f"{donors:,} donors", total=100)

        def step(stage: str, percent: int) -> None:
            progress.update(task, completed=percent, description=f"{donors:,} donors: {stage}")

        summary = synthesise(db, donors, profile.lower(), seed, name, step)
    _print_json({"db": str(db), **summary.__dict__})


@app.command("import")
def import_(
    directory: Annotated[Path, typer.Argument(help="Directory of CSV or JSON files.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to replace atomically.")],
    fmt: Annotated[str, typer.Option("--format", help="beacon-csv, bff or miabis-csv.")] = "beacon-csv",
    name: Annotated[str | None, typer.Option("--name", help="The node's display name.")] = None,
    as_json: AS_JSON = False,
) -> None:
    """Import records (all or nothing; columns in docs/node-import.md); unserved entry types are skipped and named."""
    from ic2permed.federation.node.importers import import_directory

    report = import_directory(fmt, directory, db, name, show_progress=not as_json)
    if not as_json:
        for skipped in report.skipped:
            err.print(f"skipped entry type not served by a node: {skipped}")
        for warning in report.warnings:
            err.print(f"warning: {warning}")
    _print_json({"db": str(db), **dataclasses.asdict(report)})


@app.command("log")
def log(
    db: Annotated[Path, typer.Option("--db", help="The node's DuckDB file (its log sits beside it).")],
    requester: Annotated[str | None, typer.Option("--requester", help="Only this requester's queries.")] = None,
) -> None:
    """Print the node's query log (who, when, what, which answer) as JSON."""
    from ic2permed.federation.node.policy import QueryLog
    from ic2permed.federation.node.service import default_log_path

    path = default_log_path(db)
    if not path.exists():
        raise ValidationFailed(f"no query log at {path}")
    _print_json(QueryLog(path).entries(requester))


@app.command("verify")
def verify(
    url: Annotated[str, typer.Argument(help="Base URL of a Beacon v2 server, e.g. http://127.0.0.1:9000/api.")],
    as_json: AS_JSON = False,
) -> None:
    """Check a Beacon v2 server against the Beacon v2 response rules; exit 1 unless everything conforms."""
    from ic2permed.federation.verify import verify as run

    report = run(url)
    if not as_json:
        table = Table("check", "status", "schema", "result", title=f"Beacon v2 conformance of {url}")
        for check in report.checks:
            verdict = "ok" if check.ok else "; ".join(check.problems[:2])
            table.add_row(check.name, str(check.status), str(check.schema), verdict)
        err.print(table)
        err.print(f"{report.passed}/{len(report.checks)} checks pass")
    _print_json(report.as_dict())
    if not report.conforms:
        raise typer.Exit(1)
