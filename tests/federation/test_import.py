"""Importing a node: reference-tools CSV (the shared example and the hand-made one), BFF and MIABIS CSV."""

from __future__ import annotations

import csv
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from ic2permed.core.errors import ValidationFailed
from ic2permed.federation.node.app import NodeHolder
from ic2permed.federation.node.importers import import_directory, parse_date, unflatten
from ic2permed.federation.node.synth import synthesise
from tests.federation import official_schemas as schemas
from tests.federation.node_helpers import HANDMADE, QUESTION, body, node_client
from tests.federation.official_schemas import RI_TOOLS, SCHEMAS


def test_the_reference_tools_example(tmp_path: Path) -> None:
    db = tmp_path / "ri.duckdb"
    schemas.require(SCHEMAS)
    report = import_directory("beacon-csv", schemas.require(RI_TOOLS), db, show_progress=False)
    assert (report.individuals, report.biosamples, report.datasets, report.cohorts) == (20, 20, 1, 1)
    with node_client(db) as client:
        mondo = client.post("/api/individuals", json=body([{"id": "MONDO:0004975"}])).json()
        assert mondo["responseSummary"]["numTotalResults"] == 20
        female = client.post("/api/individuals", json=body([{"id": "NCIT:C16576"}])).json()
        assert female["responseSummary"]["numTotalResults"] == 20
        ovary = client.post("/api/biosamples", json=body([{"id": "UBERON:0000992"}])).json()
        assert ovary["responseSummary"]["numTotalResults"] == 20
        for model in ("datasets", "cohorts"):
            for item in client.get(f"/api/{model}").json()["response"]["collections"]:
                assert schemas.problems(SCHEMAS, schemas.MODEL_SCHEMAS[model], item) == []


def test_handmade_names_what_it_skips(tmp_path: Path) -> None:
    report = import_directory("beacon-csv", HANDMADE, tmp_path / "h.duckdb", show_progress=False)
    assert (report.individuals, report.biosamples, report.diagnoses) == (20, 27, 20)
    assert report.skipped == ["genomicVariations"]


def test_cells_headers_and_dates() -> None:
    doc = unflatten(
        {
            "\ufeffid": "X1",
            "diseases|diseaseCode|id": "ICD10:E10,ICD10:E11",
            "diseases|ageOfOnset|iso8601duration": "P3Y|P40Y",
            "info": '{"note": "kept"}',
            "familyHistory": "TRUE",
        }
    )
    assert doc["id"] == "X1"
    assert doc["diseases"] == [
        {"diseaseCode": {"id": "ICD10:E10"}, "ageOfOnset": {"iso8601duration": "P3Y"}},
        {"diseaseCode": {"id": "ICD10:E11"}, "ageOfOnset": {"iso8601duration": "P40Y"}},
    ]
    assert doc["info"] == {"note": "kept"} and doc["familyHistory"] is True
    assert parse_date("25/9/24").isoformat() == "2024-09-25"
    assert parse_date("5/8/99 17:21").isoformat() == "1999-08-05"
    assert parse_date("2020-09-11T10:00:00Z").isoformat() == "2020-09-11"


