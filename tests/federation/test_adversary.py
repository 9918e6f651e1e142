"""An automated attacker against small cells, through the public API only (issue 15).

Against the old rules (threshold 10 shown for 1-9, zero as zero, rounding 10, exact dates) it recovers
the small cell's size and every diagnosis date, and turns a rounded 40 into the exact 41 — proof that the
attacker works. Against the new defaults it recovers no count below the threshold and no exact date,
with one identity or five, at a node and through the hub. Each run stays inside the daily budget.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.federation.disclosure import Protection
from ic2permed.federation.hub import service
from ic2permed.federation.hub.schemas import NodeCreate
from ic2permed.federation.node.app import NodeSettings, create_node_app
from ic2permed.federation.signing import TrustedHub
from ic2permed.web.app import create_app
from tests.factories import make_token, make_user
from tests.federation.adversary import ROUNDING, TARGET, Adversary, Ask, Truth, build_node
from tests.federation.node_helpers import body, live_node

LEGACY = Protection.legacy()
NEW = Protection(secret="attacked-node-secret-" + "n" * 20)
BUDGET = 500  # the node's default daily budget per requester
START, BEFORE = date(2002, 1, 1), date(2010, 1, 1)
SIGNING = "hub-signing-secret-" + "h" * 32


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    path = tmp_path_factory.mktemp("adversary") / "node.duckdb"
    return path, build_node(path, seed=1)


@contextmanager
def node_identities(db: Path, protection: Protection, identities: int) -> Iterator[Ask]:
    """The node as anonymous clients from `identities` different addresses see it."""
    log = db.with_name(f"log-{time.monotonic_ns()}.sqlite")
    app = create_node_app(NodeSettings(db=db, protection=protection, log_path=log))
    with TestClient(app, client=("203.0.113.1", 40000)) as first:
        clients = [first] + [TestClient(app, client=(f"203.0.113.{i + 1}", 40000)) for i in range(1, identities)]

        def ask(who: int, filters: list[dict[str, Any]]) -> tuple[bool, int] | None:
            response = clients[who].post("/api/individuals", json=body(filters))
            if response.status_code == 429:
                return None
            summary = response.json()["responseSummary"]
            return bool(summary["exists"]), int(summary["numTotalResults"])

        yield ask


@pytest.mark.parametrize("identities", [1, 5])
def test_small_cell_bisection_at_a_node(attacked: tuple[Path, Truth], identities: int) -> None:
    db, truth = attacked
    with node_identities(db, LEGACY, 1) as ask:
        old = Adversary(ask, 1, BUDGET)
        count, dates = old.small_cell(TARGET, BEFORE)
    assert (count, dates) == (8, truth.target_dates)  # the attacker works: 8 donors and their days
    assert old.queries <= BUDGET
    with node_identities(db, NEW, identities) as ask:
        new = Adversary(ask, identities, BUDGET)
        count, dates = new.small_cell(TARGET, BEFORE)
        repeats_differ = new.repeats_differ([*TARGET, {"id": "diagnosisDate", "operator": "<", "value": "2010-01-01"}])
    assert count != 8 and not set(dates) & set(truth.target_dates)
    assert not repeats_differ  # five identities or other spellings draw no fresh noise to average
    assert new.queries <= BUDGET * identities


@pytest.mark.parametrize("identities", [1, 5])
def test_rounding_boundary_at_a_node(attacked: tuple[Path, Truth], identities: int) -> None:
    db, truth = attacked
    with node_identities(db, LEGACY, 1) as ask:
        old = Adversary(ask, 1, BUDGET)
        assert old.rounding_boundary(ROUNDING, date(2000, 1, 1), date(2021, 1, 1)) == truth.rounding_count
    assert old.queries <= BUDGET
    with node_identities(db, NEW, identities) as ask:
        new = Adversary(ask, identities, BUDGET)
        assert new.rounding_boundary(ROUNDING, date(2000, 1, 1), date(2021, 1, 1)) != truth.rounding_count
    assert new.queries <= BUDGET * identities


@contextmanager
def hub_identities(
    tmp_path: Path, database: Database, dbs: list[Path], protection: Protection, identities: int
) -> Iterator[Ask]:
    """The hub's Beacon network over four live nodes, as `identities` logged-in users see it."""
    trusted = {service.HUB_ID: TrustedHub(service.HUB_ID, SIGNING, "EU")}
    tag = time.monotonic_ns()
    with ExitStack() as stack:
        with database.session() as session:
            for number, db in enumerate(dbs):
                url = stack.enter_context(live_node(db, protection=protection, trusted_hubs=trusted))
                service.add_node(
                    session,
                    Actor.system(),
                    NodeCreate(
                        id=f"n{tag}-{number}",
                        name=f"Attacked node {number}",
                        base_url=url,
                        jurisdiction="EU",
                        region="EU",
                        signing_secret=SIGNING,
                    ),
                )
        tokens = []
        for i in range(identities):
            make_user(database, f"mallory{i}-{tag}-fictional", Role.RESEARCHER)
            tokens.append(make_token(database, f"mallory{i}-{tag}-fictional"))
        settings = Settings(var_dir=tmp_path / "var", secret_key="hub-app-secret-" + "x" * 40, load_bundled_data=False)
        hub = stack.enter_context(TestClient(create_app(settings, database)))

        def ask(who: int, filters: list[dict[str, Any]]) -> tuple[bool, int] | None:
            response = hub.post(
                "/beacon/api/individuals",
                json={"query": {"filters": filters, "requestedGranularity": "count"}},
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )
            summary = response.json()["responseSummary"]
            return bool(summary["exists"]), int(summary["numTotalResults"])

        yield ask


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[date]]:
    folder = tmp_path_factory.mktemp("adversary-hub")
    dbs, dates = [], []
    for seed in range(11, 15):
        path = folder / f"node{seed}.duckdb"
        dates += build_node(path, seed=seed, targets=4).target_dates
        dbs.append(path)
    return dbs, sorted(dates)


@pytest.mark.parametrize("identities", [1, 5])
def test_small_cells_through_the_hub(
    tmp_path: Path, sqlite_database: Database, federation: tuple[list[Path], list[date]], identities: int
) -> None:
    dbs, truth = federation
    with hub_identities(tmp_path / "old", sqlite_database, dbs, LEGACY, 1) as ask:
        old = Adversary(ask, 1, BUDGET)
        _count, dates = old.small_cell(TARGET, BEFORE)
    assert set(dates) == set(truth)  # 16 donors' days across four nodes
    disable_registered_nodes(sqlite_database)  # the next round asks only its own nodes
    with hub_identities(tmp_path / "new", sqlite_database, dbs, NEW, identities) as ask:
        new = Adversary(ask, identities, BUDGET)
        _count, dates = new.small_cell(TARGET, BEFORE)
    assert not set(dates) & set(truth)
    assert new.queries <= BUDGET * identities


def disable_registered_nodes(database: Database) -> None:
    with database.session() as session:
        for node in service.list_nodes(session):
            service.set_enabled(session, Actor.system(), node.id, False)
