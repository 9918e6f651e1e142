"""Managers edit only their own biobanks; curators assign them; every change audited, counts kept."""

from __future__ import annotations

import json

import pytest

from ic2permed.biobanks import service
from ic2permed.biobanks.schemas import BiobankUpdate, CollectionUpdate, FactRow
from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.repository import by_username
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.errors import Forbidden, Unauthorized, ValidationFailed
from ic2permed.core.permissions import Actor, Role
from tests.biobanks.conftest import catalogue_bytes
from tests.factories import make_user


def _actor(database: Database, username: str, *roles: Role) -> Actor:
    make_user(database, username, *roles)
    with database.session() as session:
        user = by_username(session, username)
        assert user is not None
        return accounts.actor_for(user)


@pytest.fixture
def people(loaded: Database) -> dict[str, Actor]:
    found = {
        "curator": _actor(loaded, "cara-fictional", Role.CURATOR),
        "manager": _actor(loaded, "manu-fictional", Role.BIOBANK_MANAGER),
        "researcher": _actor(loaded, "remy-fictional", Role.RESEARCHER),
    }
    with loaded.session() as session:
        service.assign_manager(session, found["curator"], "bb-north", "manu-fictional")
    return found


def test_manager_edits_own_biobank_and_its_collections_only(loaded: Database, people: dict[str, Actor]) -> None:
    manager = people["manager"]
    with loaded.session() as session:
        updated = service.update_biobank(session, manager, "bb-north", BiobankUpdate(samples=25000, count_year=2025))
        assert updated.samples == 25000
        collection = service.update_collection(
            session,
            manager,
            "bb-north:cancer",
            CollectionUpdate(samples=900, diseases=["C50.9", "ICD10:C509"]),
        )
        assert collection.diseases == ["C50.9"]
        with pytest.raises(Forbidden):
            service.update_biobank(session, manager, "bb-east", BiobankUpdate(samples=1))
        with pytest.raises(Forbidden):
            service.update_collection(session, manager, "bb-east:all", CollectionUpdate(samples=1))
        with pytest.raises(Forbidden):
            service.update_biobank(session, people["researcher"], "bb-north", BiobankUpdate(samples=1))
        with pytest.raises(Unauthorized):
            service.update_biobank(session, Actor.anonymous(), "bb-north", BiobankUpdate(samples=1))
        with pytest.raises(Forbidden):
            service.assign_manager(session, manager, "bb-east", "manu-fictional")
        assert service.get_biobank(session, "bb-east").samples == 400000


