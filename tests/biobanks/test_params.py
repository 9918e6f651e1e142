"""Search parameters are parsed once, by one dependency, and documented in the OpenAPI description."""

from __future__ import annotations

import inspect

import httpx
import pytest

from ic2permed.biobanks import search
from ic2permed.biobanks.params import search_params


def test_every_facet_and_its_mode_is_a_parameter() -> None:
    names = set(inspect.signature(search_params).parameters)
    assert names == {"q", *search.FACETS, *(f"{facet}_mode" for facet in search.FACETS)}


def test_criteria_are_read_as_before() -> None:
    parsed = search_params(q=" cancer ", material=["SERUM,DNA"], material_mode="all", region=["China"])
    assert parsed.query.filters == {"region": ["China"], "material": ["SERUM", "DNA"]}
    assert parsed.query.modes == {"material": "all"}
    assert parsed.query.q == "cancer"
    assert parsed.query_string() == "q=+cancer+&region=China&material=SERUM%2CDNA&material_mode=all"
    assert parsed.adding("disease", "C50").query.filters["disease"] == ["C50"]


@pytest.mark.anyio
async def test_openapi_documents_the_search_parameters(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/api/v1/openapi.json")).json()
    for path in ("/api/v1/biobanks/search", "/api/v1/biobanks/export.csv", "/api/v1/biobanks/export.fhir.json"):
        documented = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert {"q", "disease", "disease_mode", "material", "size"} <= documented, path


@pytest.mark.anyio
async def test_the_api_reports_unknown_codes_as_warnings(client: httpx.AsyncClient) -> None:
    answer = (await client.get("/api/v1/biobanks/search", params={"material": "NOPE"})).json()
    assert answer["warnings"] and answer["query"]["filters"] == {}
