"""The hub under many concurrent users: four real local nodes, SQLite and PostgreSQL, loopback only.

Each round starts the four Beacon nodes (``ic2permed node serve`` on synthetic data, budgets off so the
load is not refused), then the hub (uvicorn, 1 worker on SQLite, ``--pg-workers`` on PostgreSQL), and
keeps N clients asking ``POST /api/v1/federation/query`` back to back for a fixed time, anonymous or
with an API token. In the same run one more client asks a node directly, so the nodes' own latency
is measured beside the hub's. Everything is bounded: a request gives up after 30 s, a round after its
duration, and every process is killed at the end.

    python -m bench.hub_load                  # this checkout
    python -m bench.hub_load --src /tmp/old/src --label baseline   # another checkout, for a baseline
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import create_engine, text
from tests.fakes.servers import free_port

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate, UserCreate
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.migrate import upgrade
from ic2permed.core.permissions import Actor, Role
from ic2permed.federation.hub import service
from ic2permed.federation.hub.schemas import NodeCreate

HUB_SECRET = "bench-hub-signing-secret-" + "s" * 32
APP_SECRET = "bench-app-secret-" + "a" * 40
DONORS = 20_000
QUESTION = {"diseases": ["E10-E14"], "sex": "female", "age_min": 40, "age_max": 60}
NODE_QUESTION = {
    "meta": {"apiVersion": "v2.0"},
    "query": {"filters": [{"id": "ICD10:E10-E14"}, {"id": "NCIT:C16576"}], "requestedGranularity": "count"},
}
PG_URL = os.environ.get("IC2PERMED_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUEST_TIMEOUT = 30.0
WARM_UP = 3.0  # seconds of light load before each measured round


@dataclass(frozen=True)
class Round:
    engine: str
    clients: int
    logged_in: bool


def _python(src: Path | None) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    for key in [k for k in env if k.startswith("IC2PERMED_")]:
        env.pop(key)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return [sys.executable], env


def _wait(url: str, method: str = "GET", body: Any = None, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.request(method, url, json=body, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as handle:
        # its own process group: uvicorn's workers are its children, and killing only the parent left
        # them running (holding PostgreSQL connections and CPU) into the next round
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=handle, start_new_session=True)
    try:
        yield process
    finally:
        # SIGKILL to the whole group: a locked-up hub ignores SIGTERM (issue 15), so the bench never relies on it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def make_nodes(folder: Path) -> list[Path]:
    paths = []
    for number in range(4):
        db = folder / f"node{number}.duckdb"
        if not db.exists():
            profile = [
                "--profile",
                "eu" if number < 2 else "cn",
                "--seed",
                str(number + 1),
                "--name",
                f"Bench {number}",
            ]
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "ic2permed",
                    "node",
                    "synth",
                    "--donors",
                    str(DONORS),
                    "--db",
                    str(db),
                    *profile,
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        paths.append(db)
    return paths


@contextmanager
def nodes_running(
    stack: ExitStack, dbs: list[Path], folder: Path, src: Path | None
) -> Iterator[tuple[list[str], list[int]]]:
    python, env = _python(src)
    trusted = folder / "trusted.json"
    trusted.write_text(json.dumps({"hubs": [{"id": service.HUB_ID, "secret": HUB_SECRET, "jurisdiction": "EU"}]}))
    urls, pids = [], []
    for number, db in enumerate(dbs):
        port = free_port()
        command = [*python, "-m", "ic2permed", "node", "serve", "--db", str(db), "--port", str(port)]
        command += ["--trusted-hubs", str(trusted), "--budget", "0"]
        command += ["--jurisdiction", "EU" if number < 2 else "CN"]
        pids.append(stack.enter_context(_process(command, env, folder / "nodes.log")).pid)
        urls.append(f"http://127.0.0.1:{port}/api")
    for url in urls:
        _wait(url + "/individuals", "POST", NODE_QUESTION)
    yield urls, pids


def prepare_database(url: str, node_urls: list[str]) -> str:
    """Migrate, register the nodes, and make a researcher with an API token; returns the token."""
    database = Database(url)
    try:
        upgrade(database.engine)
        with database.session() as session:
            for number, node_url in enumerate(node_urls):
                service.add_node(
                    session,
                    Actor.system(),
                    NodeCreate(
                        id=f"bench-{number}",
                        name=f"Bench node {number}",
                        base_url=node_url,  # type: ignore[arg-type]
                        jurisdiction="EU" if number < 2 else "CN",
                        region="EU" if number < 2 else "China",
                        signing_secret=HUB_SECRET,
                    ),
                )
        with database.session() as session:
            accounts.create_user(
                session,
                Actor.system(),
                UserCreate(username="bench-fictional", password="bench-password-123", roles=[Role.RESEARCHER]),
            )
        with database.session() as session:
            return accounts.create_token(session, Actor.system(), TokenCreate(label="bench"), "bench-fictional").token
    finally:
        database.dispose()


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and all its descendants (uvicorn's workers), from /proc.

    Under a shared, busy machine wall-clock figures swing several-fold between runs; the CPU a query
    costs the hub is what the code controls, and it moves far less (issue 15)."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(used.get(p, 0.0) for p in family)


def _default_bound() -> int | str:
    """The code under test's own default; code from before the bound existed admits everything."""
    field = Settings.model_fields.get("federation_max_inflight")
    return field.default if field is not None else "∞"


