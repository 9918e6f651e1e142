"""Shared by the node tests: the hand-made fixture, the official schemas, node apps and live servers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from ic2permed.federation.disclosure import Protection
from ic2permed.federation.node.app import NodeSettings, create_node_app
from ic2permed.federation.node.importers import import_directory
from tests.fakes.servers import serving

REPO = Path(__file__).resolve().parents[2]
HANDMADE = Path(__file__).parent / "data" / "handmade"
# Every part of the Beacon v2 individual and biosample, in BFF JSON; counts in test_node_fields.py.
FULL = Path(__file__).parent / "data" / "beacon-full"
EXACT = Protection(threshold=0, rounding=1, noise_epsilon=0.0, budget_per_day=0)
HUB_SECRET = "hub-secret-" + "k" * 32

# The headline question of issue 5, as a Beacon request body.
QUESTION: list[dict[str, Any]] = [
    {"id": "ICD10:E10-E14", "includeDescendantTerms": True},
    {"id": "NCIT:C16576"},
    {"id": "age", "operator": ">=", "value": "40"},
    {"id": "age", "operator": "<=", "value": "P60Y"},
    {"id": "MIABIS:SERUM"},
]


def build_handmade(directory: Path) -> Path:
    db = directory / "handmade.duckdb"
    import_directory("beacon-csv", HANDMADE, db, "Hand-made test biobank", show_progress=False)
    return db


def body(filters: list[Any], granularity: str = "count", **query: Any) -> dict[str, Any]:
    return {
        "meta": {"apiVersion": "v2.0"},
        "query": {"filters": filters, "requestedGranularity": granularity, **query},
    }


@contextmanager
def node_client(db: Path, **settings: Any) -> Iterator[TestClient]:
    """An in-process client with the app's lifespan run (store opened, log flushed at the end)."""
    settings.setdefault("protection", EXACT)
    settings.setdefault("log_path", db.with_name(f"{db.stem}-{time.monotonic_ns()}.log.sqlite"))
    app = create_node_app(NodeSettings(db=db, **settings))
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@contextmanager
def live_node(db: Path, **settings: Any) -> Iterator[str]:
    """The node over real HTTP on a free loopback port; yields its Beacon base URL (…/api)."""
    settings.setdefault("protection", EXACT)
    settings.setdefault("log_path", db.with_name(f"{db.stem}-{time.monotonic_ns()}.log.sqlite"))
    app = create_node_app(NodeSettings(db=db, **settings))
    with serving(app, lifespan="auto") as url:
        yield f"{url}/api"
