"""Hand-counted answers over the hand-made fixture (20 donors, 27 samples; see data/handmade)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.federation.node.query import compile_filters, duration_years, icd10_condition, parse_filters
from tests.federation.node_helpers import QUESTION, body, build_handmade, node_client


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("handmade"))


@pytest.fixture(scope="module")
def client(handmade: Path) -> Iterator[TestClient]:
    with node_client(handmade) as c:
        yield c


def count(client: TestClient, filters: list[Any], entry: str = "individuals") -> int:
    response = client.post(f"/api/{entry}", json=body(filters))
    assert response.status_code == 200, response.text
    value = response.json()["responseSummary"]["numTotalResults"]
    assert isinstance(value, int)
    return value


# (filters, individuals) — each counted by hand from data/handmade/*.csv.
HAND_COUNTS: list[tuple[str, list[Any], int]] = [
    ("no filter", [], 20),
    ("the headline question", QUESTION, 5),
    ("headline without sex", [f for f in QUESTION if f["id"] != "NCIT:C16576"], 8),
    ("female", [{"id": "NCIT:C16576"}], 12),
    ("male", [{"id": "NCIT:C20197"}], 7),
    ("female AND male", [{"id": "NCIT:C16576"}, {"id": "NCIT:C20197"}], 0),
    ("E11 with descendants (incl. E11.900x001)", [{"id": "ICD10:E11"}], 6),
    ("E11 exactly", [{"id": "ICD10:E11", "includeDescendantTerms": False}], 0),
    ("E11.9 covers the Chinese extension", [{"id": "ICD10:E11.9"}], 6),
    ("F31 covers F31.81 (imported dotless)", [{"id": "ICD10:F31"}], 2),
    ("dotless F3181", [{"id": "ICD10:F3181"}], 1),
    ("block F30-F39", [{"id": "ICD10:F30-F39"}], 3),
    ("chapter V", [{"id": "ICD10:V"}], 3),
    ("chapter IV", [{"id": "ICD10:IV"}], 10),
    ("E14 category", [{"id": "ICD10:E14"}], 1),
    ("serum", [{"id": "MIABIS:SERUM"}], 14),
    ("serum origin (UBERON)", [{"id": "UBERON:0001977"}], 14),
    ("China (GAZ)", [{"id": "GAZ:00002845"}], 4),
    ("Asian (NCIT ethnicity)", [{"id": "NCIT:C41260"}], 4),
    ("sampled since 2020", [{"id": "samplingDate", "operator": ">=", "value": "2020-01-01"}], 5),
    ("sampled before 2001 (non-ISO 5/6/00)", [{"id": "samplingDate", "operator": "<", "value": "2001-01-01"}], 1),
    ("stored in liquid nitrogen", [{"id": "storageTemperature", "operator": "<=", "value": "-100"}], 1),
    ("older than 80 at sampling", [{"id": "age", "operator": ">", "value": "80"}], 1),
    ("diagnosed as a child", [{"id": "ageAtDiagnosis", "operator": "<", "value": "P18Y"}], 2),
    ("E10 diagnosed at 40", [{"id": "ICD10:E10"}, {"id": "ageAtDiagnosis", "operator": "=", "value": "40"}], 1),
    ("serum not at 45", [{"id": "MIABIS:SERUM"}, {"id": "age", "operator": "!", "value": "45"}], 13),
    ("unknown term matches nothing", [{"id": "HP:0000001"}], 0),
]


@pytest.mark.parametrize(("name", "filters", "expected"), HAND_COUNTS, ids=[h[0] for h in HAND_COUNTS])
def test_hand_counted_individuals(client: TestClient, name: str, filters: list[Any], expected: int) -> None:
    assert count(client, filters) == expected


def test_same_sample_rule_is_not_a_cross_sample_join(client: TestClient) -> None:
    # D20 has serum at 39 and plasma at 45: serum and age 40-60 hold, but never for the same sample.
    d20 = [{"id": "ICD10:E11"}, {"id": "age", "operator": ">=", "value": "40"}, {"id": "MIABIS:SERUM"}]
    assert count(client, [*d20, {"id": "age", "operator": "<=", "value": "58"}]) == 4  # D02, D03, D11, D19


def test_biosamples_count_samples_meeting_the_sample_filters(client: TestClient) -> None:
    assert count(client, [{"id": "MIABIS:SERUM"}], "biosamples") == 14
    assert count(client, QUESTION, "biosamples") == 5
    assert count(client, [{"id": "NCIT:C16576"}], "biosamples") == 19


def test_get_with_query_parameters_matches_post(client: TestClient) -> None:
    url = "/api/individuals?requestedGranularity=count&filters=ICD10:E10-E14,NCIT:C16576,age>=40,age<=60,MIABIS:SERUM"
    assert client.get(url).json()["responseSummary"]["numTotalResults"] == 5


def test_unknown_terms_are_reported_not_dropped(client: TestClient) -> None:
    answer = client.post("/api/individuals", json=body([{"id": "NCIT:C16576"}, {"id": "FOO:bar"}])).json()
    assert answer["responseSummary"]["numTotalResults"] == 0
    assert any("FOO:bar" in w for w in answer["info"]["warnings"])
    bad_value = body([{"id": "age", "operator": ">", "value": "old"}])
    assert any("old" in w for w in client.post("/api/individuals", json=bad_value).json()["info"]["warnings"])


def test_boolean_is_the_default_granularity(client: TestClient) -> None:
    answer = client.get("/api/individuals").json()
    assert answer["meta"]["returnedGranularity"] == "boolean"
    assert answer["responseSummary"] == {"exists": True}


def test_records_are_not_for_anonymous_requesters(client: TestClient) -> None:
    answer = client.post("/api/individuals", json=body([], "record")).json()
    assert answer["meta"]["returnedGranularity"] == "count"
    assert any("record" in w for w in answer["info"]["warnings"])
    assert client.get("/api/individuals/D01").status_code == 403


def test_dataset_and_cohort_scoped_queries(client: TestClient) -> None:
    assert client.get("/api/datasets").json()["response"]["collections"][0]["id"] == "handmade"
    scoped = client.post("/api/datasets/handmade/individuals", json=body([{"id": "MIABIS:SERUM"}])).json()
    assert scoped["responseSummary"]["numTotalResults"] == 14
    cohort = client.post("/api/cohorts/handmade/individuals", json=body([])).json()
    assert cohort["responseSummary"]["numTotalResults"] == 20
    assert client.get("/api/datasets/nope/individuals").status_code == 404


def test_stratified_counts(client: TestClient) -> None:
    request = body([{"id": "ICD10:E10-E14"}], requestParameters={"stratify": ["sex", "material", "icd10Chapter"]})
    strata = client.post("/api/individuals", json=request).json()["info"]["strata"]
    assert {k: v["count"] for k, v in strata["sex"].items()} == {"NCIT:C16576": 7, "NCIT:C20197": 2, "NCIT:C1799": 1}
    assert strata["icd10Chapter"]["ICD10:IV"]["count"] == 10
    assert strata["icd10Chapter"]["ICD10:IX"]["count"] == 1  # D02's hypertension
    assert strata["material"]["MIABIS:SERUM"]["count"] == 10


def test_bad_requests_are_beacon_errors(client: TestClient) -> None:
    response = client.post("/api/individuals", json=body([], "everything"))
    assert response.status_code == 422
    assert response.json()["error"]["errorCode"] == 422
    assert client.post("/api/individuals", content=b"{not json").status_code == 422
    assert client.get("/api/individuals?skip=-1").status_code == 422
    assert client.get("/api/nowhere").status_code == 404


@pytest.mark.parametrize(
    ("text", "years"), [("P40Y", 40.0), ("P40Y6M", 40.5), ("P1Y1", None), ("40", None), ("PT1H", None)]
)
def test_durations(text: str, years: float | None) -> None:
    assert duration_years(text) == years


def test_icd10_conditions() -> None:
    assert icd10_condition("ICD10:E10-E14", True)[1] == ["E10", "E14"]
    assert icd10_condition("ICD10:IV", True)[1] == ["E00", "E90"]
    assert icd10_condition("F3181", True)[1] == ["F31.81", "F31.81%"]
    assert icd10_condition("ICD10:F31", True)[1] == ["F31", "F31.%"]
    assert icd10_condition("ICD10:F31", False) == ("d.code = ?", ["F31"], "icd10=F31")


def test_the_normalised_query_ignores_order_and_spelling() -> None:
    a = compile_filters(parse_filters(["age>=40", "ICD10:F3181", "NCIT:C16576"]))
    b = compile_filters(parse_filters([{"id": "NCIT:C16576"}, {"id": "ICD10:F31.81"}, "age>=P40Y"]))
    assert a.key == b.key
