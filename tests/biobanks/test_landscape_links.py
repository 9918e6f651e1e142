"""Directory entries and landscape items about the same thing link both ways; a biobank page lists the laws
and standards that govern it, and the federated node that counts it."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Iterator
from importlib.resources import files
from pathlib import Path

import httpx
import pytest

from ic2permed.biobanks import bundle as biobank_bundle
from ic2permed.biobanks import service as biobanks
from ic2permed.biobanks import spec as biobanks_spec
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.core.vocab import source_hosts
from ic2permed.federation.hub import service as hub
from ic2permed.federation.hub.schemas import NodeCreate
from ic2permed.landscape import bundle as landscape_bundle
from ic2permed.web.app import create_app
from tests.clirunner import InProcessCli
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.anyio
LINKS = json.loads((files("ic2permed.biobanks") / "data" / "landscape_links.json").read_bytes())


@pytest.fixture(scope="module")
def bundled_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both bundles, loaded once as `make run` loads them: the landscape first, then the directory and links."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    landscape_bundle.load(database)
    biobanks_spec.load_bundled(database)
    database.dispose()
    return path


@pytest.fixture
def bundled(bundled_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "copy.db"
    shutil.copy(bundled_file, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
async def web(settings: Settings, bundled: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, bundled)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


def _landscape_items() -> dict[str, dict[str, object]]:
    items: dict[str, dict[str, object]] = {}
    for name in ("items_eu", "items_cn", "items_intl"):
        for item in json.loads((files("ic2permed.landscape") / "data" / f"{name}.json").read_bytes()):
            items[str(item["id"])] = item
    return items


def test_each_bundled_link_joins_two_records_about_the_same_thing_with_a_citable_source() -> None:
    items = _landscape_items()
    entries = {str(b["id"]): b for b in json.loads(biobank_bundle.bundle_bytes())}
    assert any(link["item_id"] == "uk-biobank" and link["biobank_id"] == "uk-ukbiobank" for link in LINKS)
    for link in LINKS:
        item, entry = items[link["item_id"]], entries[link["biobank_id"]]
        # the same entity: the same Chinese name, or the entry's name or acronym within the item's title
        names = {str(entry["name_en"]).lower(), str(entry.get("acronym") or "").lower()} - {""}
        title = str(item["title_en"]).lower()
        assert item["title_zh"] == entry["name_zh"] or any(n in title for n in names), link
        assert item["country"] == entry["country"], link
        assert link["basis"] and link["basis_zh"] and link["sources"], link
        for source in link["sources"]:
            assert source_hosts.problems(source["url"]) is None, source
            assert source["title"] and source["accessed"] == "2026-11-30"


async def test_the_landscape_item_and_the_directory_entry_link_to_each_other(web: httpx.AsyncClient) -> None:
    item = await web.get("/landscape/items/uk-biobank")
    assert item.status_code == 200
    assert 'id="in-directory"' in item.text and 'href="/biobanks/biobank/uk-ukbiobank"' in item.text
    entry = await web.get("/biobanks/biobank/uk-ukbiobank")
    assert 'id="in-landscape"' in entry.text and 'href="/landscape/items/uk-biobank"' in entry.text
    zh = {"Accept-Language": "zh-CN"}
    item_zh = await web.get("/landscape/items/uk-biobank", headers=zh)
    assert "在生物样本库目录中" in item_zh.text and "景观条目与目录条目都指英国生物样本库" in item_zh.text
    entry_zh = await web.get("/biobanks/biobank/cn-ckb", headers=zh)
    assert "在政策全景中" in entry_zh.text and 'href="/landscape/items/cn-ckb"' in entry_zh.text
    # an item about something else names no directory entry
    gdpr = await web.get("/landscape/items/eu-gdpr")
    assert 'id="in-directory"' not in gdpr.text


def _governing(database: Database, biobank_id: str) -> set[str]:
    with database.session() as session:
        return {g.item.id for g in biobanks.governing(session, biobank_id)}


def test_a_biobank_is_governed_by_its_own_jurisdiction_and_international_standards(bundled: Database) -> None:
    estonia = _governing(bundled, "eu-ee-estonian-biobank")
    assert {"eu-ee-human-genes-research-act", "eu-gdpr", "int-iso-20387"} <= estonia
    assert "cn-hgr-regulation" not in estonia and "eu-fi-biobank-act" not in estonia
    assert "int-coe-oviedo-convention" not in estonia  # a treaty binds only the states that ratified it
    ckb = _governing(bundled, "cn-ckb")
    assert {"cn-hgr-regulation", "int-iso-20387"} <= ckb and "eu-gdpr" not in ckb
    hong_kong = _governing(bundled, "cn-hk-genome-project")  # outside the mainland for PIPL and the HGR rules
    assert "cn-hgr-regulation" not in hong_kong and "int-iso-20387" in hong_kong
    with bundled.session() as session:
        first = biobanks.governing(session, "eu-ee-estonian-biobank")
    kinds = [g.item.kind for g in first]
    assert kinds == sorted(kinds, key=lambda k: k != "law")  # laws before standards


async def test_the_biobank_page_shows_its_governing_laws_in_both_languages(web: httpx.AsyncClient) -> None:
    page = await web.get("/biobanks/biobank/cn-ckb")
    assert 'id="governing"' in page.text and 'href="/landscape/items/cn-hgr-regulation"' in page.text
    assert "national rule of mainland China" in page.text
    zh = await web.get("/biobanks/biobank/cn-ckb", headers={"Accept-Language": "zh-CN"})
    assert "管辖该样本库的法律与标准" in zh.text and "中国内地的国家规定" in zh.text


async def test_a_linked_node_gives_the_biobank_page_a_scoped_count(web: httpx.AsyncClient, bundled: Database) -> None:
    with serving(fake_node(count=420)) as linked, serving(fake_node(count=99)) as other:
        with bundled.session() as session:
            for node_id, url, biobank_id in (("eu-demo-1", linked, "uk-ukbiobank"), ("eu-other", other, None)):
                hub.add_node(
                    session,
                    Actor.system(),
                    NodeCreate(
                        id=node_id,
                        name=node_id,
                        base_url=url + "/api",
                        jurisdiction="EU",
                        region="EU",
                        biobank_id=biobank_id,
                    ),
                )
        page = await web.get("/biobanks/biobank/uk-ukbiobank")
        assert 'href="/federated-search?node=eu-demo-1"' in page.text
        assert "Count in this collection" in page.text and "synthetic demo data" in page.text
        unlinked = await web.get("/biobanks/biobank/cn-ckb")
        assert "/federated-search?node=" not in unlinked.text
        zh = await web.get("/biobanks/biobank/uk-ukbiobank", headers={"Accept-Language": "zh-CN"})
        assert "在此样本集中计数" in zh.text and "欧盟演示节点 1（合成数据）" in zh.text

        scoped = await web.get("/federated-search?node=eu-demo-1")
        assert scoped.status_code == 200
        assert 'data-node="eu-demo-1"' in scoped.text and 'data-node="eu-other"' not in scoped.text
        row = next(r for r in scoped.text.split("<tr") if 'data-node="eu-demo-1"' in r)
        assert "EU demo node 1 (synthetic)" in row and 'href="/biobanks/biobank/uk-ukbiobank"' in row
        assert "UK Biobank" in row and "420" in row
        assert '<input type="hidden" name="node" value="eu-demo-1">' in scoped.text  # more criteria keep the scope
        unknown = await web.get("/federated-search?node=nobody")
        assert unknown.status_code == 422 and "“nobody”" in unknown.text


def test_links_load_once_per_version_and_a_new_version_replaces_them(database: Database) -> None:
    biobanks_spec.load_bundled(database)
    with database.session() as session:
        assert [e.id for e in biobanks.entries_for_item(session, "uk-biobank")] == ["uk-ukbiobank"]
        assert biobanks.load_landscape_links(session, biobanks.links_bytes()) is False  # this version is in
        fewer = json.dumps([link for link in LINKS if link["biobank_id"] != "uk-ukbiobank"]).encode()
        assert biobanks.load_landscape_links(session, fewer) is True
    with database.session() as session:
        assert biobanks.entries_for_item(session, "uk-biobank") == []
        assert [e.id for e in biobanks.entries_for_item(session, "cn-ckb")] == ["cn-ckb"]


def test_a_curator_links_and_unlinks_from_the_command_line(cli: InProcessCli) -> None:
    bundled_env = {"IC2PERMED_LOAD_BUNDLED_DATA": "true"}
    assert cli("biobanks", "unlink-landscape", "uk-ukbiobank", "uk-biobank", **bundled_env).code == 0
    again = cli("biobanks", "unlink-landscape", "uk-ukbiobank", "uk-biobank", **bundled_env)
    assert again.code != 0 and "No link between biobank 'uk-ukbiobank'" in again.stderr
    unsourced = cli(
        "biobanks", "link-landscape", "uk-ukbiobank", "uk-biobank", "--basis", "same", "--source", "http://1.2.3.4/x"
    )
    assert unsourced.code != 0 and "source" in unsourced.stderr and "bare IP address" in unsourced.stderr
    assert (
        "No landscape item 'nothing'"
        in cli("biobanks", "link-landscape", "uk-ukbiobank", "nothing", "--basis", "x").stderr
    )
    linked = cli(
        "biobanks",
        "link-landscape",
        "uk-ukbiobank",
        "uk-biobank",
        "--basis",
        "Both name UK Biobank.",
        "--source",
        "https://www.ukbiobank.ac.uk/2012/03/uk-biobank-reaches-recruitment-goal/",
        "--source-title",
        "UK Biobank reaches recruitment goal",
    )
    assert linked.code == 0 and "Linked uk-ukbiobank and uk-biobank (UK Biobank)" in linked.stderr
    database = Database("sqlite:///var/ic2permed.db")
    with database.session() as session:
        (link,) = biobanks.landscape_links(session, "uk-ukbiobank")
    database.dispose()
    assert (link.rule, link.basis, link.sources[0].kind) == ("curated", "Both name UK Biobank.", "official")
