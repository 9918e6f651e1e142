"""Provenance visible to users (issue 13): source kinds on pages and exports, and an official-sources filter."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from ic2permed.core.database import Database
from tests.landscape.conftest import fictional_item, load_items

pytestmark = pytest.mark.anyio

OFFICIAL = {
    "url": "https://eur-lex.europa.eu/eli/reg/2099/1/oj",
    "title": "Fictional regulation on EUR-Lex",
    "accessed": "2026-11-30",
    "quote": "fictional",
}
MIRROR = {"url": "https://max.book118.com/html/fictional.shtm", "title": "Fictional repost", "accessed": "2026-11-29"}


def _load(database: Database) -> None:
    load_items(
        database,
        [
            fictional_item("zz-with-official", title_en="Zyxwv official instrument", sources=[OFFICIAL, MIRROR]),
            fictional_item("zz-mirror-only", title_en="Zyxwv reposted instrument", sources=[MIRROR]),
        ],
    )


async def test_official_sources_only_filter(client: httpx.AsyncClient, database: Database) -> None:
    _load(database)
    everything = (await client.get("/api/v1/landscape/items", params={"q": "zyxwv"})).json()
    official = (await client.get("/api/v1/landscape/items", params={"q": "zyxwv", "official_only": "true"})).json()
    assert {i["id"] for i in everything["items"]} == {"zz-with-official", "zz-mirror-only"}
    assert [i["id"] for i in official["items"]] == ["zz-with-official"]
    page = await client.get("/landscape", params={"q": "zyxwv", "official_only": "true"})
    assert "zz-mirror-only" not in page.text and "zz-with-official" in page.text
    assert 'name="official_only" value="true" checked' in page.text


@pytest.mark.parametrize(
    ("language", "official", "mirror", "looked_up"),
    [("en", "official source", "mirror (repost)", "looked up"), ("zh", "官方来源", "转载（镜像）", "查阅")],
)
async def test_item_page_shows_each_source_kind_and_date(
    client: httpx.AsyncClient, database: Database, language: str, official: str, mirror: str, looked_up: str
) -> None:
    _load(database)
    page = await client.get("/landscape/items/zz-with-official", headers={"Accept-Language": language})
    assert page.status_code == 200
    assert official in page.text and mirror in page.text
    assert "2026-11-30" in page.text and "2026-11-29" in page.text and looked_up in page.text


async def test_exports_carry_the_source_kind(client: httpx.AsyncClient, database: Database) -> None:
    _load(database)
    exported = await client.get("/api/v1/landscape/export", params={"q": "zyxwv", "format": "csv"})
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff")))}
    kinds = [s["kind"] for s in json.loads(rows["zz-with-official"]["sources"])]
    assert kinds == ["official", "mirror"]
    as_json = (await client.get("/api/v1/landscape/export", params={"q": "zyxwv", "format": "json"})).json()
    assert {s["kind"] for item in as_json for s in item["sources"]} == {"official", "mirror"}


@pytest.mark.parametrize(("language", "unknown"), [("en", "date unknown"), ("zh", "日期不详")])
async def test_an_undated_item_says_date_unknown(
    client: httpx.AsyncClient, database: Database, language: str, unknown: str
) -> None:
    load_items(database, [fictional_item("zz-undated", title_en="Zyxwv undated instrument", year=None)])
    page = await client.get("/landscape/items/zz-undated", headers={"Accept-Language": language})
    listing = await client.get("/landscape", params={"q": "zyxwv"}, headers={"Accept-Language": language})
    assert unknown in page.text and unknown in listing.text