def _cpu_of(pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in pids)


def _own_cpu() -> float:
    """CPU used by this process, the load generator: it shares the two cores with the hub and the nodes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def hub_running(
    folder: Path, url: str, workers: int, src: Path | None, max_inflight: int | None = None
) -> Iterator[tuple[str, int]]:
    python, env = _python(src)
    if max_inflight is not None:
        env["IC2PERMED_FEDERATION_MAX_INFLIGHT"] = str(max_inflight)
    env |= {
        "IC2PERMED_VAR_DIR": str(folder / "var"),
        "IC2PERMED_DATABASE_URL": url,
        "IC2PERMED_SECRET_KEY": APP_SECRET,
        "IC2PERMED_LOAD_BUNDLED_DATA": "false",
        "IC2PERMED_LOG_LEVEL": "WARNING",
    }
    port = free_port()
    command = [*python, "-m", "uvicorn", "ic2permed.web.asgi:create", "--factory", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    with _process(command, env, folder / "hub.log") as process:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/healthz")
        yield base, process.pid


def _percentile(values: list[float], share: float) -> float | None:
    """In milliseconds; None when nothing was answered (results.json stays valid JSON)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))] * 1000, 1)


async def _load(hub: str, node: str, clients: int, token: str | None, seconds: float) -> dict[str, Any]:
    """N clients asking back to back, plus one asking a node directly every 50 ms.

    The clients use aiohttp: on two shared cores the load generator competes with the hub and the nodes
    for CPU, and httpx spent about 13 ms of it per request here, more than a node's answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = json.dumps(QUESTION).encode()
    latencies: list[float] = []
    node_latencies: list[float] = []
    statuses: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    limit = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    json_headers = {"Content-Type": "application/json"}

    async def client_loop(http: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                async with http.post(
                    hub + "/api/v1/federation/query", data=body, headers=headers | json_headers, timeout=limit
                ) as response:
                    await response.read()
                key = str(response.status)
                if response.status == 200:
                    latencies.append(time.perf_counter() - started)
                elif response.status == 503:
                    await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
            except (aiohttp.ClientError, TimeoutError) as exc:
                key = type(exc).__name__
            statuses[key] = statuses.get(key, 0) + 1

    async def node_sampler(http: aiohttp.ClientSession) -> None:
        question = json.dumps(NODE_QUESTION).encode()
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                async with http.post(
                    node + "/individuals", data=question, headers=json_headers, timeout=limit
                ) as response:
                    await response.read()
                if response.status == 200:
                    node_latencies.append(time.perf_counter() - started)
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.05)

    async with (
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients + 10)) as http,
        aiohttp.ClientSession() as direct,
    ):
        started = time.perf_counter()
        await asyncio.gather(node_sampler(direct), *(client_loop(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    answered = statuses.get("200", 0)
    return {
        "clients": clients,
        "logged_in": token is not None,
        "seconds": round(elapsed, 1),
        "answered": answered,
        "throughput_per_s": round(answered / elapsed, 1),
        "p50_ms": _percentile(latencies, 0.5),
        "p95_ms": _percentile(latencies, 0.95),
        "turned_away_503": statuses.get("503", 0),
        "errors": {k: v for k, v in statuses.items() if k not in ("200", "503")},
        "node_direct_p50_ms": _percentile(node_latencies, 0.5),
        "node_direct_p95_ms": _percentile(node_latencies, 0.95),
        "node_direct_samples": len(node_latencies),
    }


def _healthy(hub: str) -> bool:
    try:
        return httpx.get(hub + "/healthz", timeout=10).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def _pg_schema(name: str) -> Iterator[str]:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    joiner = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{joiner}options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


def run(
    src: Path | None = None,
    engines: tuple[str, ...] = ("sqlite", "postgresql"),
    clients: tuple[int, ...] = (50, 500),
    seconds: float = 10.0,
    pg_workers: int = 2,
    data: Path | None = None,
    max_inflight: int | None = None,
) -> dict[str, Any]:
    rounds: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="ic2permed-hubload-") as tmp:
        folder = Path(tmp)
        dbs = make_nodes(data or folder)
        for engine in engines:
            with ExitStack() as stack:
                node_urls, node_pids = stack.enter_context(nodes_running(stack, dbs, folder, src))
                if engine == "sqlite":
                    url, workers = f"sqlite:///{folder / f'hub-{time.monotonic_ns()}.db'}", 1
                else:
                    url = stack.enter_context(_pg_schema(f"bench_hub_{os.getpid()}"))
                    workers = pg_workers
                token = prepare_database(url, node_urls)
                for count in clients:
                    for logged_in in (False, True):
                        with hub_running(folder, url, workers, src, max_inflight) as (hub, pid):
                            # A short warm-up, not counted: first connections, lazy imports and caches
                            # otherwise dominate a 10 s round on a busy machine.
                            asyncio.run(_load(hub, node_urls[0], 4, token if logged_in else None, WARM_UP))
                            used, by_nodes, by_client = cpu_seconds(pid), _cpu_of(node_pids), _own_cpu()
                            figures = asyncio.run(
                                _load(hub, node_urls[0], count, token if logged_in else None, seconds)
                            )
                            used = cpu_seconds(pid) - used
                            by_nodes, by_client = _cpu_of(node_pids) - by_nodes, _own_cpu() - by_client
                            answers = max(figures["answered"], 1)
                            figures |= {
                                "hub_cpu_ms_per_answer": round(1000 * used / answers, 1),
                                "nodes_cpu_ms_per_answer": round(1000 * by_nodes / answers, 1),
                                "client_cpu_ms_per_answer": round(1000 * by_client / answers, 1),
                                "engine": engine,
                                "workers": workers,
                                "max_inflight": max_inflight or _default_bound(),
                                "healthz_after": _healthy(hub),
                                # the machine is shared: how busy it was is part of the figure
                                "load_average_1min": round(os.getloadavg()[0], 1),
                            }
                        print(json.dumps(figures), file=sys.stderr)
                        rounds.append(figures)
    return {"donors_per_node": DONORS, "nodes": 4, "seconds_per_round": seconds, "rounds": rounds}


DOCS = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
START_MARK, END_MARK = "<!-- hub-load:start -->", "<!-- hub-load:end -->"


def table(section: dict[str, Any]) -> str:
    """One row per round and checkout: what docs/performance.md shows."""
    lines = [
        "| code | engine (workers × fan-outs admitted) | clients | user | answered/s | p50 / p95 ms"
        " | 503 (Retry-After) | errors | /healthz after | node alone p50 / p95 ms"
        " | CPU ms per answer: hub / 4 nodes / clients | load average |",
        "| --- | --- | ---: | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for label, figures in section.items():
        for r in figures.get("rounds", []):
            errors = ", ".join(f"{k} {v}" for k, v in r["errors"].items()) or "0"
            lines.append(
                f"| {label} | {r['engine']} ({r['workers']} × {r.get('max_inflight', 32)}) | {r['clients']} |"
                f" {'token' if r['logged_in'] else 'anonymous'} | {r['throughput_per_s']} |"
                f" {_ms(r['p50_ms'])} / {_ms(r['p95_ms'])} | {r['turned_away_503']} | {errors} |"
                f" {'yes' if r['healthz_after'] else '**no**'} |"
                f" {r['node_direct_p50_ms']} / {r['node_direct_p95_ms']} | {_cpu_cell(r)} |"
                f" {r.get('load_average_1min', '')} |"
            )
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    """A latency, or a dash for a round where nothing was answered."""
    return "–" if value is None else str(value)


def _cpu_cell(r: dict[str, Any]) -> str:
    parts = [r.get("hub_cpu_ms_per_answer"), r.get("nodes_cpu_ms_per_answer"), r.get("client_cpu_ms_per_answer")]
    return " / ".join("–" if p is None else str(p) for p in parts)


def write_docs(section: dict[str, Any]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if START_MARK in text:
        head, rest = text.split(START_MARK, 1)
        _old, tail = rest.split(END_MARK, 1)
        DOCS.write_text(f"{head}{START_MARK}\n{table(section)}\n{END_MARK}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=None, help="Run another checkout's code (its src folder).")
    parser.add_argument("--label", default="current")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--clients", default="50,500")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=None, help="Keep the nodes' synthetic files here.")
    parser.add_argument("--max-inflight", type=int, default=None, help="Fan-outs admitted per hub worker.")
    args = parser.parse_args()
    figures = run(
        args.src,
        tuple(args.engines.split(",")),
        tuple(int(c) for c in args.clients.split(",")),
        args.seconds,
        args.pg_workers,
        args.data,
        args.max_inflight,
    )
    from bench.__main__ import save

    results = Path(__file__).with_name("results.json")
    current = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    section = current.get("hub_load", {})
    section[args.label] = figures
    save("hub_load", section)
    write_docs(section)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
