"""`make run`'s local federation: four synthetic Beacon nodes (two EU, two Chinese) trusted by the hub.

Each node gets its own DuckDB file of synthetic donors under ``var/nodes/`` (made once, reused), runs as
its own process on the ports after the hub's, and trusts the hub through a shared secret generated on
first start. The hub's node registry is kept in step with the ports in use.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time

import httpx

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.core.secrets import ensure_secret_file
from ic2permed.federation.hub import service
from ic2permed.federation.hub.demo_nodes import DEMO_NODES, DemoNode
from ic2permed.federation.hub.schemas import NodeCreate

log = logging.getLogger(__name__)
DONORS = 50_000


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ic2permed", *args]


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM it when the demo dies, even by SIGKILL or a crash."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


DATA_VERSION = "v2"  # v2: the Locator's measures and statuses (BMI, weight, height, smoking, fasting)


def start(settings: Settings, database: Database) -> list[subprocess.Popen[bytes]]:
    """Make the nodes' data if missing, start them, and register them with the hub."""
    chosen = DEMO_NODES[: settings.demo_nodes]
    if not chosen:
        return []
    folder = settings.var_dir / "nodes"
    folder.mkdir(parents=True, exist_ok=True)
    secret = ensure_secret_file(folder / "hub-secret")
    trusted = folder / "trusted-hubs.json"
    trusted.write_text(json.dumps({"hubs": [{"id": service.HUB_ID, "secret": secret, "jurisdiction": "EU"}]}))
    processes: list[subprocess.Popen[bytes]] = []
    for number, node in enumerate(chosen, start=1):
        db = folder / f"{node.id}-{DATA_VERSION}.duckdb"  # a new version remakes older demo data
        if not db.exists():
            log.info("Making %s synthetic donors for %s", DONORS, node.id)
            subprocess.run(
                _cli(
                    "node",
                    "synth",
                    "--donors",
                    str(DONORS),
                    "--profile",
                    node.profile,
                    "--db",
                    str(db),
                    "--seed",
                    str(number),
                    "--name",
                    node.name,
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        port = settings.port + number
        command = _cli(
            "node",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--host",
            settings.host,
            "--jurisdiction",
            node.jurisdiction,
            "--trusted-hubs",
            str(trusted),
        )
        with (folder / f"{node.id}.log").open("ab") as node_log:  # the child keeps its own copy of the handle
            processes.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=node_log, preexec_fn=_die_with_parent)
            )
        _register(database, node, f"http://{settings.host}:{port}/api", secret)
    _wait_until_answering(
        [f"http://{settings.host}:{settings.port + n}/api" for n in range(1, len(chosen) + 1)], processes
    )
    return processes


def _wait_until_answering(urls: list[str], processes: list[subprocess.Popen[bytes]], limit: float = 120) -> None:
    """The hub announces itself only once its demo nodes answer, so a first query never finds them missing."""
    pending = dict(zip(urls, processes, strict=True))
    deadline = time.monotonic() + limit
    while pending and time.monotonic() < deadline:
        for url, process in list(pending.items()):
            if process.poll() is not None:
                log.warning(
                    "The demo node at %s stopped (exit %s); see its log under var/nodes", url, process.returncode
                )
                del pending[url]
                continue
            try:
                httpx.get(url, timeout=1)
                del pending[url]
            except httpx.TransportError:
                pass
        time.sleep(0.2)
    for url in pending:
        log.warning("The demo node at %s does not answer yet; the hub shows it as unreachable until it does", url)


def _register(database: Database, node: DemoNode, url: str, secret: str) -> None:
    with database.session() as session:
        service.register_local_node(
            session,
            Actor.system(),
            NodeCreate(
                id=node.id,
                name=node.name,
                base_url=url,
                jurisdiction=node.jurisdiction,
                region=node.region,
                biobank_id=node.biobank_id,
                signing_secret=secret,
            ),
        )


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
