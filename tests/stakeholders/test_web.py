"""Stakeholder pages and API through the in-process client, in both languages, and the two-way page links."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import networkx as nx
import pytest

from ic2permed.biobanks import service as biobanks
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.core.vocab.regions import CHINA
from ic2permed.landscape import service as landscape
from ic2permed.landscape.schemas import ItemCreate
from ic2permed.stakeholders import bundle, exchange, service
from ic2permed.stakeholders.schemas import MatchDecision
from ic2permed.web.app import create_app
from tests.biobanks.conftest import catalogue_bytes
from tests.factories import csrf_from, login, make_token, make_user

pytestmark = pytest.mark.anyio


@pytest.fixture
async def web(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    bundle.load(database)
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http


@pytest.mark.parametrize(
    ("lang", "heading", "brokers"),
    [("en", "Stakeholders", "Top EU–China brokers"), ("zh_Hans", "利益相关方", "中欧主要中介机构")],
)
async def test_index_renders_in_both_languages(web: httpx.AsyncClient, lang: str, heading: str, brokers: str) -> None:
    page = await web.get("/stakeholders", headers={"Accept-Language": "zh" if lang == "zh_Hans" else "en"})
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text and brokers in page.text
    assert "<svg" in page.text and 'class="node"' in page.text


async def test_search_in_chinese_and_the_organisation_page(web: httpx.AsyncClient) -> None:
    found = await web.get("/stakeholders", params={"q": "国家药品监督"})
    assert 'href="/stakeholders/organisations/cn-nmpa"' in found.text
    page = await web.get("/stakeholders/organisations/cn-nmpa", headers={"Accept-Language": "zh"})
    assert page.status_code == 200
    assert "国家药品监督管理局" in page.text and "自我中心网络" in page.text
    assert 'data-id="int-ich"' in page.text  # the ego network draws its partner
    missing = await web.get("/stakeholders/organisations/no-such-org")
    assert missing.status_code == 404


async def test_path_to_a_hub_names_the_relation_types(web: httpx.AsyncClient) -> None:
    page = await web.get("/stakeholders/organisations/cn-jittc", params={"hub": "int-icpermed"})
    assert 'class="path"' in page.text
    assert "member of" in page.text and "liaises with" in page.text


async def test_the_network_as_of_an_early_year_has_fewer_ties(web: httpx.AsyncClient) -> None:
    now = (await web.get("/api/v1/stakeholders/analysis")).json()
    then = (await web.get("/api/v1/stakeholders/analysis", params={"year": 2000})).json()
    assert then["relations"] < now["relations"]
    page = await web.get("/stakeholders", params={"year": ""})  # the picker's "today"
    assert page.status_code == 200


async def test_report_and_picture_download(web: httpx.AsyncClient) -> None:
    report = await web.get("/stakeholders/report.html")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    assert "<svg" in report.text
    svg = await web.get("/stakeholders/network.svg", params={"centre": "cn-cams"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and 'data-id="gb-oxford"' in svg.text
    ties = re.findall(r"<line [^>]*><title>([^<]*)</title>", svg.text)
    assert ties and not any(re.search(r": .*\b[a-z]+_[a-z_]+\b", t) for t in ties)  # no raw relation codes
    zh = await web.get("/stakeholders/network.svg", params={"centre": "cn-cams"}, headers={"Accept-Language": "zh"})
    assert any("合作" in t or "成员" in t or "签署" in t for t in re.findall(r"<title>([^<]*)</title>", zh.text))


async def test_api_brokers_exports_and_errors(web: httpx.AsyncClient) -> None:
    brokers = (await web.get("/api/v1/stakeholders/brokers", params={"top": 3})).json()
    assert len(brokers) == 3 and brokers[0]["score"] >= brokers[1]["score"] >= brokers[2]["score"]
    graphml = await web.get("/api/v1/stakeholders/export.graphml")
    assert "attachment" in graphml.headers["content-disposition"]
    assert nx.parse_graphml(graphml.text).number_of_nodes() >= 80
    for fmt in ("gexf", "nodes.csv", "edges.csv"):
        assert (await web.get(f"/api/v1/stakeholders/export.{fmt}")).status_code == 200
    wrong = await web.get("/api/v1/stakeholders/export.pdf")
    assert wrong.status_code == 404 and wrong.json()["errors"][0]["field"] == "fmt"
    missing = await web.get("/api/v1/stakeholders/organisations/nope")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
    found = (await web.get("/api/v1/stakeholders/organisations", params={"q": "药品监督"})).json()
    assert found[0]["id"] == "cn-nmpa"


async def test_api_import_needs_a_curator_and_reports_rows(web: httpx.AsyncClient) -> None:
    files = {"organisations": ("o.csv", b"id,name_en,type,region\nBad Id,X,alien,EU\n", "text/csv")}
    anonymous = await web.post("/api/v1/stakeholders/import", files=files)
    assert anonymous.status_code == 401


async def test_landscape_and_biobank_pages_link_to_their_organisation(settings: Settings, database: Database) -> None:
    bundle.load(database)
    with database.session() as session:
        assert biobanks.load_bundle(session, catalogue_bytes(), name="biobanks-test")
        service.import_rows(
            session,
            Actor.system(),
            exchange.parse_nodes(
                "id,name_en,name_zh,type,region\nxx-test-university,Test University,测试大学,university,EU\n".encode()
            ),
            [],
        )
        landscape.create_item(
            session,
            Actor.system(),
            ItemCreate(
                id="xx-fictional-rule",
                kind="policy",
                region=CHINA,
                status="in_force",
                title_en="Fictional rule",
                issuing_body="National Medical Products Administration",
            ),
        )
        proposals = {(c.kind, c.record_id, c.organisation_id) for c in service.match_candidates(session)}
        assert ("biobank", "bb-north", "xx-test-university") in proposals
        assert ("landscape", "xx-fictional-rule", "cn-nmpa") in proposals
        for kind, record, org in (
            ("biobank", "bb-north", "xx-test-university"),
            ("landscape", "xx-fictional-rule", "cn-nmpa"),
        ):
            service.confirm_match(
                session, Actor.system(), MatchDecision(kind=kind, record_id=record, organisation_id=org)
            )
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as web:
        item = await web.get("/landscape/items/xx-fictional-rule")
        assert 'href="/stakeholders/organisations/cn-nmpa"' in item.text
        bank = await web.get("/biobanks/biobank/bb-north")
        assert 'href="/stakeholders/organisations/xx-test-university"' in bank.text
        nmpa = await web.get("/stakeholders/organisations/cn-nmpa")
        assert 'href="/landscape/items/xx-fictional-rule"' in nmpa.text
        uni = await web.get("/stakeholders/organisations/xx-test-university")
        assert 'href="/biobanks/biobank/bb-north"' in uni.text


async def test_curator_logs_an_engagement_and_links_a_record_by_hand(
    web: httpx.AsyncClient, database: Database
) -> None:
    make_user(database, "cora-fictional", Role.CURATOR)
    await login(web, "cora-fictional")
    page = await web.get("/stakeholders/organisations/cn-nmpa")
    assert "2023-10-21" not in page.text  # NMPA was not at the Beijing visit the bundle logs
    bundled = await web.get("/stakeholders/organisations/cn-most")
    assert "2023-10-21" in bundled.text and "Memorandum of Understanding" in bundled.text
    token = csrf_from(page.text)
    bad = await web.post(
        "/stakeholders/organisations/cn-nmpa/engagements",
        data={"csrf_token": token, "kind": "party", "date": "2026-13-40", "title": ""},
    )
    assert bad.status_code == 422
    done = await web.post(
        "/stakeholders/organisations/cn-nmpa/engagements",
        data={
            "csrf_token": token,
            "kind": "workshop",
            "date": "2026-11-30",
            "title": "Fictional regulators' workshop",
            "with": ["eu-ec"],
            "outcome": "Fictional outcome",
        },
    )
    assert done.status_code == 303
    ec = await web.get("/stakeholders/organisations/eu-ec")
    assert "Fictional regulators&#39; workshop" in ec.text
    review = await web.get("/stakeholders/matches")
    assert review.status_code == 200 and "Link a record by hand" in review.text


async def test_review_page_needs_a_curator(web: httpx.AsyncClient) -> None:
    page = await web.get("/stakeholders/matches")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


async def test_api_import_reports_each_bad_row_and_saves_nothing(web: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "cato-fictional", Role.CURATOR)
    auth = {"Authorization": f"Bearer {make_token(database, 'cato-fictional')}"}
    rows = b"id,name_en,type,region\nxx-fine-org,Fine,funder,EU\nBad Id,X,alien,EU\n"
    refused = await web.post("/api/v1/stakeholders/import", headers=auth, files={"organisations": ("o.csv", rows)})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    errors = refused.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} >= {(3, "id"), (3, "type")}
    assert (await web.get("/api/v1/stakeholders/organisations/xx-fine-org")).status_code == 404
    good = b"id,name_en,type,region\nxx-fine-org,Fine,funder,EU\n"
    done = await web.post("/api/v1/stakeholders/import", headers=auth, files={"organisations": ("o.csv", good)})
    assert done.status_code == 200 and done.json()["organisations"] == 1
