"""The hub answers as a Beacon v2 network: schema-valid, aggregated under the same protections."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.federation.hub import service
from ic2permed.federation.hub.schemas import NodeCreate
from ic2permed.federation.verify import verify
from ic2permed.web.app import create_app
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving
from tests.federation.official_schemas import SCHEMAS, problems, require

COUNT = "framework/json/responses/beaconCountResponse.json"


def register(database: Database, node_id: str, url: str, region: str) -> None:
    with database.session() as session:
        service.add_node(
            session,
            Actor.system(),
            NodeCreate(
                id=node_id,
                name=node_id,
                base_url=url + "/api",
                jurisdiction="EU",
                region=region,
            ),
        )


def test_network_count_is_the_protected_sum_and_validates(settings: Settings, sqlite_database: Database) -> None:
    with serving(fake_node(count=130)) as eu, serving(fake_node(count=44)) as cn, serving(fake_node(status=500)) as bad:
        register(sqlite_database, "eu", eu, "EU")
        register(sqlite_database, "cn", cn, "China")
        register(sqlite_database, "bad", bad, "EU")
        with TestClient(create_app(settings, sqlite_database)) as hub:
            body = {
                "meta": {"apiVersion": "v2.0"},
                "query": {"filters": [{"id": "ICD10:E10-E14"}], "requestedGranularity": "record"},
            }
            answer = hub.post("/beacon/api/individuals", json=body).json()
            small = hub.post("/beacon/api/individuals", json={"query": {"filters": [{"id": "NCIT:C16576"}]}})
    assert problems(require(SCHEMAS), COUNT, answer) == []
    assert answer["meta"]["returnedGranularity"] == "count"  # record level is never served by the network
    assert answer["responseSummary"]["numTotalResults"] == 170  # 174 rounded to the nearest 10
    assert answer["info"]["countPrecision"] == "rounded"
    assert {n["id"]: n["status"] for n in answer["info"]["nodes"]} == {"eu": "ok", "cn": "ok", "bad": "error"}
    assert small.status_code == 200


def test_the_network_passes_the_conformance_check(settings: Settings, sqlite_database: Database) -> None:
    with serving(fake_node(count=25)) as node:
        register(sqlite_database, "only", node, "EU")
        with TestClient(create_app(settings, sqlite_database), base_url="http://hub") as hub:
            report = verify("http://hub/beacon/api", client=hub)
    failed = [c for c in report.checks if not c.ok]
    assert failed == [], failed
    assert report.conforms


def test_a_boolean_answer_carries_no_count_anywhere(settings: Settings, sqlite_database: Database) -> None:
    with serving(fake_node(count=130)) as eu, serving(fake_node(count=40)) as cn:
        register(sqlite_database, "eu", eu, "EU")
        register(sqlite_database, "cn", cn, "China")
        with TestClient(create_app(settings, sqlite_database)) as hub:
            body = {"query": {"filters": [{"id": "ICD10:E10-E14"}], "requestedGranularity": "boolean"}}
            answer = hub.post("/beacon/api/individuals", json=body).json()
    assert answer["responseSummary"] == {"exists": True}
    nodes = sorted(answer["info"]["nodes"], key=lambda n: str(n["id"]))
    assert nodes == [{"id": "cn", "status": "ok"}, {"id": "eu", "status": "ok"}]
    assert "130" not in str(answer) and "40" not in str(answer["info"])
