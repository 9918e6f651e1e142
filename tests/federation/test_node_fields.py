"""The whole Beacon v2 individual and biosample: hand-counted answers on a small BFF fixture.

`data/beacon-full` holds 8 people (P1-P8) and 10 samples (S1-S10); every expected count below was counted
by hand from those two files (see the comment on each case). Each answer is checked three ways: over
HTTP (the node's API), by SQL, and by the in-memory index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ic2permed.federation.node.catalogue import load_holdings
from ic2permed.federation.node.importers import import_directory
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.query import Scope, biosamples_sql, compile_filters, individuals_sql, parse_filters
from ic2permed.federation.node.store import NodeStore
from tests.federation.node_helpers import body, node_client

FULL = Path(__file__).parent / "data" / "beacon-full"
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
