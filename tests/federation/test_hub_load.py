"""The hub under more federated queries than it runs at once (issue 15's lock-up), over real HTTP.

Before the fix, 30-odd concurrent queries held every database connection across their fan-outs and
the next one waited for a connection on the event loop itself: the whole server, /healthz included,
stopped answering. These tests fail on that code and pass when fan-outs hold nothing scarce.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.federation.hub import service
from ic2permed.federation.hub.schemas import NodeCreate
from ic2permed.web.app import create_app
from tests.conftest import SECRET
from tests.factories import make_token, make_user
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import free_port, serving

pytestmark = pytest.mark.anyio
NODES = 4
BOUND = 6
QUERIES = 40  # more than the bound, and more than the database pool's 15 connections


def hub_settings(tmp_path: Path, timeout: float = 5.0, bound: int = BOUND) -> Settings:
    return Settings(
        var_dir=tmp_path / "var",
        secret_key=SECRET,
        load_bundled_data=False,
        federation_max_inflight=bound,
        federation_timeout=timeout,
    )


def register_nodes(database: Database, url: str) -> None:
    with database.session() as session:
        for number in range(NODES):
            service.add_node(
                session,
                Actor.system(),
                NodeCreate(
                    id=f"slow-{number}",
                    name=f"Slow node {number}",
                    base_url=f"{url}/api",
                    jurisdiction="EU",
                    region="EU",
                ),
            )


async def test_healthz_answers_while_more_queries_than_the_bound_are_in_flight(
    tmp_path: Path, sqlite_database: Database
) -> None:
    node = fake_node(count=40, delay=3.0)
    with serving(node) as node_url:
        register_nodes(sqlite_database, node_url)
        with serving(create_app(hub_settings(tmp_path), sqlite_database)) as hub:
            async with httpx.AsyncClient(base_url=hub, timeout=20) as client:
                queries = [
                    asyncio.create_task(client.post("/api/v1/federation/query", json={"diseases": ["C22"]}))
                    for _ in range(QUERIES)
                ]
                for _ in range(400):  # until the admitted fan-outs reach the nodes (a locked hub never lets them)
                    if len(node.state.requests) >= BOUND * NODES:
                        break
                    await asyncio.sleep(0.05)
                health = await client.get("/healthz", timeout=10)
                in_flight = sum(not q.done() for q in queries)
                answers = await asyncio.gather(*queries)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert in_flight > 0  # /healthz answered while federated queries were still waiting on the nodes
    ok = [a for a in answers if a.status_code == 200]
    busy = [a for a in answers if a.status_code == 503]
    assert len(ok) == BOUND and len(busy) == QUERIES - BOUND
    assert all(int(a.headers["Retry-After"]) >= 1 for a in busy)
    assert busy[0].headers["content-type"].startswith("application/problem+json")
    assert all(a.json()["answered"] == NODES for a in ok)
    assert len(node.state.requests) == BOUND * NODES  # the turned-away queries never reached a node


async def test_logged_in_users_wait_one_timeout_not_two(tmp_path: Path, sqlite_database: Database) -> None:
    """20 logged-in users at once against a hung node: each waits one timeout (it was two for some)."""
    timeout = 10.0  # long enough that a loaded machine's overhead stays well below one more timeout
    make_user(sqlite_database, "hana-fictional", Role.RESEARCHER)
    headers = {"Authorization": f"Bearer {make_token(sqlite_database, 'hana-fictional')}"}
    with serving(fake_node(count=40, delay=30.0)) as node_url:
        register_nodes(sqlite_database, node_url)
        settings = hub_settings(tmp_path, timeout=timeout, bound=100)
        with serving(create_app(settings, sqlite_database)) as hub:
            async with httpx.AsyncClient(base_url=hub, timeout=60, headers=headers) as client:

                async def one() -> tuple[float, httpx.Response]:
                    started = time.perf_counter()
                    response = await client.post("/api/v1/federation/query", json={"diseases": ["C22"]})
                    return time.perf_counter() - started, response

                results = await asyncio.gather(*(one() for _ in range(20)))
    assert all(r.status_code == 200 for _t, r in results)
    assert all(a["status"] == "timeout" for _t, r in results for a in r.json()["answers"])
    assert max(t for t, _r in results) < 1.6 * timeout  # nobody waited for another user's connection first


async def test_sigterm_stops_the_hub_with_fan_outs_in_flight(tmp_path: Path, sqlite_database: Database) -> None:
    """The issue's hub ignored SIGTERM once locked up; now it stops within its graceful-shutdown limit (10 s)
    plus start-up slack, even with every admitted fan-out waiting on a node that never answers."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")} | {
        "IC2PERMED_VAR_DIR": str(tmp_path / "var"),
        "IC2PERMED_DATABASE_URL": str(sqlite_database.engine.url),
        "IC2PERMED_SECRET_KEY": SECRET,
        "IC2PERMED_LOAD_BUNDLED_DATA": "false",
        "IC2PERMED_FEDERATION_MAX_INFLIGHT": str(BOUND),
        "IC2PERMED_FEDERATION_TIMEOUT": "60",
    }
    with serving(fake_node(count=40, delay=120.0)) as node_url:
        register_nodes(sqlite_database, node_url)
        hub = subprocess.Popen(
            [sys.executable, "-m", "ic2permed", "serve", "--port", str(port)],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base, timeout=120) as client:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        if (await client.get("/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert time.monotonic() < deadline, "the hub did not come up"
                    await asyncio.sleep(0.3)
                queries = [
                    asyncio.create_task(client.post("/api/v1/federation/query", json={})) for _ in range(QUERIES)
                ]
                await asyncio.sleep(2)  # the admitted ones are now waiting on the node
                assert hub.poll() is None
                assert sum(not task.done() for task in queries) >= BOUND  # fan-outs are in flight
                hub.send_signal(signal.SIGTERM)
                stopped = time.monotonic()
                await asyncio.to_thread(hub.wait, 40)
                assert time.monotonic() - stopped < 30
                for task in queries:
                    task.cancel()
                await asyncio.gather(*queries, return_exceptions=True)
        finally:
            if hub.poll() is None:
                hub.kill()
                hub.wait(timeout=10)
