"""The whole Beacon v2 individual and biosample: hand-counted answers on a small BFF fixture.

`data/beacon-full` holds 8 people (P1-P8) and 10 samples (S1-S10); every expected count below was counted
by hand from those two files (see the comment on each case). Each answer is checked three ways: over
HTTP (the node's API), by SQL, and by the in-memory index.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.federation import signing
from ic2permed.federation.disclosure import Protection
from ic2permed.federation.node.catalogue import load_holdings
from ic2permed.federation.node.importers import import_directory
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.query import Scope, biosamples_sql, compile_filters, individuals_sql, parse_filters
from ic2permed.federation.node.store import NodeStore
from ic2permed.federation.signing import TrustedHub
from tests.federation import official_schemas as schemas
from tests.federation.node_helpers import FULL, HUB_SECRET, body, node_client
from tests.federation.official_schemas import RI_TOOLS, SCHEMAS

BMI, BMI_RI = "LOINC:39156-5", "LOINC:35925-4"
WEIGHT, HEIGHT, SMOKING, FASTING = "LOINC:29463-7", "LOINC:8302-2", "LOINC:72166-2", "LOINC:49541-6"


def f(fid: str, op: str, value: str) -> dict[str, str]:
    return {"id": fid, "operator": op, "value": value}


# (filters, individuals, biosamples)
CASES: list[tuple[list[Any], int, int]] = [
    ([f(BMI_RI, ">", "30")], 2, 4),  # the issue's example: P1 31.2, P4 35.5 (not P3 at 30.0); samples S1 S2 S6 S7
    ([f(BMI, ">", "30")], 2, 4),  # the LOINC observation code answers the same rows
    ([f(BMI, ">=", "30")], 3, 5),  # P1 P3 P4
    ([f(BMI, "<", "30")], 3, 4),  # P2 24, P6 28, P7 22.5
    ([f(BMI, "<=", "30")], 4, 5),  # P2 P3 P6 P7
    ([f(BMI, "=", "30")], 1, 1),  # P3
    ([f(BMI, "!=", "30")], 5, 8),  # P1 P2 P4 P6 P7 (a person without a BMI has no BMI other than 30)
    ([f(WEIGHT, ">", "80")], 3, 5),  # P1 85 kg (stored as 85000 g), P3 95, P4 110 (LOINC:3141-9 too); not P6 at 80
    ([f(WEIGHT, ">", "80000 g")], 3, 5),  # the filter's unit is converted
    ([f(HEIGHT, ">=", "170")], 2, 3),  # P2 170, P3 180; P1 is 1.65 m = 165 cm
    ([f(HEIGHT, ">", "1.7 m")], 1, 1),  # P3
    ([f(SMOKING, "=", "LOINC:LA20356-4")], 2, 3),  # current smoker (any): P1 daily, P3 SNOMED smoker
    ([f(SMOKING, "=", "LOINC:LA18978-9")], 1, 2),  # never: P2
    ([f(SMOKING, "!=", "LOINC:LA18978-9")], 3, 5),  # P1 P3 P4 (P4 former)
    ([f(FASTING, "=", "HL7V2-0916:F")], 5, 5),  # S1 S4 S5 S7 S8 -> P1 P2 P3 P4 P5
    ([f(FASTING, "=", "HL7V2-0916:F"), {"id": "MIABIS:SERUM"}], 3, 3),  # same sample: S1 S5 S8 (not P2: S4 plasma)
    ([f(FASTING, "=", "HL7V2-0916:NF")], 2, 2),  # S2 S3
    ([f(FASTING, "!=", "HL7V2-0916:F"), {"id": "MIABIS:DNA"}], 1, 1),  # S2 (S7 is DNA but fasting)
    ([{"id": "HP:0001513"}], 2, 3),  # obesity: P1, P5; P2's is excluded
    ([{"id": "HP:0000002"}], 2, 3),  # below abnormal body height: P3 short, P4 tall; P5's own is excluded
    ([{"id": "HP:0000002", "includeDescendantTerms": False}], 0, 0),  # only P5 holds it, excluded
    ([{"id": "OPCS4:L46.3"}], 2, 3),  # P1 P3
    ([{"id": "ATC:A10BA02"}], 2, 3),  # P1 P7
    ([{"id": "CHEBI:46661"}], 2, 3),  # P1 P3
    ([f("karyotypicSex", "=", "XX")], 3, 5),  # P1 P2 P5
    ([f("karyotypicSex", "!=", "XX")], 3, 4),  # P3 P4 P6
    ([{"id": "OBI:0000915"}], 1, 1),  # sample storage of S1
    ([{"id": "EFO:0009129"}, {"id": "MIABIS:SERUM"}], 0, 0),  # S7's processing, but S7 is DNA
    ([f(BMI, ">", "30"), f(FASTING, "=", "HL7V2-0916:F"), {"id": "MIABIS:SERUM"}], 1, 1),  # P1 (S1)
    ([f(BMI, ">", "30"), {"id": "ICD10:E11"}], 1, 2),  # P1 (P3 has E11.9 but BMI 30.0)
]


@pytest.fixture(scope="module")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("full") / "full.duckdb"
    import_directory("bff", FULL, db, "Full Beacon fixture", show_progress=False)
    return db


@pytest.fixture(scope="module")
def client(full_db: Path) -> Iterator[TestClient]:
    with node_client(full_db) as c:
        yield c


def total(client: TestClient, entry: str, filters: list[Any]) -> tuple[int, list[str]]:
    answer = client.post(f"/api/{entry}", json=body(filters)).json()
    return int(answer["responseSummary"]["numTotalResults"]), list(answer["info"]["warnings"])


@pytest.mark.parametrize(("filters", "individuals", "biosamples"), CASES)
def test_hand_counted_answers(client: TestClient, filters: list[Any], individuals: int, biosamples: int) -> None:
    assert total(client, "individuals", filters) == (individuals, [])
    assert total(client, "biosamples", filters) == (biosamples, [])


def test_sql_and_index_agree_on_every_case(full_db: Path) -> None:
    store = NodeStore(full_db)
    holdings = load_holdings(store)
    index = DonorIndex.build(store)
    assert index is not None
    for filters, individuals, biosamples in CASES:
        query = compile_filters(parse_filters(filters), holdings=holdings)
        for entry, expected in (("individuals", individuals), ("biosamples", biosamples)):
            sql, params = (individuals_sql if entry == "individuals" else biosamples_sql)(query, Scope())
            assert int(store.scalar(sql, params)) == expected, (entry, filters)
            assert index.count(entry, query, Scope()) == expected, (entry, filters)
    store.close()


def test_a_measure_the_node_does_not_hold_is_named() -> None:
    with node_client(_full()) as c:
        count, warnings = total(c, "individuals", [f("LOINC:2345-7", ">", "5")])
    assert count == 0 and "holds no such measure" in warnings[0]


def test_a_node_without_measures_says_so(tmp_path: Path) -> None:
    from tests.federation.node_helpers import build_handmade

    with node_client(build_handmade(tmp_path)) as c:
        count, warnings = total(c, "individuals", [f(BMI_RI, ">", "30")])
        assert count == 0 and "holds no such measure" in warnings[0]
        count, warnings = total(c, "individuals", [{"id": "HP:0001513"}])
        assert count == 0 and "does not hold it" in warnings[0]


def test_unreadable_values_and_operators_are_named(client: TestClient) -> None:
    count, warnings = total(client, "individuals", [f(BMI, ">", "heavy")])
    assert count == 0 and "cannot read 'heavy'" in warnings[0]
    count, warnings = total(client, "individuals", [f(SMOKING, ">", "LOINC:LA18978-9")])
    assert count == 0 and "= or != only" in warnings[0]
    count, warnings = total(client, "individuals", [{"id": "HP:9999999x"}])
    assert count == 0 and warnings


def test_get_filters_carry_measures(client: TestClient) -> None:
    answer = client.get("/api/individuals", params={"filters": "LOINC:35925-4>30", "requestedGranularity": "count"})
    assert answer.json()["responseSummary"]["numTotalResults"] == 2


def _full() -> Path:
    import tempfile

    db = Path(tempfile.mkdtemp()) / "full.duckdb"
    import_directory("bff", FULL, db, show_progress=False)
    return db


def test_the_import_counts_every_field(tmp_path: Path) -> None:
    report = import_directory("bff", FULL, tmp_path / "f.duckdb", show_progress=False)
    read = {(c.entry, c.field): (c.read, c.kept) for c in report.fields}
    assert read[("individuals", "measures")] == (19, "measures")  # 4+4+4+3+0+2+2+0, hand-counted
    assert read[("individuals", "phenotypicFeatures")] == (6, "phenotypes")
    assert read[("individuals", "karyotypicSex")] == (6, "individual_terms")
    assert read[("biosamples", "measurements")] == (8, "measurements")
    assert read[("biosamples", "info")] == (10, "record only")
    assert report.rows["measures"] == 19 and report.rows["measurements"] == 8
    assert report.rows["sample_terms"] == 13  # 10 biosampleStatus + 3 others
    assert any("biosamples.info" in w and "record" in w for w in report.warnings)


HUB = TrustedHub("hub-eu", HUB_SECRET, "EU")


def _records(client: TestClient, entry: str, filters: list[Any]) -> dict[str, Any]:
    payload = body(filters, "record", pagination={"skip": 0, "limit": 10})
    raw = json.dumps(payload).encode()
    headers = signing.sign(HUB.id, HUB.secret, "POST", f"/api/{entry}", raw, "pseudonymous-user-1")
    headers["Content-Type"] = "application/json"
    response = client.post(f"/api/{entry}", content=raw, headers=headers)
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def test_records_carry_the_new_fields_and_match_the_model(full_db: Path) -> None:
    schemas.require(SCHEMAS)
    with node_client(full_db, allow_records=True, trusted_hubs={HUB.id: HUB}) as c:
        people = _records(c, "individuals", [{"id": "OPCS4:L46.3"}])
        samples = _records(c, "biosamples", [f(FASTING, "=", "HL7V2-0916:F")])
    for document, entry in ((people, "individuals"), (samples, "biosamples")):
        assert schemas.problems(SCHEMAS, schemas.RESPONSE_SCHEMAS["resultsets"], document) == []
        for record in document["response"]["resultSets"][0]["results"]:
            assert schemas.problems(SCHEMAS, schemas.MODEL_SCHEMAS[entry], record) == [], record
    p1 = people["response"]["resultSets"][0]["results"][0]
    assert p1["id"] == "P1" and p1["karyotypicSex"] == "XX"
    weight = next(m for m in p1["measures"] if m["assayCode"]["id"] == "LOINC:3141-9")
    assert weight["measurementValue"] == {"value": 85.0, "unit": {"id": "NCIT:C28252", "label": "Kilogram"}}
    assert p1["interventionsOrProcedures"][0]["dateOfProcedure"] == "2020-02-03"
    assert p1["treatments"] == [{"treatmentCode": {"id": "ATC:A10BA02"}}]
    assert p1["phenotypicFeatures"] == [{"featureType": {"id": "HP:0001513"}, "excluded": False}]
    s1 = samples["response"]["resultSets"][0]["results"][0]
    assert s1["sampleStorage"] == {"id": "OBI:0000915"}
    assert s1["measurements"][0]["measurementValue"] == {"id": "HL7V2-0916:F"}


def _terms(client: TestClient) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in client.get("/api/filtering_terms").json()["response"]["filteringTerms"]}


def test_filtering_terms_list_measures_with_units_and_hide_rare_ones(full_db: Path) -> None:
    schemas.require(SCHEMAS)
    with node_client(full_db) as exact:
        shown = _terms(exact)
        assert (
            schemas.problems(
                SCHEMAS, schemas.RESPONSE_SCHEMAS["filtering_terms"], exact.get("/api/filtering_terms").json()
            )
            == []
        )
    assert shown[BMI]["type"] == "alphanumeric" and shown[BMI]["units"] == ["NCIT:C49671"]
    assert shown[FASTING]["scopes"] == ["biosample"]
    assert shown[SMOKING]["values"] == ["LOINC:LA15920-4", "LOINC:LA18976-3", "LOINC:LA18978-9", "SNOMED:77176002"]
    assert {"OPCS4:L46.3", "ATC:C09AA05", "CHEBI:46661", "HP:0001513", "OBI:0000915"} <= set(shown)
    assert "HP:0000002" not in shown  # only ever excluded
    # The attack: a term or a value held by one person tells that someone has it. Unprotected, it is listed;
    # with a threshold of 3 donors, it is not.
    protected = Protection(threshold=3, rounding=1, noise_epsilon=0.0, budget_per_day=0)
    with node_client(full_db, protection=protected) as c:
        hidden = _terms(c)
    assert "ATC:C09AA05" in shown and "ATC:C09AA05" not in hidden  # P2's treatment
    assert "LOINC:LA18976-3" in shown[SMOKING]["values"] and "values" not in hidden[SMOKING]  # 4 people, 1 each
    assert hidden[BMI]["units"] == ["NCIT:C49671"]  # 3 people: listed
    assert hidden[FASTING]["values"] == ["HL7V2-0916:F"]  # 5 fasting; NF (2) and NG (1) hidden


def test_the_reference_tools_example_imports_every_field(tmp_path: Path) -> None:
    schemas.require(SCHEMAS)
    report = import_directory("beacon-csv", schemas.require(RI_TOOLS), tmp_path / "ri.duckdb", show_progress=False)
    read = {(c.entry, c.field): (c.read, c.kept) for c in report.fields}
    for name, table in (
        ("measures", "measures"),
        ("interventionsOrProcedures", "procedures"),
        ("treatments", "treatments"),
        ("phenotypicFeatures", "phenotypes"),
        ("exposures", "exposures"),
        ("karyotypicSex", "individual_terms"),
        ("pedigrees", "record only"),
    ):
        assert read[("individuals", name)] == (20, table), name
    for name in ("sampleProcessing", "sampleStorage", "tumorProgression", "histologicalDiagnosis", "pathologicalStage"):
        assert read[("biosamples", name)] == (20, "sample_terms"), name
    assert read[("biosamples", "measurements")] == (20, "measurements")
    assert any("individuals.pedigrees" in w for w in report.warnings)
    with node_client(tmp_path / "ri.duckdb") as c:
        assert total(c, "individuals", [{"id": "OBI:0002657"}]) == (20, [])  # surgical biopsy
        assert total(c, "individuals", [{"id": "HP:0000002"}]) == (0, [])  # every one is excluded
        assert total(c, "individuals", [f("karyotypicSex", "=", "XXY")]) == (20, [])
        assert total(c, "biosamples", [{"id": "NCIT:C3778"}, {"id": "OBI:0000915"}]) == (20, [])
        assert total(c, "individuals", [f("UBERON:0001062", "=", "50 mg")]) == (20, [])
        assert total(c, "biosamples", [f("UBERON:0001062", "=", "LOINC:26515-7")]) == (20, [])
