"""The `ic2permed` command: core commands plus each domain's sub-commands.

Machine-readable output goes to stdout; logs, progress and errors to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from ic2permed import __version__
from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate, UserCreate
from ic2permed.core.commands import CommandState, command_state
from ic2permed.core.config import ConfigError, Settings, load_settings
from ic2permed.core.database import Database, translate_error
from ic2permed.core.errors import DomainError
from ic2permed.core.migrate import current_revision, upgrade
from ic2permed.core.permissions import Actor, Role
from ic2permed.domains import all_domains

out = Console()
err = Console(stderr=True)

app = typer.Typer(
    name="ic2permed",
    help="IC2PerMed: EU–China collaboration platform for Personalised Medicine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Local user accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
config_app = typer.Typer(help="Effective configuration.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
users_app.add_typer(token_app, name="token")
app.add_typer(config_app, name="config")


def _prepare(settings: Settings) -> Database:
    from ic2permed.bootstrap import ensure_ready  # imports every domain: only when a command needs the database

    return ensure_ready(settings)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _print_version(value: bool) -> None:
    """`ic2permed --version`, before settings are read, so it works anywhere."""
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more to stderr.", metavar="")] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", metavar="", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    settings = load_settings()
    logging.basicConfig(
        level=logging.DEBUG if verbose else getattr(logging, settings.log_level.upper(), logging.INFO),
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        # Libraries that log every request or font subset drown the one line a user needs.
        for noisy in ("alembic", "httpx", "httpcore", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx.obj = CommandState(settings, _prepare)


@app.command()
def version() -> None:
    """Print the platform version."""
    out.print(__version__)


@config_app.command("show")
def config_show(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False
) -> None:
    """Print the effective settings with secrets masked."""
    shown = command_state(ctx).settings.masked()
    if as_json:
        print_json(shown)
        return
    table = Table("setting", "value", title="IC2PerMed settings (env prefix IC2PERMED_)")
    for key, value in shown.items():
        table.add_row(key, str(value))
    out.print(table)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, revision: str = "heads") -> None:
    """Apply the Alembic migrations (creating the SQLite file if needed)."""
    settings = command_state(ctx).settings
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.effective_database_url)
    upgrade(database.engine, revision)
    err.print(f"Database at revision(s) {current_revision(database.engine)} ({database.dialect}).")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the schema revision of the configured database."""
    settings = command_state(ctx).settings
    out.print(current_revision(Database(settings.effective_database_url).engine) or "(empty)")


def _read_password(password_stdin: bool) -> str:
    if not password_stdin:
        raise typer.BadParameter("pass the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise typer.BadParameter("no password on standard input")
    return password


@users_app.command("create")
def users_create(
    ctx: typer.Context,
    username: Annotated[str, typer.Option("--username", help="Login name.")],
    role: Annotated[list[Role], typer.Option("--role", help="Role; repeat for several.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.", metavar="")
    ] = False,
    display_name: Annotated[str, typer.Option(help="Name shown on pages.")] = "",
) -> None:
    """Create a local user."""
    password = _read_password(password_stdin)
    with command_state(ctx).database().session() as session:
        user = accounts.create_user(
            session,
            Actor.system(),
            UserCreate(username=username, password=password, roles=role, display_name=display_name),
        )
    err.print(f"Created user {user.username} with roles {', '.join(r.value for r in user.roles)}.")


@users_app.command("list")
def users_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False
) -> None:
    """List users and their roles."""
    with command_state(ctx).database().session() as session:
        users = accounts.list_users(session, Actor.system())
    if as_json:
        print_json([u.model_dump(mode="json") for u in users])
        return
    table = Table("username", "roles", "active", "created")
    for u in users:
        table.add_row(u.username, ", ".join(r.value for r in u.roles), str(u.is_active), f"{u.created_at:%Y-%m-%d}")
    out.print(table)


