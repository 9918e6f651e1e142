"""The OpenAPI document tells the truth, and the API behaves as it says."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_authentication_is_checked_before_the_body(client: httpx.AsyncClient) -> None:
    for path, body in (("/api/v1/landscape/items", {"junk": True}), ("/api/v1/users", {}), ("/api/v1/me/tokens", [])):
        response = await client.post(path, json=body)
        assert response.status_code == 401, (path, response.text)
    patched = await client.patch("/api/v1/biobanks/biobanks/bb-x", json={"donors": "lots"})
    assert patched.status_code == 401


async def test_405_names_every_allowed_method(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/v1/me/tokens")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "POST"}
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_document_lists_enums_patterns_and_problem_answers(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/v1/openapi.json")).json()
    compare = doc["paths"]["/api/v1/landscape/compare"]["get"]
    theme = next(p for p in compare["parameters"] if p["name"] == "theme")
    assert "genomics" in str(theme["schema"]) or "pillar-1" in str(theme["schema"])
    item = doc["paths"]["/api/v1/landscape/items/{item_id}"]["get"]
    assert "pattern" in item["parameters"][0]["schema"]
    create = doc["paths"]["/api/v1/landscape/items"]["post"]["responses"]
    for code in ("401", "403", "422"):
        assert "application/problem+json" in create[code]["content"]


async def test_search_filters_list_their_allowed_values(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/v1/openapi.json")).json()
    params = {p["name"]: p for p in doc["paths"]["/api/v1/landscape/items"]["get"]["parameters"]}
    assert "China" in str(params["region"]["schema"]) and "EU" in str(params["region"]["schema"])
    assert "pillar-1" in str(params["theme"]["schema"])


async def test_the_hub_query_documents_its_breakdowns_as_an_enum(client: httpx.AsyncClient) -> None:
    doc = (await client.get("/api/v1/openapi.json")).json()
    stratify = doc["components"]["schemas"]["Criteria"]["properties"]["stratify"]
    assert stratify["items"]["enum"] == ["sex", "ageBand", "material", "icd10Chapter"]
    # and what the document promises is what the hub accepts: anything else is refused, naming the field
    refused = await client.post("/api/v1/federation/query", json={"stratify": ["postcode"]})
    assert refused.status_code == 422 and "stratify" in refused.text
