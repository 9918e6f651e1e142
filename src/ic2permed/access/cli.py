"""`ic2permed compliance …` and `ic2permed requests …`. Data on stdout, messages on stderr.

``compliance steps --json`` is a contract used by outside checks (docs/compliance.md): keep it stable. Every
bad value, and a date before the first rule, exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from ic2permed.access import compliance
from ic2permed.core.errors import ValidationFailed

compliance_app = typer.Typer(
    help="Legal steps of a cross-border transfer (guidance, not legal advice).", no_args_is_help=True
)
out = Console()


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(" ".join(message.split()) + "\n")
    raise typer.Exit(code)


def _write(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@compliance_app.command("steps", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
def steps(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option("--from", help="Provider jurisdiction: EU GB CH CN HK MO OTHER.")
    ] = None,
    target: Annotated[str | None, typer.Option("--to", help="Recipient jurisdiction.")] = None,
    moves: Annotated[list[str] | None, typer.Option("--moves", help="material and/or data (repeatable).")] = None,
    data_kind: Annotated[
        str | None, typer.Option("--data-kind", help="genetic (default) or clinical; for data.")
    ] = None,
    identifiability: Annotated[
        str | None, typer.Option("--identifiability", help="identifiable, pseudonymised or anonymous.")
    ] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="research, clinical-trial or commercial.")] = None,
    subjects: Annotated[str | None, typer.Option("--subjects", help="Number of data subjects (default 1000).")] = None,
    ciio: Annotated[
        bool, typer.Option("--ciio", help="The provider is a critical-information-infrastructure operator.")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="YYYY-MM-DD (default today): the rules in force that day.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
) -> None:
    """The steps one collection's transfer needs, each with legal basis, citations, authority and actor."""
    if ctx.args:
        _fail(f"error: {ctx.args[0]}: unexpected argument")
    try:
        transfer = compliance.parse_transfer(
            provider=source,
            recipient=target,
            moves=moves,
            identifiability=identifiability,
            purpose=purpose,
            data_kind=data_kind,
            subjects=subjects,
            ciio=ciio,
            on=on,
        )
        answer = compliance.answer(transfer)
    except ValidationFailed as exc:
        first = exc.errors[0] if exc.errors else None
        flag = (
            {"from": "--from", "to": "--to", "data_kind": "--data-kind"}.get(first.field, f"--{first.field}")
            if first
            else ""
        )
        _fail(f"error: {flag}: {first.message}" if first else f"error: {exc.detail}")
    if as_json:
        _write(answer)
        return
    table = Table("step", "authority", "actor", "citations", title=f"Rules {answer['rules_version']} on {answer['on']}")
    for step in answer["steps"]:
        table.add_row(
            f"{step['id']}\n{step['title_en']}", step["authority"], step["actor"], ", ".join(step["citations"])
        )
    out.print(table)
    out.print("Guidance, not legal advice.")
