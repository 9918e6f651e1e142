"""Source quality as data (issue 13): the bundled facts cite only listed, non-refused hosts, by kind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest

from ic2permed.core.vocab import source_hosts

DOCUMENT_KINDS = {"law", "policy", "standard"}
NAMED_IN_ISSUE = ("34lj.com", "sonicgame.netlify.app", "evaliorh.com", "studentcolombia.com", "recordstreaming.com")


def _json(package: str, name: str) -> Any:
    return json.loads((files(package) / "data" / name).read_text(encoding="utf-8"))


def landscape_items() -> list[dict[str, Any]]:
    return [
        row
        for name in ("items_eu.json", "items_cn.json", "items_intl.json")
        for row in _json("ic2permed.landscape", name)
    ]


def biobanks() -> list[dict[str, Any]]:
    data = _json("ic2permed.biobanks", "biobanks.json")
    return list(data if isinstance(data, list) else data["biobanks"])


def bundled_sources() -> Iterator[tuple[str, dict[str, Any]]]:
    for item in landscape_items():
        for source in item["sources"]:
            yield item["id"], source
    for relation in _json("ic2permed.landscape", "relations.json"):
        for source in relation["sources"]:
            yield f"{relation['source']}→{relation['target']}", source
    for biobank in biobanks():
        for source in biobank.get("sources") or []:
            yield biobank["id"], source
        for collection in biobank.get("collections") or []:
            for source in collection.get("sources") or []:
                yield f"{biobank['id']}/{collection['id']}", source


def test_classify_matches_sub_domains_and_refuses_bare_ips() -> None:
    assert source_hosts.classify("https://www.nhc.gov.cn/wjw/a/b.shtml") == "official"
    assert source_hosts.classify("https://eur-lex.europa.eu/eli/reg/2016/679/oj") == "official"
    assert source_hosts.classify("https://pmc.ncbi.nlm.nih.gov/articles/PMC1/") == "reputable"
    assert source_hosts.classify("https://max.book118.com/html/x.shtm") == "mirror"
    assert source_hosts.classify("http://34lj.com/anything") == "refused"
    assert source_hosts.classify("http://103.52.134.50/scripts/wab.php") == "refused"
    assert source_hosts.classify("http://[2001:db8::1]/x") == "refused"
    assert source_hosts.classify("https://unknown-host.example/x") is None
    assert source_hosts.problems("https://unknown-host.example/x") == "host 'unknown-host.example' is on no source list"
    assert source_hosts.problems("https://cordis.europa.eu./project/id/779282") is None


def test_portal_pages_are_recognised_but_a_programmes_own_site_is_not() -> None:
    assert source_hosts.is_portal("https://www.gov.cn/zhengce/")
    assert source_hosts.is_portal("https://flk.npc.gov.cn/")
    assert source_hosts.is_portal("https://std.samr.gov.cn")
    assert source_hosts.is_portal("https://www.tehdas.eu/", document=True)
    assert not source_hosts.is_portal("https://tehdas.eu/", document=False)
    assert not source_hosts.is_portal("https://www.gov.cn/zhengce/content/2016-06/24/content_5085091.htm")


def test_the_registry_is_consistent_and_refuses_the_hosts_the_review_found() -> None:
    lists = source_hosts.registry()
    seen: dict[str, str] = {}
    for kind in (*source_hosts.KINDS, "refused"):
        for host, reason in lists[kind].items():
            assert reason.strip(), f"{host} has no reason"
            assert host not in seen, f"{host} is both {seen[host]} and {kind}"
            seen[host] = kind
    for host in NAMED_IN_ISSUE:
        assert lists["refused"].get(host), host


@pytest.mark.parametrize("owner_source", list(bundled_sources()), ids=lambda pair: pair[0])
def test_every_bundled_source_is_on_a_list_and_carries_its_kind(owner_source: tuple[str, dict[str, Any]]) -> None:
    owner, source = owner_source
    assert source_hosts.problems(source["url"]) is None, f"{owner}: {source['url']}"
    assert source.get("kind") == source_hosts.source_kind(source["url"]), f"{owner}: kind of {source['url']}"


def test_verified_facts_rest_on_an_official_or_reputable_source() -> None:
    records = [*landscape_items(), *biobanks(), *_json("ic2permed.landscape", "relations.json")]
    weak = [
        record.get("id") or f"{record['source']}→{record['target']}"
        for record in records
        if record["verified"] and not any(s.get("kind") in source_hosts.CONFIRMING for s in record["sources"])
    ]
    assert weak == []


def test_at_most_five_percent_of_item_links_are_portal_pages() -> None:
    linked = [item for item in landscape_items() if item.get("url")]
    portals = [i["id"] for i in linked if source_hosts.is_portal(i["url"], document=i["kind"] in DOCUMENT_KINDS)]
    assert len(portals) <= 0.05 * len(linked), portals
    assert not [i["id"] for i in linked if source_hosts.classify(i["url"]) == "refused"]


def test_no_researched_item_is_silently_left_out_of_the_bundle() -> None:
    """A source on no list makes the build drop the item; the bundle must still hold every researched item."""
    from pathlib import Path

    research = Path(__file__).resolve().parents[2] / "research"
    researched = {
        row["id"]
        for name in ("landscape_eu.json", "landscape_cn.json", "landscape_cn_extra.json", "landscape_intl.json")
        for row in json.loads((research / name).read_text(encoding="utf-8"))
    }
    assert researched - {item["id"] for item in landscape_items()} == set()
