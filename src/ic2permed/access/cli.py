"""`ic2permed compliance …` and `ic2permed requests …`. Data on stdout, messages on stderr.

``compliance steps --json`` is a contract used by outside checks (docs/compliance.md): keep it stable. Every
bad value, and a date before the first rule, exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.table import Table

from ic2permed.access import compliance, mail, service
from ic2permed.core.accounts import repository as accounts
from ic2permed.core.accounts import service as accounts_service
from ic2permed.core.commands import command_database, command_state
from ic2permed.core.database import Database
from ic2permed.core.errors import DomainError, ValidationFailed
from ic2permed.core.permissions import Actor

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
        bool, typer.Option("--ciio", help="The provider is a critical-information-infrastructure operator.", metavar="")
    ] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="YYYY-MM-DD (default today): the rules in force that day.")
    ] = None,
    important_data: Annotated[
        bool,
        typer.Option(
            "--important-data", help="The data were notified or published as important data (China's DSL).", metavar=""
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.", metavar="")] = False,
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
            important_data=important_data,
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


requests_app = typer.Typer(
    help="Access requests: list, show and export (with checklist and evidence).", no_args_is_help=True
)
AS_USER = Annotated[
    str | None, typer.Option("--as", help="See what this user sees (default: the platform operator, who sees all).")
]


def _session_actor(ctx: typer.Context, username: str | None) -> tuple[Database, Actor]:
    database = command_database(ctx)
    if username is None:
        return database, Actor.system()
    with database.session() as session:
        user = accounts.by_username(session, username)
        if user is None:
            _fail(f"error: --as: no user {username!r}", 1)
        return database, accounts_service.actor_for(user)


def _domain_fail(exc: DomainError) -> NoReturn:
    _fail(f"error: {exc}", 1)


@requests_app.command("list")
def list_requests(
    ctx: typer.Context,
    username: AS_USER = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """Requests visible to the user, newest first."""
    database, actor = _session_actor(ctx, username)
    with database.session() as session:
        try:
            rows = service.list_requests(session, actor)
        except DomainError as exc:
            _domain_fail(exc)
    if as_json:
        _write([r.model_dump(mode="json") for r in rows])
        return
    table = Table("id", "title", "requester", "state", "collections", "submitted")
    for r in rows:
        table.add_row(str(r.id), r.title, r.requester, r.state, str(r.items), r.submitted_on.isoformat())
    out.print(table)


@requests_app.command("show")
def show_request(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="Request id.")],
    username: AS_USER = None,
) -> None:
    """One request as JSON: collections with their states, checklist steps and evidence, history, messages."""
    database, actor = _session_actor(ctx, username)
    with database.session() as session:
        try:
            detail = service.get_request(session, actor, request_id)
        except DomainError as exc:
            _domain_fail(exc)
    _write(detail.model_dump(mode="json"))


@requests_app.command("export")
def export_requests(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="json (more formats in the web dossier).")] = "json",
    request_id: Annotated[list[int] | None, typer.Option("--id", help="Only these requests (repeatable).")] = None,
    username: AS_USER = None,
) -> None:
    """Each request with its states, checklist steps and evidence."""
    if fmt != "json":
        _fail(f"error: --format: {fmt!r} is not one of json", 2)
    database, actor = _session_actor(ctx, username)
    with database.session() as session:
        try:
            data = service.export(session, actor, request_id or None)
        except DomainError as exc:
            _domain_fail(exc)
    _write(data)


@requests_app.command("deliver")
def deliver_outbox(ctx: typer.Context) -> None:
    """Send due webhooks (signed) and e-mail (when SMTP is configured); failures are retried later.

    Mail to bundled or demo directory addresses is withheld unless IC2PERMED_MAIL_BUNDLED_CONTACTS=true."""
    settings = command_state(ctx).settings
    database, _actor = _session_actor(ctx, None)
    send_mail = (
        mail.smtp_sender(settings.smtp_host, settings.smtp_port, settings.smtp_from) if settings.smtp_host else None
    )
    with httpx.Client(timeout=10, follow_redirects=False) as client, database.session() as session:

        def send(url: str, headers: dict[str, str], body: str) -> int:
            return client.post(url, content=body.encode(), headers=headers).status_code

        report = service.deliver(
            session,
            send,
            send_mail,
            allow_insecure=settings.webhooks_allow_insecure,
            mail_bundled=settings.mail_bundled_contacts,
        )
    _write(report.model_dump())


@requests_app.command("remind")
def remind_waiting(
    ctx: typer.Context,
    after_days: Annotated[int, typer.Option("--after-days", min=1, help="Remind after this many days.")] = 14,
    unreachable_days: Annotated[
        int, typer.Option("--unreachable-days", min=1, help="Mark a silent representative unreachable.")
    ] = 28,
) -> None:
    """Remind representatives of requests waiting on them (notification and e-mail)."""
    database, _actor = _session_actor(ctx, None)
    with database.session() as session:
        count = service.remind(session, after_days=after_days, unreachable_days=unreachable_days)
    _write({"reminded": count})
