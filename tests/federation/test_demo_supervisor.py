"""The demo's node supervisor: a node that stops is restarted after a growing wait, at most a few times in a
row, and the hub's API and search page say what happened, in both languages (issue 15)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.federation import demo
from ic2permed.federation.hub import service
from ic2permed.federation.hub.demo_nodes import DEMO_NODES
from ic2permed.federation.hub.schemas import NodeCreate, ProcessState

pytestmark = pytest.mark.anyio
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "raise SystemExit(3)"]
NODE = DEMO_NODES[0]


def _register(database: Database) -> None:
    with database.session() as session:
        service.add_node(
            session,
            Actor.system(),
            NodeCreate(id=NODE.id, name=NODE.name, base_url="http://127.0.0.1:9/api", jurisdiction="EU", region="EU"),
        )


def _state(database: Database) -> tuple[str, int, int | None] | None:
    with database.session() as session:
        (node,) = service.list_nodes(session)
    if node.process is None:
        return None
    return node.process.state.value, node.process.restarts, node.process.exit_code


@pytest.fixture
def supervised(database: Database, tmp_path: Path) -> Iterator[tuple[demo.Supervisor, demo.NodeProcessRun]]:
    """One node run by a supervisor whose thread never starts: the test plays the clock with `check(now)`."""
    _register(database)
    run = demo.NodeProcessRun(NODE, SLEEPER, tmp_path / "node.log", demo._spawn(SLEEPER, tmp_path / "node.log"))
    supervisor = demo.Supervisor(database, [run])
    for each in supervisor.runs:
        supervisor._record(each, ProcessState.RUNNING)
    yield supervisor, run
    supervisor.stop()


def test_backoff_grows_and_is_capped() -> None:
    assert [demo.backoff(n) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]


def test_a_node_that_stopped_is_restarted_after_its_wait_and_reported(
    supervised: tuple[demo.Supervisor, demo.NodeProcessRun], database: Database
) -> None:
    supervisor, run = supervised
    first = run.process
    supervisor.check(now=0)
    assert _state(database) == ("running", 0, None)

    first.kill()
    first.wait(timeout=10)
    supervisor.check(now=100)
    assert _state(database) == ("restarting", 0, -9)
    supervisor.check(now=100.5)  # the first wait is 1 s: not yet
    assert run.process is first

    supervisor.check(now=101)
    assert run.process is not first and run.process.poll() is None
    assert _state(database) == ("running", 1, None)


def test_a_node_that_keeps_stopping_is_given_up_on(database: Database, tmp_path: Path) -> None:
    _register(database)
    run = demo.NodeProcessRun(NODE, CRASHER, tmp_path / "node.log", demo._spawn(CRASHER, tmp_path / "node.log"))
    supervisor = demo.Supervisor(database, [run])
    spawned = 1
    now = 0.0
    try:
        while not run.given_up and now < 1000:
            before = run.process
            run.process.wait(timeout=20)
            supervisor.check(now=now)
            now += 31  # past any wait
            supervisor.check(now=now)
            spawned += run.process is not before
        assert spawned == 1 + demo.MAX_RESTARTS  # bounded: the first start and MAX_RESTARTS restarts
        assert _state(database) == ("failed", demo.MAX_RESTARTS, 3)
        supervisor.check(now=now + 100)
        assert run.process.poll() is not None  # nothing started once it gave up
    finally:
        supervisor.stop()


def test_a_steady_run_earns_the_allowance_back(
    supervised: tuple[demo.Supervisor, demo.NodeProcessRun],
) -> None:
    supervisor, run = supervised
    run.in_a_row, run.started = 3, 0
    supervisor.check(now=demo.STEADY - 1)
    assert run.in_a_row == 3
    supervisor.check(now=demo.STEADY + 1)
    assert run.in_a_row == 0


def test_stop_stops_the_node_and_restarts_nothing_after(
    supervised: tuple[demo.Supervisor, demo.NodeProcessRun], database: Database
) -> None:
    supervisor, run = supervised
    process = run.process
    supervisor.stop()
    assert process.poll() is not None
    assert _state(database) is None  # no page goes on calling it running
    supervisor.check(now=10_000)
    assert run.process is process


@pytest.mark.parametrize(
    ("locale", "restarted", "down"),
    [("en", "restarted at", "restarting"), ("zh-Hans", "重启于", "正在重启")],
)
async def test_the_search_page_says_a_node_was_restarted_or_is_down(
    client: httpx.AsyncClient, database: Database, locale: str, restarted: str, down: str
) -> None:
    _register(database)
    with database.session() as session:
        service.record_process(session, NODE.id, ProcessState.RUNNING, restarts=2)
    page = await client.get("/federated-search", headers={"Accept-Language": locale})
    assert page.status_code == 200
    assert restarted in page.text and "UTC" in page.text

    with database.session() as session:
        service.record_process(session, NODE.id, ProcessState.RESTARTING, restarts=2, exit_code=-9)
    page = await client.get("/federated-search", headers={"Accept-Language": locale})
    assert down in page.text and "-9" in page.text
    # and on the row of a query's answers (the node is down, so it answers with an error)
    page = await client.get("/federated-search", params={"sex": "female"}, headers={"Accept-Language": locale})
    row = page.text.split(f'data-node="{NODE.id}"')[-1].split("</tr>")[0]
    assert down in row

    listed = (await client.get("/api/v1/federation/nodes")).json()
    assert listed[0]["process"]["state"] == "restarting" and listed[0]["process"]["restarts"] == 2


async def test_nodes_nobody_supervises_show_no_process_state(client: httpx.AsyncClient, database: Database) -> None:
    _register(database)
    page = await client.get("/federated-search")
    assert 'id="node-status"' not in page.text
    assert (await client.get("/api/v1/federation/nodes")).json()[0]["process"] is None


def test_a_node_started_after_the_demo_died_does_not_outlive_it(tmp_path: Path) -> None:
    """The start-up race: if the parent is gone before the child asked to die with it, the child stops."""
    prepare = demo._die_with_parent(parent=1)  # "the parent" is not the one it will find
    child = subprocess.Popen(SLEEPER, preexec_fn=prepare)
    assert child.wait(timeout=20) == 1