def _corrupt(tmp_path: Path) -> Path:
    broken = tmp_path / "broken"
    shutil.copytree(HANDMADE, broken)
    rows = (broken / "individuals.csv").read_text(encoding="utf-8-sig").splitlines()
    rows[3] = rows[3].replace("NCIT:C20197", "NCIT:C99999")  # D03: not a sex term
    rows[5] = rows[5].replace("ICD10:F32.9", "ICD10:F3X.9")  # D05: not an ICD-10 code
    (broken / "individuals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    samples = (broken / "biosamples.csv").read_text(encoding="utf-8-sig").splitlines()
    samples[2] = samples[2].replace("5/6/00", "31/31/00")  # S02: no such date
    samples[3] = samples[3].replace(",D02,", ",D99,")  # S03: unknown donor
    samples[4] = samples[4].replace("PLASMA", "BLOOD_PUDDING")  # S04: not a MIABIS material
    (broken / "biosamples.csv").write_text("\n".join(samples) + "\n", encoding="utf-8-sig")
    return broken


def test_strict_fields_stop_the_whole_import(tmp_path: Path) -> None:
    db = tmp_path / "node.duckdb"
    synthesise(db, 50, "eu", seed=1)
    before = db.read_bytes()
    with pytest.raises(ValidationFailed) as caught:
        import_directory("beacon-csv", _corrupt(tmp_path), db, show_progress=False)
    problems = {(e.field.split(":")[0], e.row) for e in caught.value.errors}
    assert ("individuals", 3) in problems and ("individuals", 5) in problems
    assert {("biosamples", 2), ("biosamples", 3), ("biosamples", 4)} <= problems
    assert "nothing imported" in str(caught.value)
    assert db.read_bytes() == before  # the served file is untouched


def _documents(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [unflatten(row) for row in csv.DictReader(handle)]


def test_beacon_friendly_format(tmp_path: Path) -> None:
    bff = tmp_path / "bff"
    bff.mkdir()
    for entry in ("individuals", "biosamples", "datasets", "cohorts"):
        docs = _documents(HANDMADE / f"{entry}.csv")
        if entry == "biosamples":  # BFF keeps non-model fields under info
            for doc in docs:
                doc["info"] = {
                    "materialType": doc.pop("materialType"),
                    "storageTemperature": doc.pop("storageTemperature"),
                }
        (bff / f"{entry}.json").write_text(json.dumps(docs), encoding="utf-8")
    (bff / "runs.json").write_text("[]", encoding="utf-8")
    db = tmp_path / "bff.duckdb"
    report = import_directory("bff", bff, db, show_progress=False)
    assert report.skipped == ["runs"]
    with node_client(db) as client:
        assert client.post("/api/individuals", json=body(QUESTION)).json()["responseSummary"]["numTotalResults"] == 5


def test_miabis_tables(tmp_path: Path) -> None:
    source = tmp_path / "miabis"
    source.mkdir()
    (source / "donors.csv").write_text(
        "ID,Sex,Diagnosis\nM1,Female,E10.9\nM2,Male,\nM3,Female,C50.9;I10\n", encoding="utf-8-sig"
    )
    (source / "samples.csv").write_text(
        "Sample ID,Donor ID,Material type,Sampling date,Age at sampling,Storage temperature,Diagnosis\n"
        "A1,M1,SERUM,2019-01-02,45,temperature-60to-85,\n"
        "A2,M2,DNA,2020-03-04,61,temperature-18to-35,E11.9\n"
        "A3,M3,TISSUE_FROZEN,2021-05-06,52,temperatureLN,\n",
        encoding="utf-8-sig",
    )
    (source / "events.csv").write_text("x\n1\n", encoding="utf-8")
    db = tmp_path / "miabis.duckdb"
    report = import_directory("miabis-csv", source, db, show_progress=False)
    assert (report.individuals, report.biosamples, report.diagnoses, report.skipped) == (3, 3, 4, ["events"])
    with node_client(db) as client:
        diabetic = client.post("/api/individuals", json=body([{"id": "ICD10:E10-E14"}])).json()
        assert diabetic["responseSummary"]["numTotalResults"] == 2
        frozen = [{"id": "storageTemperature", "operator": "<", "value": "-150"}]
        assert client.post("/api/individuals", json=body(frozen)).json()["responseSummary"]["numTotalResults"] == 1


def test_unknown_format_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed):
        import_directory("excel", HANDMADE, tmp_path / "x.duckdb", show_progress=False)
    with pytest.raises(ValidationFailed, match="no individuals"):
        import_directory("beacon-csv", tmp_path, tmp_path / "x.duckdb", show_progress=False)


def test_a_running_node_picks_up_a_swapped_file(tmp_path: Path) -> None:
    db = tmp_path / "node.duckdb"
    synthesise(db, 40, "eu", seed=1)
    with node_client(db) as client:
        assert client.post("/api/individuals", json=body([])).json()["responseSummary"]["numTotalResults"] == 40
        import_directory("beacon-csv", HANDMADE, db, show_progress=False)
        time.sleep(NodeHolder.FRESH_SECONDS)  # queries answered on the event loop look for a swap this often
        swapped = client.post("/api/individuals", json=body(QUESTION)).json()
        assert swapped["responseSummary"]["numTotalResults"] == 5
        assert client.get("/api/datasets/handmade").status_code == 200


def test_miabis_refuses_duplicate_donor_ids_naming_the_row(tmp_path: Path) -> None:
    source = tmp_path / "dupes"
    source.mkdir()
    (source / "donors.csv").write_text("ID,Sex\nM1,Female\nM2,Male\nM1,Male\n", encoding="utf-8")
    (source / "samples.csv").write_text("Sample ID,Donor ID,Material type\nA1,M1,SERUM\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        import_directory("miabis-csv", source, tmp_path / "d.duckdb", show_progress=False)
    [problem] = caught.value.errors
    assert (problem.field, problem.row) == ("donors: id", 3)
    assert "first on row 1" in problem.message
    assert not (tmp_path / "d.duckdb").exists()


@pytest.mark.parametrize("age", ["inf", "P99999Y", "-3", "nan"])
def test_impossible_ages_are_reported_by_row_and_column(tmp_path: Path, age: str) -> None:
    source = tmp_path / "ages"
    source.mkdir()
    people = [{"id": "I1", "sex": {"id": "NCIT:C16576"}}]
    samples = [
        {"id": "S1", "individualId": "I1", "collectionMoment": "P40Y"},
        {"id": "S2", "individualId": "I1", "collectionMoment": age},
    ]
    (source / "individuals.json").write_text(json.dumps(people), encoding="utf-8")
    (source / "biosamples.json").write_text(json.dumps(samples), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        import_directory("bff", source, tmp_path / "a.duckdb", show_progress=False)
    assert [(e.field, e.row) for e in caught.value.errors] == [("biosamples: collectionMoment", 2)]


def test_a_bff_entry_that_is_not_an_object_is_reported(tmp_path: Path) -> None:
    source = tmp_path / "bff"
    source.mkdir()
    people = [{"id": "I1", "sex": {"id": "NCIT:C16576"}}, "I2", [1, 2]]
    (source / "individuals.json").write_text(json.dumps(people), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        import_directory("bff", source, tmp_path / "b.duckdb", show_progress=False)
    assert [(e.field, e.row) for e in caught.value.errors] == [("individuals: entry", 2), ("individuals: entry", 3)]
