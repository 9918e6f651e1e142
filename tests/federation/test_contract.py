"""Every node endpoint and granularity validated against the official Beacon v2 schemas (../shared)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.federation import signing
from ic2permed.federation.disclosure import Protection
from ic2permed.federation.signing import TrustedHub
from tests.federation import official_schemas as schemas
from tests.federation.node_helpers import HUB_SECRET, QUESTION, body, build_handmade, node_client
from tests.federation.official_schemas import SCHEMAS

HUB = TrustedHub("hub-eu", HUB_SECRET, "EU")


@pytest.fixture(autouse=True)
def _official_schemas() -> None:
    schemas.require(SCHEMAS)


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("contract"))


@pytest.fixture(scope="module")
def client(handmade: Path) -> Iterator[TestClient]:
    with node_client(handmade, allow_records=True, trusted_hubs={HUB.id: HUB}) as c:
        yield c


def conforms(kind: str, document: Any) -> None:
    found = schemas.problems(SCHEMAS, schemas.RESPONSE_SCHEMAS[kind], document)
    assert found == [], f"{kind}: {found}"


def signed(method: str, path: str, payload: dict[str, Any] | None = None) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(payload).encode() if payload is not None else b""
    headers = signing.sign(HUB.id, HUB.secret, method, path, raw, "pseudonymous-user-1")
    if payload is not None:
        headers["Content-Type"] = "application/json"
    return raw, headers


def test_the_schemas_are_really_checked() -> None:
    assert schemas.problems(SCHEMAS, schemas.RESPONSE_SCHEMAS["count"], {"meta": {}, "responseSummary": {}})
    assert schemas.problems(SCHEMAS, schemas.RESPONSE_SCHEMAS["error"], {"meta": {}, "error": {}})


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api", "info"),
        ("/api/info", "info"),
        ("/api/service-info", "service-info"),
        ("/api/configuration", "configuration"),
        ("/api/map", "map"),
        ("/api/entry_types", "entry_types"),
        ("/api/filtering_terms", "filtering_terms"),
        ("/api/individuals/filtering_terms", "filtering_terms"),
        ("/api/datasets", "collections"),
        ("/api/datasets/handmade", "collections"),
        ("/api/cohorts", "collections"),
        ("/api/cohorts/handmade", "collections"),
        ("/api/datasets/handmade/filtering_terms", "filtering_terms"),
        ("/api/cohorts/handmade/filtering_terms", "filtering_terms"),
    ],
)
def test_framework_and_collection_endpoints(client: TestClient, path: str, kind: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    conforms(kind, response.json())


@pytest.mark.parametrize(
    "entry",
    [
        "individuals",
        "biosamples",
        "datasets/handmade/individuals",
        "datasets/handmade/biosamples",
        "cohorts/handmade/individuals",
    ],
)
@pytest.mark.parametrize("granularity", ["boolean", "count"])
def test_queries_by_get_and_post(client: TestClient, entry: str, granularity: str) -> None:
    got = client.get(f"/api/{entry}?requestedGranularity={granularity}&filters=NCIT:C16576,age>=40")
    posted = client.post(f"/api/{entry}", json=body(QUESTION, granularity))
    for response in (got, posted):
        assert response.status_code == 200
        assert response.json()["meta"]["returnedGranularity"] == granularity
        conforms(granularity, response.json())


@pytest.mark.parametrize("entry", ["individuals", "biosamples"])
def test_records_for_a_trusted_hub_match_the_model(client: TestClient, entry: str) -> None:
    payload = body([{"id": "ICD10:E10-E14"}], "record", pagination={"skip": 1, "limit": 3})
    raw, headers = signed("POST", f"/api/{entry}", payload)
    response = client.post(f"/api/{entry}", content=raw, headers=headers)
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["meta"]["returnedGranularity"] == "record"
    conforms("resultsets", document)
    results = document["response"]["resultSets"][0]["results"]
    assert len(results) == 3
    for record in results:
        assert schemas.problems(SCHEMAS, schemas.MODEL_SCHEMAS[entry], record) == []


def test_single_entries_and_cross_entry_paths(client: TestClient) -> None:
    for path in ("/api/individuals/D02", "/api/biosamples/S03", "/api/individuals/D16/biosamples"):
        _raw, headers = signed("GET", path)
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        conforms("resultsets", response.json())
    _raw, headers = signed("GET", "/api/individuals/D16/biosamples")
    both = client.get("/api/individuals/D16/biosamples?requestedGranularity=record", headers=headers).json()
    assert {r["id"] for r in both["response"]["resultSets"][0]["results"]} == {"S17", "S18"}
    for model in ("datasets", "cohorts"):
        for collection in client.get(f"/api/{model}").json()["response"]["collections"]:
            assert schemas.problems(SCHEMAS, schemas.MODEL_SCHEMAS[model], collection) == []


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("GET", "/api/nowhere", None, 404),
        ("GET", "/api/individuals/D01", None, 403),
        ("GET", "/api/datasets/nope", None, 404),
        ("POST", "/api/individuals", {"query": {"requestedGranularity": "all"}}, 422),
        ("POST", "/api/individuals", {"query": {"filters": [42]}}, 422),
        ("GET", "/api/individuals?limit=many", None, 422),
    ],
)
def test_errors_are_beacon_error_responses(
    client: TestClient, method: str, path: str, payload: dict[str, Any] | None, status: int
) -> None:
    response = client.request(method, path, json=payload)
    assert response.status_code == status
    assert response.json()["error"]["errorCode"] == status
    conforms("error", response.json())


def test_protected_answers_conform_too(handmade: Path) -> None:
    with node_client(handmade, protection=Protection(threshold=5, rounding=5, noise_epsilon=0.5)) as c:
        request = body([{"id": "ICD10:E11"}], requestParameters={"stratify": ["sex", "ageBand"]})
        document = c.post("/api/individuals", json=request).json()
        conforms("count", document)
        assert document["info"]["countPrecision"] == "imprecise"
        conforms("filtering_terms", c.get("/api/filtering_terms").json())
