"""`make run`'s local federation: four synthetic Beacon nodes (two EU, two Chinese) trusted by the hub.

Each node gets its own DuckDB file of synthetic donors under ``var/nodes/`` (made once, reused), runs as
its own process on the ports after the hub's, and trusts the hub through a shared secret generated on
first start. The hub's node registry is kept in step with the ports in use.

The demo supervises its nodes: one that stops is restarted (after 1, 2, 4 … s, at most MAX_RESTARTS times
in a row) and the hub's pages say so. Every node stops with the demo: on SIGTERM, SIGINT or SIGHUP through
`Supervisor.stop`, and when the demo dies without running it (SIGKILL, a crash) through
``PR_SET_PDEATHSIG``.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.core.secrets import ensure_secret_file
from ic2permed.federation.hub import service
from ic2permed.federation.hub.demo_nodes import DEMO_NODES, DemoNode
from ic2permed.federation.hub.schemas import NodeCreate, ProcessState

log = logging.getLogger(__name__)
DONORS = 50_000
MAX_RESTARTS = 5  # in a row; a node that keeps crashing is left down (and the page says so)
STEADY = 60.0  # seconds of running that count as recovered
DATA_VERSION = "v2"  # v2: the Locator's measures and statuses (BMI, weight, height, smoking, fasting)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ic2permed", *args]


def _die_with_parent(parent: int) -> Callable[[], None]:
    """In the child, before exec: ask Linux to SIGTERM it when the demo dies, even by SIGKILL or a crash.

    Linux sends the signal when the *thread* that started the child ends, so nodes are started only by the
    main thread or by the supervisor's thread, which lives as long as the demo. If the demo died before the
    request took hold, the child stops at once instead of living on as an orphan."""

    def prepare() -> None:
        if sys.platform.startswith("linux"):
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os._exit(1)

    return prepare


@dataclass
class NodeProcessRun:
    """One node process and what its supervisor knows of it."""

    node: DemoNode
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)
    restarts: int = 0  # since the demo started, shown on the pages
    in_a_row: int = 0  # restarts without a steady run between them, bounded by MAX_RESTARTS
    due: float | None = None  # when the next restart is due, while it is down
    given_up: bool = False


def _spawn(command: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as node_log:  # the child keeps its own copy of the handle
        return subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=node_log,
            preexec_fn=_die_with_parent(os.getpid()),
            # Its own process group: Ctrl-C in the terminal reaches the demo alone, which stops its nodes itself
            # (otherwise the supervisor would see them die at once and start them again).
            start_new_session=True,
        )


def backoff(in_a_row: int) -> float:
    """Seconds before restart number ``in_a_row + 1``: 1, 2, 4, 8, 16, then 30 at most."""
    return float(min(2**in_a_row, 30))


class Supervisor:
    """Restarts a demo node that stopped (after a growing wait, at most MAX_RESTARTS times in a row) and
    records each node's state through the hub service, so the federated search page can say so.

    A node that ran STEADY seconds since its last restart earns its full allowance back. Every change goes
    through one lock with `stop`, so no node is started once stopping has begun."""

    def __init__(self, database: Database, runs: list[NodeProcessRun], interval: float = 0.5) -> None:
        self.database = database
        self.runs = runs
        self.interval = interval
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="demo-node-supervisor", daemon=True)

    def __len__(self) -> int:
        return len(self.runs)

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        with self._lock:
            return [run.process for run in self.runs]

    def start(self) -> None:
        for run in self.runs:
            self._record(run, ProcessState.RUNNING)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.check()
            except Exception:  # one bad round (a busy database, say) must not end supervision for good
                log.exception("The demo node supervisor failed a round; it goes on")

    def check(self, now: float | None = None) -> None:
        """One round: notice nodes that stopped, restart those whose wait is over."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if self._stopping.is_set():
                return
            for run in self.runs:
                self._check_one(run, now)

    def _check_one(self, run: NodeProcessRun, now: float) -> None:
        if run.given_up:
            return
        if run.due is None:
            code = run.process.poll()
            if code is None:
                if run.in_a_row and now - run.started >= STEADY:
                    run.in_a_row = 0
                return
            if run.in_a_row >= MAX_RESTARTS:
                run.given_up = True
                log.error(
                    "Demo node %s stopped (exit %s) %d times in a row; not restarting it. See %s",
                    run.node.id,
                    code,
                    run.in_a_row + 1,
                    run.log_path,
                )
                self._record(run, ProcessState.FAILED, code)
                return
            run.due = now + backoff(run.in_a_row)
            log.warning("Demo node %s stopped (exit %s); restarting it in %g s", run.node.id, code, run.due - now)
            self._record(run, ProcessState.RESTARTING, code)
        elif now >= run.due:
            run.process = _spawn(run.command, run.log_path)
            run.started, run.due = now, None
            run.restarts += 1
            run.in_a_row += 1
            log.warning("Demo node %s restarted (restart %d)", run.node.id, run.restarts)
            self._record(run, ProcessState.RUNNING)

    def _record(self, run: NodeProcessRun, state: ProcessState, exit_code: int | None = None) -> None:
        with self.database.session() as session:
            service.record_process(session, run.node.id, state, run.restarts, exit_code)

    def stop(self) -> None:
        """Stop supervising, then stop every node (SIGTERM, then SIGKILL after 10 s)."""
        with self._lock:
            self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        _stop_processes([run.process for run in self.runs])
        try:
            with self.database.session() as session:
                service.forget_processes(session, [run.node.id for run in self.runs])
        except Exception:  # the nodes are stopped; a stale line on a page is the lesser harm
            log.exception("Could not clear the demo nodes' state")


def start(settings: Settings, database: Database) -> Supervisor | None:
    """Make the nodes' data if missing, start and register them, and supervise them until `stop`."""
    chosen = DEMO_NODES[: settings.demo_nodes]
    if not chosen:
        return None
    folder = settings.var_dir / "nodes"
    folder.mkdir(parents=True, exist_ok=True)
    secret = ensure_secret_file(folder / "hub-secret")
    trusted = folder / "trusted-hubs.json"
    trusted.write_text(json.dumps({"hubs": [{"id": service.HUB_ID, "secret": secret, "jurisdiction": "EU"}]}))
    runs: list[NodeProcessRun] = []
    try:
        for number, node in enumerate(chosen, start=1):
            db = folder / f"{node.id}-{DATA_VERSION}.duckdb"  # a new version remakes older demo data
            if not db.exists():
                _synthesise(node, db, number)
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
            log_path = folder / f"{node.id}.log"
            runs.append(NodeProcessRun(node, command, log_path, _spawn(command, log_path)))
            _register(database, node, f"http://{settings.host}:{port}/api", secret)
        _wait_until_answering(
            [f"http://{settings.host}:{settings.port + n}/api" for n in range(1, len(chosen) + 1)],
            [run.process for run in runs],
        )
    except BaseException:
        _stop_processes([run.process for run in runs])
        raise
    supervisor = Supervisor(database, runs)
    supervisor.start()
    return supervisor


def _synthesise(node: DemoNode, db: Path, seed: int) -> None:
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
            str(seed),
            "--name",
            node.name,
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )


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


def _stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
