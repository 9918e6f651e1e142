"""The stakeholder registry on both engines: the bundled dataset, import all-or-nothing, matching, analysis."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from ic2permed.core.database import Database
from ic2permed.core.errors import Forbidden, Unauthorized, ValidationFailed
from ic2permed.core.permissions import Actor, Role
from ic2permed.core.vocab.regions import CHINA, EU, EUROPE_NON_EU, INTERNATIONAL
from ic2permed.landscape import service as landscape
from ic2permed.landscape.schemas import ItemCreate
from ic2permed.stakeholders import bundle, exchange, service
from ic2permed.stakeholders.schemas import MatchDecision, OrganisationQuery

CURATOR = Actor(id=1, username="curator-fictional", roles=frozenset({Role.CURATOR}))


def _bundle() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    data = files("ic2permed.stakeholders") / "data"
    return json.loads((data / "organisations.json").read_text()), json.loads((data / "relations.json").read_text())


def test_bundle_meets_the_counts_and_every_entry_carries_a_source() -> None:
    orgs, rels = _bundle()
    europe = [o for o in orgs if o["region"] in (EU, EUROPE_NON_EU, INTERNATIONAL)]
    china = [o for o in orgs if o["region"] == CHINA]
    assert len(europe) >= 40 and len(china) >= 40
    for row in [*orgs, *rels]:
        assert row["sources"], row
        for source in row["sources"]:  # type: ignore[attr-defined]
            assert source["url"].startswith("http") and source["title"] and source["quote"]
    assert all(o["ror"] is None for o in orgs)  # no ROR id was confirmed by a retrieved source
    cross = [r for r in rels if {_side(orgs, r["source"]), _side(orgs, r["target"])} == {"eu", "cn"}]
    assert len(cross) >= 5


def _side(orgs: list[dict[str, object]], org_id: object) -> str:
    region = next(o["region"] for o in orgs if o["id"] == org_id)
    return "cn" if region == CHINA else "eu" if region in (EU, EUROPE_NON_EU) else "intl"


def test_bundle_loads_once_and_the_analysis_runs(database: Database) -> None:
    assert bundle.load(database) is not None
    assert bundle.load(database) is None  # unchanged bundle is skipped
    with database.session() as session:
        net = service.network(session)
        result = service.analyse(session)
        brokers = service.brokers(session, 5)
    orgs, rels = _bundle()
    assert len(net.organisations) == len(orgs) and len(net.relations) == len(rels)
    assert result.brokers and result.brokers[0].score == brokers[0].score > 0
    assert result.suggestions and result.communities
    assert {n.id for n in result.nodes} == {o.id for o in net.organisations}


def test_search_finds_an_organisation_by_its_chinese_name_or_acronym(database: Database) -> None:
    bundle.load(database)
    with database.session() as session:
        by_zh = service.search(session, OrganisationQuery(q="药品监督"))
        by_acronym = service.search(session, OrganisationQuery(q="nmpa"))
        by_words = service.search(session, OrganisationQuery(q="rare diseases alliance"))
    assert by_zh[0].id == "cn-nmpa"
    assert by_acronym[0].id == "cn-nmpa"
    assert "cn-card" in [o.id for o in by_words]


def test_the_network_as_of_a_year_only_counts_relations_standing_then(database: Database) -> None:
    bundle.load(database)
    with database.session() as session:
        early = service.analyse(session, year=1990)
        now = service.analyse(session)
    assert early.relations < now.relations
    assert set(early.undated_relations) == set(now.undated_relations)  # undated ones count every year


NODES_OK = (
    "id,name_en,name_zh,type,region,country,themes,verified,sources\n"
    "xx-fictional-funder,Fictional Funder,虚构基金,funder,EU,DE,genomics,false,\n"
).encode()


def test_csv_import_is_all_or_nothing_with_a_row_report(database: Database) -> None:
    bad_nodes = NODES_OK + b"Bad Id,Broken,,alien,Mars,ZZ,unknown-theme,maybe,\n"
    edges = b"source,target,type\nxx-fictional-funder,missing-org,funds\n"
    with database.session() as session, pytest.raises(ValidationFailed) as caught:
        service.import_rows(session, CURATOR, exchange.parse_nodes(bad_nodes), exchange.parse_edges(edges))
    rows = {(e.row, e.field.split(".")[0]) for e in caught.value.errors}
    assert (3, "id") in rows and (3, "region") in rows and (3, "type") in rows and (3, "themes") in rows
    assert (2, "target") in rows
    with database.session() as session:
        assert "xx-fictional-funder" not in {o.id for o in service.all_organisations(session)}
        added, linked = service.import_rows(session, CURATOR, exchange.parse_nodes(NODES_OK), [])
        assert (added, linked) == (1, 0)
        assert service.get_organisation(session, "xx-fictional-funder").name_zh == "虚构基金"


def test_import_and_writes_need_the_curator_permission(database: Database) -> None:
    with database.session() as session:
        with pytest.raises(Unauthorized):
            service.import_rows(session, Actor.anonymous(), exchange.parse_nodes(NODES_OK), [])
        expert = Actor(id=2, username="expert-fictional", roles=frozenset({Role.EXPERT}))
        with pytest.raises(Forbidden):
            service.import_rows(session, expert, exchange.parse_nodes(NODES_OK), [])


def test_exports_round_trip_through_csv_and_graph_formats(database: Database) -> None:
    bundle.load(database)
    with database.session() as session:
        net = service.network(session)
    nodes = exchange.parse_nodes(exchange.nodes_csv(net).encode())
    edges = exchange.parse_edges(exchange.edges_csv(net).encode())
    assert len(nodes) == len(net.organisations) and len(edges) == len(net.relations)
    assert nodes[0][1]["sources"] == net.organisations[0].sources
    assert "<graphml" in exchange.graphml(net) and "<gexf" in exchange.gexf(net)


def test_matching_proposes_exact_names_and_acronyms_and_a_curator_confirms(database: Database) -> None:
    bundle.load(database)
    with database.session() as session:
        for slug, body in (
            ("xx-fictional-gcp", "National Medical Products Administration (国家药品监督管理局)"),
            ("xx-fictional-rule", "NHC and NATCM"),
        ):
            landscape.create_item(
                session,
                Actor.system(),
                ItemCreate(
                    id=slug,
                    kind="policy",
                    region=CHINA,
                    status="in_force",
                    title_en="Fictional rule",
                    issuing_body=body,
                ),
            )
        found = {(c.record_id, c.organisation_id, c.rule) for c in service.match_candidates(session)}
        assert ("xx-fictional-gcp", "cn-nmpa", "exact_name") in found
        assert ("xx-fictional-rule", "cn-natcm", "acronym") in found
        service.confirm_match(
            session, CURATOR, MatchDecision(kind="landscape", record_id="xx-fictional-gcp", organisation_id="cn-nmpa")
        )
        assert [i.id for i in service.landscape_items_of(session, "cn-nmpa")] == ["xx-fictional-gcp"]
        assert "xx-fictional-gcp" not in {c.record_id for c in service.match_candidates(session)}
        with pytest.raises(Unauthorized):
            service.confirm_match(
                session, Actor.anonymous(), MatchDecision(kind="landscape", record_id="xx-fictional-rule")
            )
