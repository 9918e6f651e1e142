"""The bundled catalogue: real EU and Chinese biobanks with sources, loaded once, found in both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ic2permed.biobanks import bundle, service, spec
from ic2permed.core import bundles
from ic2permed.core.database import Database
from ic2permed.core.vocab import icd10
from ic2permed.core.vocab.regions import REGION_CODES


@pytest.fixture(scope="module")
def raw() -> list[dict[str, object]]:
    data = json.loads(bundle.bundle_bytes())
    items = data["biobanks"] if isinstance(data, dict) else data
    assert isinstance(items, list)
    return items


@pytest.fixture
def bundled(sqlite_database: Database) -> Iterator[Database]:
    spec.load_bundled(sqlite_database)
    yield sqlite_database


def test_at_least_25_european_and_25_chinese_items_each_with_sources(raw: list[dict[str, object]]) -> None:
    europe = [b for b in raw if b.get("region") in {"EU", "Europe (non-EU)"}]
    china = [b for b in raw if b.get("region") == "China"]
    assert len(europe) >= 25 and len(china) >= 25
    for item in raw:
        assert item.get("sources"), item["id"]
        assert isinstance(item.get("verified"), bool), item["id"]


def test_bundle_loads_once_and_keeps_the_contract(bundled: Database) -> None:
    with bundled.session() as session:
        first = bundles.loaded_checksum(session, bundle.BUNDLE_NAME)
        assert first is not None
        assert service.load_bundle(session, bundle.bundle_bytes()) is False
        exported = service.export_json(session)
    spec.load_bundled(bundled)
    for item in exported:
        assert item["region"] in REGION_CODES
        for code in item["diseases"] + [d for c in item["collections"] for d in c["diseases"]]:
            assert code.startswith("ORPHA:") or code == icd10.try_normalise(code), code


@pytest.mark.parametrize(("material", "chapter"), [("SERUM", "II"), ("WHOLE_BLOOD", "IV"), ("DNA", "IX")])
def test_researcher_finds_every_collection_with_a_material_in_a_chapter(
    bundled: Database, material: str, chapter: str
) -> None:
    with bundled.session() as session:
        expected = {
            c["id"]
            for b in service.export_json(session)
            for c in b["collections"]
            if material in c["material_types"]
            and any(
                not d.startswith("ORPHA:") and icd10.is_within(d, chapter) for d in c["diseases"] if icd10.is_known(d)
            )
        }
        for locale in ("en", "zh_Hans"):
            query, _ = service.query_from_params({"material": [material], "disease": [chapter]})
            result = service.search_collections(session, query, locale)
            assert {h.collection.id for h in service.flat_hits(result)} == expected
    assert expected, "the bundle should hold at least one such collection"


def test_whole_bundle_exports_as_a_valid_fhir_bundle(bundled: Database) -> None:
    from fhirclient.models.bundle import Bundle

    with bundled.session() as session:
        data = service.export_fhir(session)
        biobanks = len(service.list_biobanks(session))
    Bundle(data, strict=True)
    profiles = [e["resource"]["meta"]["profile"][0].rsplit("/", 1)[1] for e in data["entry"]]
    assert profiles.count("miabis-biobank") == biobanks


def test_bundle_loads_on_both_engines(database: Database) -> None:
    spec.load_bundled(database)
    with database.session() as session:
        query, _ = service.query_from_params({"q": ["肿瘤"]})
        assert service.search_collections(session, query, "zh_Hans").total > 0
        assert len(service.list_biobanks(session)) >= 50
