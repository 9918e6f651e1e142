"""Exports: the JSON contract, CSV round trip, FHIR R4 bundle following MIABIS on FHIR; steward check."""

from __future__ import annotations

import io
import json

import miabis_model as mof
from fhirclient.models.bundle import Bundle
from openpyxl import load_workbook

from ic2permed.biobanks import checks, csvio, service
from ic2permed.biobanks.schemas import BiobankRead, CollectionRead
from ic2permed.core.database import Database
from ic2permed.core.exports import SOURCE_FIELDS
from ic2permed.core.permissions import Actor
from ic2permed.core.vocab.regions import REGION_CODES

PROFILES = "https://fhir.bbmri-eric.eu/StructureDefinition/"


def test_json_export_keeps_the_command_line_contract(loaded: Database) -> None:
    with loaded.session() as session:
        data = service.export_json(session)
    assert [b["id"] for b in data] == ["bb-east", "bb-north", "bb-west"]
    for biobank in data:
        for key in ("id", "name_en", "name_zh", "country", "region", "city", "donors", "samples"):
            assert key in biobank
        assert biobank["region"] in REGION_CODES
        assert isinstance(biobank["material_types"], list) and isinstance(biobank["quality_marks"], list)
        assert isinstance(biobank["sources"], list) and isinstance(biobank["verified"], bool)
        for collection in biobank["collections"]:
            assert {"id", "name_en", "material_types", "diseases", "donors", "samples"} <= collection.keys()
    north = data[1]
    assert north["collections"][0]["diseases"] == ["E10", "E11.9"]
    assert data[0]["verified"] is False


def test_filtered_export_keeps_parents_of_matching_sub_collections(loaded: Database) -> None:
    with loaded.session() as session:
        query, _ = service.query_from_params({"q": ["children"]})
        data = service.export_json(session, query)
    assert [c["id"] for b in data for c in b["collections"]] == [
        "bb-north:diabetes",
        "bb-north:diabetes:type1",
    ]


def test_csv_round_trip_changes_nothing(loaded: Database) -> None:
    with loaded.session() as session:
        text = service.export_csv(session)
        header, rows = csvio.read(text)
        assert tuple(header) == csvio.COLUMNS
        assert rows[0][1]["verified"] == "no"
        report = service.import_csv(session, Actor.system(), text)
        assert report.created == [] and report.updated == []
        assert service.export_csv(session) == text


def test_fhir_bundle_validates_and_uses_the_miabis_profiles(loaded: Database) -> None:
    with loaded.session() as session:
        data = service.export_fhir(session)
    bundle = Bundle(data, strict=True)  # fhirclient raises on any R4 structural error
    assert bundle.type == "collection"
    profiles: dict[str, int] = {}
    for entry in data["entry"]:
        for profile in entry["resource"]["meta"]["profile"]:
            profiles[profile] = profiles.get(profile, 0) + 1
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    assert profiles == {
        PROFILES + "miabis-juristic-person": 4,
        PROFILES + "miabis-biobank": 3,
        PROFILES + "miabis-collection-organization": 5,
        PROFILES + "miabis-collection": 5,
        PROFILES + "miabis-network-organization": 1,
        PROFILES + "miabis-network": 1,
    }
    resources = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    for resource in resources.values():
        for ref in (resource.get("partOf"), resource.get("managingEntity")):
            if ref:
                assert ref["reference"] in resources  # every reference resolves inside the bundle
    groups = [r for r in resources.values() if r["meta"]["profile"][0] == PROFILES + "miabis-collection"]
    diabetes = next(g for g in groups if g["identifier"][0]["value"] == "bb-north:diabetes")
    parsed = mof.Collection._get_characteristics(diabetes["characteristic"])  # the package's own reader
    assert sorted(parsed["material_type"]) == ["DNA", "Serum"]
    assert parsed["diagnosis"] == ["E10", "E11.9"]
    assert sorted(g.name for g in parsed["sex"]) == ["FEMALE", "MALE"]
    east = next(r for r in resources.values() if r.get("identifier", [{}])[0].get("value") == "bb-east")
    assert east["meta"]["tag"][0]["code"] == "unverified"


def test_steward_check_reports_what_curators_must_fix(loaded: Database) -> None:
    with loaded.session() as session:
        problems = service.steward_check(session, this_year=2026)
    found = {(p.entity_id, p.code) for p in problems}
    assert ("bb-west", "samples_below_donors") in found
    assert ("bb-north:cancer", "samples_below_donors") in found
    assert ("bb-west", "unknown_icd10") in found
    assert ("bb-west", "missing_name_zh") in found
    assert ("bb-north:cancer", "stale_counts") in found
    assert ("bb-west", "stale_counts") in found
    assert ("bb-east", "unverified") in found
    assert not any(p.entity_id.endswith(":all") for p in problems)
    assert problems[0].severity == "error"


