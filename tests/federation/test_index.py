"""The in-memory donor index answers exactly what the SQL answers (random queries, both entry types)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from ic2permed.federation.node.catalogue import load_holdings
from ic2permed.federation.node.importers import import_directory
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.query import Scope, biosamples_sql, compile_filters, individuals_sql, parse_filters
from ic2permed.federation.node.store import NodeStore, insert_columns, write_new
from ic2permed.federation.node.synth import synthesise
from tests.federation.node_helpers import FULL, QUESTION, build_handmade

TERMS: list[Any] = [
    {"id": "NCIT:C16576"},
    {"id": "NCIT:C20197"},
    {"id": "NCIT:C41260"},
    {"id": "GAZ:00002646"},
    {"id": "ICD10:E10-E14"},
    {"id": "ICD10:E11"},
    {"id": "ICD10:E11.9"},
    {"id": "ICD10:E11.9", "includeDescendantTerms": False},
    {"id": "ICD10:IX"},
    {"id": "ICD10:F30-F39"},
    {"id": "ICD10:C50.9"},
    {"id": "MIABIS:SERUM"},
    {"id": "MIABIS:DNA"},
    {"id": "MIABIS:TISSUE_FROZEN"},
    {"id": "UBERON:0000178"},
    {"id": "age", "operator": ">=", "value": "40"},
    {"id": "age", "operator": "<", "value": "P30Y"},
    {"id": "age", "operator": "!", "value": "50"},
    {"id": "samplingDate", "operator": ">", "value": "2015-06-30"},
    {"id": "storageTemperature", "operator": "<=", "value": "-80"},
    {"id": "ageAtDiagnosis", "operator": "<", "value": "45"},
    {"id": "diagnosisDate", "operator": ">=", "value": "2010-01-01"},
    {"id": "ageAtDiagnosis", "operator": "!", "value": "60"},
    # The rest of the Beacon v2 individual and biosample (present in the `full` fixture).
    {"id": "LOINC:39156-5", "operator": ">", "value": "30"},
    {"id": "LOINC:35925-4", "operator": "<=", "value": "28"},
    {"id": "LOINC:29463-7", "operator": "!=", "value": "80"},
    {"id": "LOINC:8302-2", "operator": ">=", "value": "1.7 m"},
    {"id": "LOINC:72166-2", "operator": "=", "value": "LOINC:LA20356-4"},
    {"id": "LOINC:72166-2", "operator": "!=", "value": "LOINC:LA18978-9"},
    {"id": "LOINC:49541-6", "operator": "=", "value": "HL7V2-0916:F"},
    {"id": "LOINC:49541-6", "operator": "!=", "value": "HL7V2-0916:F"},
    {"id": "HP:0000002"},
    {"id": "HP:0001513"},
    {"id": "OPCS4:L46.3"},
    {"id": "ATC:A10BA02"},
    {"id": "CHEBI:46661"},
    {"id": "OBI:0000915"},
    {"id": "karyotypicSex", "operator": "=", "value": "XY"},
]


@pytest.fixture(scope="module", params=["synthetic", "handmade", "full"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> NodeStore:
    folder = tmp_path_factory.mktemp("index")
    if request.param == "synthetic":
        db = folder / "synth.duckdb"
        synthesise(db, 3000, "cn", seed=11)
    elif request.param == "full":
        db = folder / "full.duckdb"
        import_directory("bff", FULL, db, show_progress=False)
    else:
        db = build_handmade(folder)
    return NodeStore(db)


def sql_count(store: NodeStore, entry: str, filters: list[Any], scope: Scope) -> int:
    query = compile_filters(parse_filters(filters), holdings=load_holdings(store))
    if query.impossible:
        return 0
    sql, params = (individuals_sql if entry == "individuals" else biosamples_sql)(query, scope)
    return int(store.scalar(sql, params))


def test_random_queries_agree_with_sql(store: NodeStore) -> None:
    index = DonorIndex.build(store)
    assert index is not None
    holdings = load_holdings(store)
    rng = random.Random(5)
    cases = [QUESTION, []] + [rng.sample(TERMS, rng.randint(1, 4)) for _ in range(120)]
    dataset = str(store.scalar("SELECT min(dataset_id) FROM individuals"))
    for n, filters in enumerate(cases):
        scope = Scope(dataset_id=dataset) if n % 5 == 0 else Scope()
        for entry in ("individuals", "biosamples"):
            query = compile_filters(parse_filters(filters), holdings=holdings)
            assert index.count(entry, query, scope) == sql_count(store, entry, filters, scope), (entry, filters)


def test_what_the_index_does_not_hold_goes_to_sql(store: NodeStore) -> None:
    index = DonorIndex.build(store)
    assert index is not None
    query = compile_filters(parse_filters([]))
    assert index.count("biosamples", query, Scope(individual_id="D01")) is None


def test_no_index_without_dense_keys(tmp_path: Path) -> None:
    db = tmp_path / "sparse.duckdb"
    with write_new(db) as con:
        con.execute("INSERT INTO individuals VALUES (5, 'a', 'NCIT:C16576', NULL, NULL, NULL, NULL, NULL)")
    assert DonorIndex.build(NodeStore(db)) is None


def test_donors_with_several_measures_of_one_assay(tmp_path: Path) -> None:
    """Measures are looked up per donor in the assay's sorted slice: repeated rows, gaps, two codes."""
    db = tmp_path / "repeated.duckdb"
    with write_new(db) as con:
        insert_columns(
            con, "individuals", {"pk": list(range(5)), "id": [f"x{k}" for k in range(5)], "sex": "NCIT:C16576"}
        )
        insert_columns(
            con,
            "measures",
            {
                "individual_pk": [3, 0, 1, 3, 0, 3, 4],
                "assay": [
                    "LOINC:39156-5",
                    "LOINC:39156-5",
                    "LOINC:35925-4",
                    "LOINC:39156-5",
                    "LOINC:35925-4",
                    "LOINC:39156-5",
                    "LOINC:39156-5",
                ],
                "value": [25.0, 20.0, 31.0, 26.0, 35.0, 40.0, 29.0],
                "unit": "NCIT:C49671",
            },
        )
    store = NodeStore(db)
    index = DonorIndex.build(store)
    assert index is not None
    holdings = load_holdings(store)
    # donor 0: 20 and 35; donor 1: 31; donor 2: none; donor 3: 25, 26, 40; donor 4: 29 (hand-counted)
    for value, op, expected in (("30", ">", 3), ("26", "<", 2), ("29", "=", 1), ("40", "!=", 4), ("20", "<=", 1)):
        filters = [{"id": "LOINC:39156-5", "operator": op, "value": value}, {"id": "NCIT:C16576"}]
        query = compile_filters(parse_filters(filters), holdings=holdings)
        sql, params = individuals_sql(query, Scope())
        assert index.count("individuals", query, Scope()) == int(store.scalar(sql, params)) == expected, (op, value)
    store.close()
