"""Federated results a person can read in either language: node failures explained (raw text only in a
tooltip), demo nodes named and marked synthetic, breakdowns labelled, split EU vs China, and the CSV."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.federation.hub import service
from ic2permed.federation.hub.schemas import NodeCreate
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import free_port, serving

pytestmark = pytest.mark.anyio
FEMALE, MALE, SERUM = "NCIT:C16576", "NCIT:C20197", "MIABIS:SERUM"  # the codes a real node sends
EU_STRATA = {"sex": {FEMALE: 30, MALE: 20}, "material": {SERUM: 40}}
CN_STRATA = {"sex": {FEMALE: 15, MALE: 10}, "material": {SERUM: 20}}


def _add(database: Database, node_id: str, url: str, region: str, name: str | None = None) -> None:
    with database.session() as session:
        service.add_node(
            session,
            Actor.system(),
            NodeCreate(
                id=node_id,
                name=name or node_id,
                base_url=url + "/api",
                jurisdiction="CN" if region == "China" else "EU",
                region=region,
            ),
        )


async def test_a_dead_node_is_explained_in_words_with_the_raw_error_only_in_a_tooltip(
    client: httpx.AsyncClient, database: Database
) -> None:
    with serving(fake_node(count=40)) as alive:
        _add(database, "cn-demo-1", alive, "China")
        _add(database, "eu-dead", f"http://127.0.0.1:{free_port()}", "EU")
        page = await client.get("/federated-search", params={"disease": "E11"})
        page_zh = await client.get("/federated-search", params={"disease": "E11"}, headers={"Accept-Language": "zh"})
    dead = next(r for r in page.text.split("<tr") if 'data-node="eu-dead"' in r)
    assert "The node could not be reached" in dead
    visible = re.sub(r'="[^"]*"', "", dead)  # the row's text without its attributes
    assert "ConnectError" not in visible and 'title="ConnectError' in dead  # raw text: tooltip only
    dead_zh = next(r for r in page_zh.text.split("<tr") if 'data-node="eu-dead"' in r)
    assert "无法连接该节点" in dead_zh
    demo_zh = next(r for r in page_zh.text.split("<tr") if 'data-node="cn-demo-1"' in r)
    assert "中国演示节点 1（合成数据）" in demo_zh and "合成演示数据：无目录条目" in demo_zh


async def test_breakdowns_are_labelled_split_by_region_and_exported_as_rows(
    client: httpx.AsyncClient, database: Database
) -> None:
    nodes = [("eu-a", "EU", EU_STRATA), ("eu-b", "EU", EU_STRATA), ("eu-c", "EU", EU_STRATA)]
    nodes += [("cn-a", "China", CN_STRATA), ("cn-b", "China", CN_STRATA), ("cn-c", "China", CN_STRATA)]
    query = {"disease": "E11", "stratify": ["sex", "material"]}
    with (
        serving(fake_node(count=50, strata=EU_STRATA)) as eu_url,
        serving(fake_node(count=25, strata=CN_STRATA)) as cn_url,
    ):
        for node_id, region, _strata in nodes:
            _add(database, node_id, eu_url if region == "EU" else cn_url, region)
        _add(database, "eu-formula", eu_url, "EU", name="=HYPERLINK(1)")
        combined = await client.get("/federated-search", params=query, headers={"Accept-Language": "zh"})
        split = await client.get("/federated-search", params={**query, "split": "region"})
        exported = await client.get(
            "/federated-search/results.csv", params={**query, "split": "region"}, headers={"Accept-Language": "zh"}
        )
    sex_zh = combined.text.split('data-breakdown="sex"', 1)[1].split("</table>", 1)[0]
    assert "<td>女性</td>" in sex_zh and "NCIT" not in sex_zh
    assert "按欧盟与中国拆分细分结果" in combined.text
    sex = split.text.split('data-breakdown="sex"', 1)[1].split("</table>", 1)[0]
    assert "<td>European Union</td><td>Female</td><td>120</td><td>4</td>" in sex  # eu-formula is a 4th EU node
    assert "<td>China</td><td>Female</td><td>45</td><td>3</td>" in sex
    assert "Combine the regions in the breakdowns" in split.text

    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    breakdown = {(r["region"], r["breakdown"], r["value_code"]): r for r in rows if r["breakdown"] != "total"}
    female_cn = breakdown[("China", "sex", FEMALE)]
    assert (female_cn["label"], female_cn["breakdown_label"], female_cn["count"]) == ("女性", "性别", "45")
    assert breakdown[("EU", "material", SERUM)]["count"] == "160"
    assert breakdown[("EU", "material", SERUM)]["label"] == "血清"
    per_node = {r["node"]: r for r in rows if r["breakdown"] == "total" and r["node"] != "*"}
    assert per_node["cn-a"]["count"] == "25" and per_node["cn-a"]["status"] == "ok"
    assert per_node["eu-formula"]["node_name"] == "'=HYPERLINK(1)"  # written through the formula-safe writer
    assert not any(line.startswith("#") for line in exported.text.splitlines())


async def test_a_demo_node_linked_to_a_biobank_never_writes_its_synthetic_totals_into_the_directory(
    database: Database,
) -> None:
    from ic2permed.biobanks import service as biobanks
    from ic2permed.biobanks import spec as biobanks_spec
    from ic2permed.federation.hub.demo_nodes import BY_ID
    from ic2permed.federation.hub.fanout import Caller

    biobanks_spec.load_bundled(database)
    demo = BY_ID["eu-demo-1"]
    with database.session() as session:
        before = biobanks.get_biobank(session, demo.biobank_id)
    with serving(fake_node(count=5000)) as url, database.session() as session:
        node = NodeCreate(
            id=demo.id,
            name=demo.name,
            base_url=url + "/api",
            jurisdiction=demo.jurisdiction,
            region=demo.region,
            biobank_id=demo.biobank_id,
        )
        assert service.register_local_node(session, Actor.system(), node).synthetic
        assert service.nodes_for_biobank(session, demo.biobank_id)[0].name_zh == demo.name_zh
        report = await service.refresh_directory(session, Actor.system(), Caller("ic2permed-hub", "cli"))
    assert report == []
    with database.session() as session:
        after = biobanks.get_biobank(session, demo.biobank_id)
    assert (after.donors, after.samples) == (before.donors, before.samples)
