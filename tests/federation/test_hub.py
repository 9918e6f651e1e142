"""The hub over real HTTP against fake nodes: statuses, timeouts, region totals, signing, the log."""

from __future__ import annotations

import time

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.federation.hub import beacon_request, service, signing
from ic2permed.federation.hub.fanout import Caller, Target, fan_out
from ic2permed.federation.hub.repository import recent_log
from ic2permed.federation.hub.schemas import Criteria, NodeCreate, Status
from tests.factories import make_token, make_user
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.anyio
SECRET = "s" * 40
QUESTION = Criteria(sex="female", diseases=["E10"], age_min=40, age_max=60, materials=["SERUM"])


def test_criteria_become_beacon_filters() -> None:
    body = beacon_request.body(QUESTION)
    ids = [f["id"] for f in body["query"]["filters"]]
    assert ids == ["NCIT:C16576", "ICD10:E10", "MIABIS:SERUM", "age", "age"]
    assert body["query"]["requestedGranularity"] == "count"
    assert body["query"]["filters"][1]["includeDescendantTerms"] is True


def test_bad_criteria_name_the_field() -> None:
    with pytest.raises(ValueError, match="age_min is above age_max"):
        Criteria(age_min=70, age_max=20)
    with pytest.raises(ValueError):
        Criteria(materials=["BLOOD_PUDDING"])


async def test_statuses_and_a_dead_node_never_blocks() -> None:
    with (
        serving(fake_node(count=120)) as eu,
        serving(fake_node(count=40, precision="exact")) as cn,
        serving(fake_node(status=500)) as broken,
        serving(fake_node(status=403)) as refusing,
        serving(fake_node(count=1, delay=3.0)) as slow,
    ):
        targets = [
            Target("eu-a", "EU A", eu + "/api", "EU"),
            Target("cn-a", "CN A", cn + "/api", "China"),
            Target("eu-broken", "EU broken", broken + "/api", "EU"),
            Target("cn-refusing", "CN refusing", refusing + "/api", "China"),
            Target("eu-slow", "EU slow", slow + "/api", "EU"),
            Target("nowhere", "Nowhere", "http://127.0.0.1:9/api", "EU"),
        ]
        started = time.perf_counter()
        answers = [a async for a in fan_out(targets, QUESTION, Caller("hub", "u1"), timeout=0.8)]
        elapsed = time.perf_counter() - started
    by_id = {a.node_id: a for a in answers}
    assert elapsed < 2.0  # the 3 s node did not hold the answer back
    assert by_id["eu-a"].status is Status.OK and by_id["eu-a"].count == 120
    assert by_id["eu-broken"].status is Status.ERROR and "node failure" in (by_id["eu-broken"].reason or "")
    assert by_id["cn-refusing"].status is Status.REFUSED
    assert by_id["eu-slow"].status is Status.TIMEOUT
    assert by_id["nowhere"].status is Status.ERROR
    assert answers[-1].node_id == "eu-slow" or answers[-1].status is not Status.OK
    totals = {t.region: t for t in service.totals(answers)}
    assert totals["EU"].count == 120 and not totals["EU"].exact
    assert totals["China"].count == 40 and totals["China"].exact and totals["China"].nodes == 1


async def test_signed_requests_reach_a_node_that_checks_them() -> None:
    node = fake_node(count=30, secret=SECRET)
    with serving(node) as url:
        good = Target("signed", "Signed", url + "/api", "EU", signing_secret=SECRET)
        unsigned = Target("unsigned", "Unsigned", url + "/api", "EU")
        forged = Target("forged", "Forged", url + "/api", "EU", signing_secret="x" * 40)
        answers = {a.node_id: a async for a in fan_out([good, unsigned, forged], QUESTION, Caller("hub", "p1"), 2)}
    assert answers["signed"].status is Status.OK
    assert answers["unsigned"].status is Status.REFUSED and answers["forged"].status is Status.REFUSED
    users = {r["headers"].get("x-ic2permed-user") for r in node.state.requests}
    assert users == {"p1", None}  # the signed ones carry the pseudonym, the unsigned one nothing


def test_pseudonyms_are_stable_and_distinct() -> None:
    assert signing.pseudonym("k" * 40, "user:1") == signing.pseudonym("k" * 40, "user:1")
    assert signing.pseudonym("k" * 40, "user:1") != signing.pseudonym("k" * 40, "user:2")
    assert signing.pseudonym("k" * 40, "user:1") != signing.pseudonym("j" * 40, "user:1")