def test_pure_check_thresholds() -> None:
    biobank = BiobankRead(
        id="b",
        name_en="B",
        name_zh="乙",
        country="DE",
        region="EU",
        donors=1,
        samples=1,
        count_year=2021,
        sources=[{"url": "https://example.org"}],
        verified=True,
    )
    assert checks.check([biobank], [], this_year=2026) == []
    assert [p.code for p in checks.check([biobank], [], this_year=2027)] == ["stale_counts"]
    odd = CollectionRead(
        id="c",
        biobank_id="b",
        name_en="C",
        name_zh="丙",
        material_types=["GOLD"],
        diseases=["ORPHA:558"],
        donors=None,
        samples=None,
        verified=True,
        sources=[{"url": "https://example.org"}],
    )
    assert sorted(p.code for p in checks.check([], [odd], 2026)) == ["no_counts", "unknown_code"]


def test_directory_and_landscape_files_write_lists_and_sources_the_same_way(loaded: Database) -> None:
    """One list separator and one way to write sources in every CSV (core.exports), so one recipe reads both."""
    from ic2permed.landscape import exchange
    from tests.landscape.test_analysis import item

    with loaded.session() as session:
        rows = [dict(zip(csvio.COLUMNS, r, strict=True)) for r in csvio.rows(service.export_view(session))]
    with_lists = next(r for r in rows if " | " in r["material_types"])
    assert ";" not in with_lists["material_types"]
    cited = next(r for r in rows if r["sources"])
    sources = json.loads(cited["sources"])
    assert sources and all(set(s) >= {"url"} and set(s) <= set(SOURCE_FIELDS) for s in sources)
    cited_item = item(
        "x-cited", themes=["genomics", "biobanking"], sources=[{"url": "https://example.org/a", "title": "A"}]
    )
    landscape = exchange.to_row(cited_item)
    assert json.loads(landscape["sources"]) == [{"url": "https://example.org/a", "title": "A"}]
    assert landscape["themes"] == "genomics | biobanking"  # the same separator as the directory's lists


def test_directory_xlsx_has_a_frozen_filtered_header_in_the_reader_s_language(loaded: Database) -> None:
    with loaded.session() as session:
        body = service.export_xlsx(session, None, "zh_Hans")
        rows = list(csvio.rows(service.export_view(session)))
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["记录类型", "编号", "生物样本库编号"] and len(set(header)) == len(csvio.COLUMNS)
    assert (
        sheet.freeze_panes == "A2"
        and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    )
    assert sheet[1][0].font.b  # a bold header
    widths = {c: sheet.column_dimensions[c].width for c in ("A", "E", "O")}
    assert 8 <= widths["A"] < widths["E"] <= 60 and widths["O"] <= 60  # wide enough for names, capped for prose
    assert [c.value or "" for c in sheet[2]] == [str(v) for v in rows[0]]


def test_fhir_keeps_chinese_names_and_gives_our_ids_our_own_system(loaded: Database) -> None:
    """The translation extension carries 名称 beside the name; no record is passed off as a BBMRI-ERIC id."""
    from ic2permed.biobanks import fhir

    with loaded.session() as session:
        data = service.export_fhir(session)
    Bundle(data, strict=True)
    resources = [e["resource"] for e in data["entry"]]
    east = next(r for r in resources if r.get("identifier", [{}])[0].get("value") == "bb-east")
    translation = east["_name"]["extension"][0]
    assert translation["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
    parts = {p["url"]: p for p in translation["extension"]}
    assert parts["lang"]["valueCode"] == "zh-Hans" and parts["content"]["valueString"] == "东部测试队列"
    network = next(r for r in resources if r["resourceType"] == "Group" and r.get("name") == "Test Network")
    assert network["_name"]["extension"][0]["extension"][1]["valueString"] == "测试网络"
    systems = {i.get("system") for r in resources for i in r.get("identifier", [])}
    assert fhir.IDENTIFIER_SYSTEM in systems and fhir.BBMRI_SYSTEM not in systems  # no BBMRI-ERIC Directory ids here
    assert fhir.identifier_system("bbmri-eric:ID:AT_MUG") == "http://www.bbmri-eric.eu/"
    assert fhir.identifier_system("cn-ckb") == fhir.IDENTIFIER_SYSTEM