@users_app.command("set-password")
def users_set_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.", metavar="")
    ] = False,
) -> None:
    """Set a user's password (logs out their existing sessions)."""
    password = _read_password(password_stdin)
    with command_state(ctx).database().session() as session:
        accounts.set_password(session, Actor.system(), username, password)
    err.print(f"Password of {username} changed.")


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Owner of the token.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    expires_days: Annotated[int | None, typer.Option(help="Expire after N days.")] = None,
) -> None:
    """Create a personal API token and print it once (stdout)."""
    with command_state(ctx).database().session() as session:
        token = accounts.create_token(
            session, Actor.system(), TokenCreate(label=label, expires_days=expires_days), username
        )
    sys.stdout.write(token.token + "\n")
    err.print(f"Token {token.id} for {username}; it is shown only now.")


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Owner of the tokens.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.", metavar="")] = False,
) -> None:
    """List a user's tokens (never the secret itself)."""
    with command_state(ctx).database().session() as session:
        tokens = accounts.list_tokens(session, Actor.system(), username)
    if as_json:
        print_json([t.model_dump(mode="json") for t in tokens])
        return
    table = Table("id", "label", "prefix", "created", "last used", "revoked")
    for t in tokens:
        table.add_row(
            str(t.id),
            t.label,
            t.prefix + "…",
            f"{t.created_at:%Y-%m-%d}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "—",
            f"{t.revoked_at:%Y-%m-%d}" if t.revoked_at else "—",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(ctx: typer.Context, token_id: Annotated[int, typer.Argument(help="Token id.")]) -> None:
    """Revoke a token; requests using it fail from now on."""
    with command_state(ctx).database().session() as session:
        accounts.revoke_token(session, Actor.system(), token_id)
    err.print(f"Token {token_id} revoked.")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Interface (default IC2PERMED_HOST).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port (default IC2PERMED_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Worker processes.")] = None,
) -> None:
    """Serve the web app and API (migrating and loading bundled data first)."""
    from ic2permed.server import run_server

    cli_state = command_state(ctx)
    cli_state.database()
    run_server(cli_state.settings, host=host, port=port, workers=workers)


@app.command()
def demo(ctx: typer.Context) -> None:
    """What `make run` calls: prepare everything, create the first admin, start the platform."""
    from ic2permed.server import run_demo

    run_demo(command_state(ctx).settings, command_state(ctx).database())


for _domain in all_domains():
    if _domain.cli is not None:
        app.add_typer(_domain.cli, name=_domain.cli_name or _domain.name)
    for _name, _extra in _domain.more_cli:
        app.add_typer(_extra, name=_name)


def fail(message: str, code: int) -> None:
    """One plain line on stderr (never wrapped or coloured into several), then exit."""
    sys.stderr.write(" ".join(message.split()) + "\n")
    sys.exit(code)


def _invoked(args: list[str]) -> Any:
    """The command these arguments run (`biobanks search …` → its click command), for naming its options."""
    command = typer.main.get_command(app)
    for arg in args:
        subcommands = getattr(command, "commands", None)
        if not isinstance(subcommands, dict) or arg.startswith("-"):
            continue
        if arg not in subcommands:
            break
        command = subcommands[arg]
    return command


def _parameter(field: str) -> str:
    """The option or argument the user typed for a schema field (`diseases` → `--disease`, `id` → `NODE_ID`).

    Errors then name what the user can change on the command line; a field with no parameter keeps its name.
    """
    head = field.split(".")[0].split(": ")[-1]
    for param in _invoked(sys.argv[1:]).params:
        name = param.name or ""
        if head in (name, name + "s", name + "es") or name.endswith("_" + head):
            return _label(param)
    return field


def _label(param: Any) -> str:
    """How the help shows a parameter: its first flag (`--region`), or an argument's name (`PATH`)."""
    if param.param_type_name == "option":
        return str(param.opts[0])
    return str(param.metavar or param.name).upper()


def _readable(message: str) -> str:
    """Pydantic's words for a failed check, without the 'Value error, ' it puts before our own messages."""
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def _domain_line(exc: DomainError) -> tuple[str, int]:
    """`error: --flag: message` and exit 2 when a field came from the command line, else the error's own
    line and exit 1 (the platform refused a well-formed request)."""
    if not exc.errors:
        return f"error: {exc}", 1
    first = exc.errors[0]
    where = _parameter(first.field)
    if first.row is None and where != first.field:
        more = f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else ""
        return f"error: {where}: {first.message}{more}", 2
    return f"error: {exc}", 1


def _usage_line(exc: Exception) -> str:
    """A usage error of the command line (Typer's click) as one line, like every other error, with where to
    read more: `error: --format: use json, csv or xlsx (see: ic2permed landscape export --help)`."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "ic2permed"
    param = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and exc.message and (param is not None or exc.param_hint):
        hint = exc.param_hint or _label(param)
        where = hint if isinstance(hint, str) else " / ".join(hint)
        return f"error: {where.replace(chr(39), '')}: {_readable(exc.message)} (see: {path} --help)"
    message = getattr(exc, "format_message", lambda: str(exc))()
    return f"error: {message} (see: {path} --help)"


def main() -> None:
    """Entry point: one readable line and a non-zero exit for expected failures, never a traceback."""
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except ConfigError as exc:
        fail(str(exc), 2)
    except DomainError as exc:
        fail(*_domain_line(exc))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "input"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        fail(f"error: {_parameter(field)}: {_readable(first['msg'])}{more}", 2)
    except (SQLAlchemyError, OverflowError) as exc:  # never the SQL or its parameters (hashes, tokens)
        logging.getLogger("ic2permed").debug("database error", exc_info=True)
        translated = translate_error(exc)
        fail(f"error: {translated or 'the database failed (' + type(exc).__name__ + '); run with -v for details'}", 1)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click (vendored by Typer) usage errors, then anything unexpected
        code = getattr(exc, "exit_code", None)
        if isinstance(code, int) and callable(getattr(exc, "format_message", None)):
            fail(_usage_line(exc), code)
        if isinstance(code, int):
            sys.exit(code)
        logging.getLogger("ic2permed").debug("unexpected error", exc_info=True)
        fail(f"error: {type(exc).__name__}: {exc}", 1)