async def test_api_query_logs_who_asked(client: httpx.AsyncClient, database: Database) -> None:
    with serving(fake_node(count=70)) as eu, serving(fake_node(count=20)) as cn:
        with database.session() as session:
            service.add_node(
                session,
                Actor.system(),
                NodeCreate(
                    id="eu-x",
                    name="EU X",
                    base_url=eu + "/api",
                    jurisdiction="EU",
                    region="EU",
                ),
            )
            service.add_node(
                session,
                Actor.system(),
                NodeCreate(
                    id="cn-x",
                    name="CN X",
                    base_url=cn + "/api",
                    jurisdiction="CN",
                    region="China",
                ),
            )
        make_user(database, "rita-fictional", Role.RESEARCHER)
        headers = {"Authorization": f"Bearer {make_token(database, 'rita-fictional')}"}
        response = await client.post(
            "/api/v1/federation/query", json={"diseases": ["E10-E14"], "sex": "female"}, headers=headers
        )
        page = await client.get("/federated-search", params={"disease": "E10-E14", "sex": "female"})
        page_zh = await client.get(
            "/federated-search", params={"disease": "E10-E14", "sex": "female"}, headers={"Accept-Language": "zh"}
        )
    outcome = response.json()
    assert outcome["total"] == 90 and outcome["answered"] == 2
    assert {t["region"]: t["count"] for t in outcome["totals"]} == {"EU": 70, "China": 20}
    assert page.status_code == 200
    assert 'data-node="eu-x"' in page.text and 'data-node="cn-x"' in page.text
    assert "<strong>70</strong>" in page.text and "<strong>20</strong>" in page.text
    cn_row = next(row for row in page_zh.text.split("<tr") if 'data-node="cn-x"' in row)
    assert "<td>中国</td>" in cn_row and "<td>China</td>" not in cn_row  # the region cell in the page's language
    with database.session() as session:
        entries = recent_log(session)
    assert [e.actor_name for e in entries] == ["anonymous", "anonymous", "rita-fictional"]
    assert {a["node"] for a in entries[2].answers} == {"eu-x", "cn-x"}
    assert entries[2].criteria["diseases"] == ["E10-E14"]


async def test_only_admins_register_nodes(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "bo-fictional", Role.BIOBANK_MANAGER)
    headers = {"Authorization": f"Bearer {make_token(database, 'bo-fictional')}"}
    body = {"id": "n1", "name": "N1", "base_url": "http://127.0.0.1:1/api", "jurisdiction": "EU"}
    assert (await client.post("/api/v1/federation/nodes", json=body, headers=headers)).status_code == 403
    bad = await client.post("/api/v1/federation/query", json={"diseases": ["nonsense"]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "diseases"


async def test_node_totals_refresh_the_directory_figures(database: Database) -> None:
    from ic2permed.biobanks import service as biobanks
    from ic2permed.biobanks import spec as biobanks_spec

    biobanks_spec.load_bundled(database)
    with database.session() as session:
        biobank_id = biobanks.list_biobanks(session)[0].id
    with serving(fake_node(count=1230)) as url, database.session() as session:
        service.add_node(
            session,
            Actor.system(),
            NodeCreate(
                id="linked",
                name="Linked",
                base_url=url + "/api",
                jurisdiction="EU",
                region="EU",
                biobank_id=biobank_id,
            ),
        )
        report = await service.refresh_directory(session, Actor.system(), Caller("ic2permed-hub", "cli"))
    assert report == [f"{biobank_id}: 1230 donors, 3690 samples (rounded)"]
    with database.session() as session:
        detail = biobanks.get_biobank(session, biobank_id)
    assert (detail.donors, detail.samples) == (1230, 3690)


async def test_a_stratum_needs_three_contributing_nodes() -> None:
    common = {"sex": {"female": 30, "male": 20}, "material": {"SERUM": 40, "DNA": 10}}
    rare = {"sex": {"female": 10}, "material": {"SERUM": 10, "CELL_LINES": 10}}
    with (
        serving(fake_node(count=50, strata=common)) as a,
        serving(fake_node(count=50, strata=common)) as b,
        serving(fake_node(count=10, strata=rare)) as c,
    ):
        targets = [Target(n, n, url + "/api", "EU") for n, url in (("a", a), ("b", b), ("c", c))]
        question = Criteria(diseases=["E11"], stratify=["sex", "material"])
        answers = [x async for x in fan_out(targets, question, Caller("hub", "u"), 2)]
    outcome = service.result(question, answers, 3)
    assert {(s.value, s.count, s.nodes) for s in outcome.strata["sex"]} == {("female", 70, 3)}
    assert {(s.value, s.count) for s in outcome.strata["material"]} == {("SERUM", 90)}
    assert outcome.strata_hidden == 3  # male and DNA (2 nodes), CELL_LINES (1 node)
    with pytest.raises(ValueError, match="cannot break down by"):
        Criteria(stratify=["postcode"])