def test_edits_are_audited_and_count_history_is_kept(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session:
        service.update_collection(session, people["manager"], "bb-north:diabetes", CollectionUpdate(donors=3100))
        history = service.count_history(session, "collection", "bb-north:diabetes")
        entries = audit.list_entries(session, Actor.system(), AuditFilter(entity_id="bb-north:diabetes")).items
    assert [(h.donors, h.recorded_by) for h in history] == [(3000, "system"), (3100, "manu-fictional")]
    update = next(e for e in entries if e.action == "biobank_collection.update")
    assert update.actor_name == "manu-fictional"
    assert update.before["donors"] == 3000 and update.after["donors"] == 3100


def test_aggregate_facts_are_checked_and_kept(loaded: Database, people: dict[str, Actor]) -> None:
    facts = [
        FactRow(sex="female", age_band="40-49", material_type="serum", disease="E11", donors=120, samples=240),
        FactRow(sex="MALE", age_band="40-49", material_type="SERUM", disease="E11.9", donors=100, samples=200),
    ]
    with loaded.session() as session:
        saved = service.update_collection(
            session, people["manager"], "bb-north:diabetes", CollectionUpdate(facts=facts)
        )
        assert [(f.sex, f.material_type, f.disease) for f in saved.facts] == [
            ("FEMALE", "SERUM", "E11"),
            ("MALE", "SERUM", "E11.9"),
        ]
        with pytest.raises(ValidationFailed) as caught:
            service.update_collection(
                session,
                people["manager"],
                "bb-north:diabetes",
                CollectionUpdate(facts=[FactRow(sex="robot")]),
            )
    assert [e.field for e in caught.value.errors] == ["facts.sex"]


def test_invalid_codes_are_refused_with_the_field_named(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session, pytest.raises(ValidationFailed) as caught:
        service.update_collection(
            session,
            people["curator"],
            "bb-north:cancer",
            CollectionUpdate(material_types=["GOLD"], diseases=["Q"]),
        )
    assert {e.field for e in caught.value.errors} == {"material_types", "diseases"}


def test_curator_removes_a_manager(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session:
        assert service.remove_manager(session, people["curator"], "bb-north", "manu-fictional") == []
        with pytest.raises(Forbidden):
            service.update_biobank(session, people["manager"], "bb-north", BiobankUpdate(samples=1))


BULK = """record_type,id,donors,samples,count_year
biobank,bb-north,5100,21000,2025
collection,bb-north:diabetes,3050,12500,2025
"""


def test_bulk_csv_update_by_a_manager(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session:
        report = service.import_csv(session, people["manager"], BULK)
        assert sorted(report.updated) == ["bb-north", "bb-north:diabetes"]
        assert service.get_collection(session, "bb-north:diabetes").samples == 12500
        # the name and lists not in the header stay as they were
        assert service.get_collection(session, "bb-north:diabetes").material_types == ["SERUM", "DNA"]


def test_import_is_all_or_nothing_with_a_report_per_row(loaded: Database, people: dict[str, Actor]) -> None:
    text = (
        "record_type,id,biobank_id,name_en,country,material_types,diseases,samples\n"
        "collection,bb-north:new,bb-north,New collection,,SERUM,E11,10\n"
        "collection,bb-east:new,bb-east,Not mine,,SERUM,E11,10\n"
        "collection,bb-north:bad,bb-north,Bad codes,,GOLD,E99.9,ten\n"
        "biobank,bb-new,,Brand new,DE,,,\n"
    )
    with loaded.session() as session, pytest.raises(ValidationFailed) as caught:
        service.import_csv(session, people["manager"], text)
    rows = {(e.row, e.field) for e in caught.value.errors}
    assert (3, "biobank_id") in rows  # not their biobank
    assert {(4, "material_types"), (4, "diseases"), (4, "samples")} <= rows
    assert (5, "id") in rows  # only curators add biobanks
    assert (2, "material_types") not in rows
    with loaded.session() as session:
        assert [c.id for c in service.get_biobank(session, "bb-north").collections if c.id == "bb-north:new"] == []


def test_curator_import_creates_biobanks_and_collections(loaded: Database, people: dict[str, Actor]) -> None:
    text = (
        "record_type,id,biobank_id,parent_id,name_en,name_zh,country,material_types,diseases,donors,samples,count_year\n"
        "collection,bb-new:c1,bb-new,,First,第一,,PLASMA,I21,10,20,2025\n"
        "collection,bb-new:c1a,bb-new,bb-new:c1,Part,部分,,PLASMA,I21.0,5,10,2025\n"
        "biobank,bb-new,,,New biobank,新样本库,FR,,,10,20,2025\n"
    )
    with loaded.session() as session:
        report = service.import_csv(session, people["curator"], text)
        assert sorted(report.created) == ["bb-new", "bb-new:c1", "bb-new:c1a"]
        detail = service.get_biobank(session, "bb-new")
    assert detail.region == "EU" and detail.verified is False
    assert _search_ids(loaded, "I21") == ["bb-east:all", "bb-new:c1", "bb-new:c1a"]


def _search_ids(database: Database, disease: str) -> list[str]:
    with database.session() as session:
        query, _ = service.query_from_params({"disease": [disease]})
        return sorted(h.collection.id for h in service.flat_hits(service.search_collections(session, query)))


def test_managers_may_not_mark_items_verified(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session, pytest.raises(ValidationFailed) as caught:
        service.import_csv(session, people["manager"], "record_type,id,verified\nbiobank,bb-north,no\n")
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "verified")]


def test_links_must_be_web_addresses(loaded: Database, people: dict[str, Actor]) -> None:
    with loaded.session() as session, pytest.raises(ValidationFailed) as caught:
        service.update_biobank(
            session,
            people["manager"],
            "bb-north",
            BiobankUpdate(url="javascript:alert(1)", contact_email="not an address"),
        )
    assert sorted(e.field for e in caught.value.errors) == ["contact_email", "url"]


def test_a_new_bundle_version_updates_and_withdraws_but_keeps_edits(loaded: Database, people: dict[str, Actor]) -> None:
    newer = json.loads(catalogue_bytes())
    newer["biobanks"] = [b for b in newer["biobanks"] if b["id"] != "bb-west"]
    newer["biobanks"][0]["samples"] = 30000  # bb-north, edited by its manager below
    newer["biobanks"][1]["samples"] = 450000  # bb-east, untouched by users
    with loaded.session() as session:
        service.update_biobank(session, people["manager"], "bb-north", BiobankUpdate(samples=26000))
        assert service.load_bundle(session, json.dumps(newer).encode(), name="biobanks-test")
        ids = [b.id for b in service.list_biobanks(session)]
        assert ids == ["bb-east", "bb-north"]
        assert service.get_biobank(session, "bb-north").samples == 26000
        assert service.get_biobank(session, "bb-east").samples == 450000
        history = service.count_history(session, "biobank", "bb-east")
    assert [h.samples for h in history] == [400000, 450000]


def test_the_ciio_flag_is_edited_exported_and_imported(loaded: Database, people: dict[str, Actor]) -> None:
    """China's critical-information-infrastructure operators: the flag the access domain gives the compliance
    engine. A manager sets it on their biobank; the CSV carries it both ways."""
    with loaded.session() as session:
        assert service.get_biobank(session, "bb-north").ciio is False
        updated = service.update_biobank(session, people["manager"], "bb-north", BiobankUpdate(ciio=True))
        assert updated.ciio is True
        exported = service.export_csv(session)
        header, *rows = exported.splitlines()
        assert "ciio" in header.split(",")
        column = header.split(",").index("ciio")
        north = next(r for r in rows if r.split(",")[1] == "bb-north")
        assert north.split(",")[column] == "yes"
        report = service.import_csv(session, people["manager"], "record_type,id,ciio\nbiobank,bb-north,no\n")
        assert report.updated == ["bb-north"]
        assert service.get_biobank(session, "bb-north").ciio is False
        with pytest.raises(ValidationFailed) as refused:
            service.import_csv(session, people["manager"], "record_type,id,ciio\nbiobank,bb-north,perhaps\n")
        assert refused.value.errors[0].field == "ciio"
