"""Start the web server, and for `demo` the first admin and the local federation nodes."""

from __future__ import annotations

import signal
import sys

import uvicorn
from rich.console import Console

from ic2permed.core.accounts import service as accounts
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.domain_spec import DemoRun

err = Console(stderr=True)


def run_server(
    settings: Settings, host: str | None = None, port: int | None = None, workers: int | None = None
) -> None:
    count = workers or settings.workers
    if count > 1 and settings.database_engine == "sqlite":
        err.print("[yellow]SQLite serves one worker; set IC2PERMED_DATABASE_URL to PostgreSQL for more.[/]")
        count = 1
    uvicorn.run(
        "ic2permed.web.asgi:create",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=count,
        log_level=settings.log_level.lower(),
        # X-Forwarded-For/-Proto only from the configured proxies: otherwise any client could pick its own
        # address, and with it a fresh anonymous query budget at every Beacon node (issue 15).
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
        timeout_graceful_shutdown=10,  # SIGTERM always stops the server, even with fan-outs in flight
    )


def announce_admin(database: Database) -> None:
    with database.session() as session:
        created = accounts.ensure_admin(session)
    if created:
        username, password = created
        err.print("\n[bold]An administrator account was created. The password is shown only this once:[/bold]")
        sys.stdout.write(f"  username: {username}\n  password: {password}\n")
        sys.stdout.flush()
        err.print(f"Change it with: ic2permed users set-password {username} --password-stdin\n")
    else:
        err.print(
            "Log in with the administrator account created on the first run "
            "(forgotten? ic2permed users set-password admin --password-stdin)."
        )


def run_demo(settings: Settings, database: Database) -> None:
    """Admin account, local demo nodes, then the hub; every process started here stops with it."""
    from ic2permed.core.fonts import cjk_font
    from ic2permed.domains import all_domains

    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default handler that kills this
    # process before `finally` stops the nodes (issue 15: they were left holding their ports). As an
    # exception it unwinds through `finally` instead.
    def _terminate(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)  # the terminal closed: stop the nodes too
    announce_admin(database)
    if cjk_font() is None:
        err.print("[yellow]No CJK font found: Chinese in charts and PDFs needs fonts-noto-cjk.[/]")
    started: list[DemoRun] = []
    try:
        for domain in all_domains():
            if domain.start_demo is not None:
                run = domain.start_demo(settings, database)
                if run is not None:
                    started.append(run)
        nodes = sum(len(run) for run in started)
        url = f"http://{settings.host}:{settings.port}"
        err.print(
            f"\n[bold green]IC2PerMed is starting at {url}[/] (API docs: {url}/docs) with {nodes} local "
            "Beacon nodes. Ctrl-C stops everything.\n"
        )
        run_server(settings)
    finally:
        for run in reversed(started):
            run.stop()
