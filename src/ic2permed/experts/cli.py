"""`ic2permed experts …`, `ic2permed delphi …` and `ic2permed wg …`.

`delphi analyse` and `wg propose` are a contract used by outside checks: JSON on stdout, exit 1 when no
membership exists, exit 2 with one line naming the file, row and column for bad input. They need no database.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.core.commands import command_database, region_values
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.permissions import Actor
from ic2permed.experts.schemas import ExpertQuery
from ic2permed.experts.service import files, profiles

app = typer.Typer(help="Experts: profiles and demo data.", no_args_is_help=True)
delphi_app = typer.Typer(help="Delphi consensus: analyse a round's votes.", no_args_is_help=True)
wg_app = typer.Typer(help="Working groups: propose a balanced membership.", no_args_is_help=True)

BAD_INPUT = 2
INFEASIBLE = 1


class ScaleChoice(StrEnum):
    likert5 = "likert5"
    nine = "nine"
    rank = "rank"


class RuleChoice(StrEnum):
    cvi = "cvi"
    comet = "comet"
    iqr = "iqr"


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _bad_input(exc: ValidationFailed) -> typer.Exit:
    """One line: the file, then row and column, then what is wrong."""
    if exc.errors:
        first = exc.errors[0]
        where = f"row {first.row}, column {first.field}" if first.row is not None else first.field
        line = f"error: {exc.detail}: {where}: {first.message}"
    else:
        line = f"error: {exc.detail}"
    sys.stderr.write(" ".join(line.split()) + "\n")
    return typer.Exit(BAD_INPUT)


@delphi_app.command("analyse")
def analyse(
    votes: Annotated[Path, typer.Argument(help="CSV: expert_id,region,sector,statement_id,rating.")],
    scale: Annotated[ScaleChoice, typer.Option(help="likert5 (1–5), nine (1–9) or rank (1 = first).")],
    rule: Annotated[RuleChoice | None, typer.Option(help="cvi (5-point), comet (9-point) or iqr (both).")] = None,
    previous: Annotated[Path | None, typer.Option(help="The previous round's votes, for stability.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Per-statement figures, decision, stability, EU–China divergence and Kendall's W of one round."""
    try:
        result = files.analyse_votes(votes, scale.value, rule.value if rule else None, previous)
    except ValidationFailed as exc:
        raise _bad_input(exc) from None
    if as_json:
        _json(result.as_dict())
        return
    table = Table("statement", "n", "mean", "sd", "median", "IQR", "agree %", "decision", "stable", "diverges")
    for s in result.statements:
        o = s.overall

        def num(value: float | None) -> str:
            return "—" if value is None else f"{value:.2f}"

        table.add_row(
            s.id,
            str(o.n),
            num(o.mean),
            num(o.sd),
            num(o.median),
            num(o.iqr),
            num(o.agreement_pct),
            o.decision or "—",
            "—" if s.stability is None else ("yes" if s.stability else "no"),
            "yes" if s.diverges else "no",
        )
    console = Console()
    console.print(table)
    if result.kendall_w is not None:
        console.print(f"Kendall's W = {result.kendall_w:.4f}")


@wg_app.command("propose")
def propose(
    experts: Annotated[Path, typer.Option("--experts", help="CSV: expert_id,region,sector,themes,max_groups.")],
    groups: Annotated[Path, typer.Option("--groups", help="CSV: group_id,min_size,max_size,themes,chair.")],
    min_region_share: Annotated[
        str, typer.Option(help="Each of Europe and China holds at least this share of a group (0–0.5).")
    ] = "0.4",
    min_sectors: Annotated[int, typer.Option(help="Distinct sectors each group needs at least.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """The membership maximising expertise fit under size, balance, sector, availability and chair constraints."""
    try:
        proposal = files.propose_groups(experts, groups, min_region_share, min_sectors)
    except ValidationFailed as exc:
        raise _bad_input(exc) from None
    if as_json:
        _json(proposal.as_dict())
    elif proposal.status == "optimal":
        console = Console()
        console.print(f"Optimal membership, total fit {proposal.objective}:")
        for group_id, members in proposal.groups.items():
            console.print(f"  {group_id}: {', '.join(members) or '—'}")
    else:
        console = Console()
        console.print("No membership satisfies every constraint. Relaxing any one of these alone would allow one:")
        for reason in proposal.reasons:
            console.print(f"  - {reason}")
    if proposal.status != "optimal":
        raise typer.Exit(INFEASIBLE)


@app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="Name (Chinese, pinyin or Latin), organisation or theme words.", metavar="QUERY")
    ] = "",
    theme: Annotated[list[str] | None, typer.Option(help="Theme code, e.g. wg-4.")] = None,
    region: Annotated[
        list[str] | None, typer.Option(help="EU, 'Europe (non-EU)', China, International.", callback=region_values)
    ] = None,
    sector: Annotated[list[str] | None, typer.Option(help="academia, healthcare, industry, policy_funding, …")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Language code, e.g. zh.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Search experts as a coordinator sees them (the command line runs as the system)."""
    with command_database(ctx).session() as session:
        page = profiles.search(
            session,
            Actor.system(),
            ExpertQuery(
                q=query,
                theme=theme or [],
                region=region or [],
                sector=sector or [],
                language=language or [],
                limit=limit,
            ),
        )
    if as_json:
        _json(page.model_dump(mode="json"))
        return
    table = Table("id", "name", "region", "sector", "expertise", title=f"{page.total} expert(s)")
    for e in page.items:
        table.add_row(str(e.id), f"{e.name} {e.name_zh}".strip(), e.region, e.sector, ", ".join(e.expertise))
    Console().print(table)


@app.command("load-demo")
def load_demo(ctx: typer.Context) -> None:
    """Add the fictional demo experts (what `ic2permed demo` does); never needed in production."""
    with command_database(ctx).session() as session:
        added = profiles.load_demo_experts(session, Actor.system())
    Console(stderr=True).print(f"Added {added} fictional demo experts." if added else "Demo experts already loaded.")
