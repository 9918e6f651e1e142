"""Curators edit; reloading the bundle keeps their edits; items leaving the bundle are withdrawn."""

from __future__ import annotations

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.landscape import service
from ic2permed.landscape.schemas import ItemUpdate
from tests.factories import csrf_from, login, make_token, make_user
from tests.landscape.conftest import fictional_item, load_items

pytestmark = pytest.mark.anyio
CURATOR = Actor(id=None, username="system", roles=frozenset({Role.CURATOR}))


def test_reload_keeps_curated_fields_and_withdraws_departed_items(database: Database) -> None:
    first = [fictional_item("x-alpha", title_en="Alpha original", year=2019), fictional_item("x-beta")]
    load_items(database, first)
    with database.session() as session:
        service.update_item(session, Actor.system(), "x-alpha", ItemUpdate(title_en="Alpha as curated"))
    second = [fictional_item("x-alpha", title_en="Alpha renamed upstream", year=2021)]
    load_items(database, second)
    with database.session() as session:
        alpha = service.get_item(session, "x-alpha")
        beta = service.get_item(session, "x-beta")
        actions = [e.action for e in service.history(session, "x-alpha")]
    assert alpha.title_en == "Alpha as curated"  # the curator's value wins
    assert alpha.year == 2021  # untouched fields follow the bundle
    assert beta.withdrawn and not alpha.withdrawn  # never deleted
    assert actions == ["landscape.bundle_add", "landscape.update", "landscape.bundle_update"]


def test_update_records_before_and_after(database: Database) -> None:
    load_items(database, [fictional_item("x-gamma", year=2018)])
    with database.session() as session:
        service.update_item(session, Actor.system(), "x-gamma", ItemUpdate(year=2020, status="ended"))
        entry = service.history(session, "x-gamma")[-1]
    assert entry.before == {"year": 2018, "status": "in_force"}
    assert entry.after == {"year": 2020, "status": "ended"}


async def test_curator_creates_through_the_form_and_sees_history(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "cora-fictional", Role.CURATOR)
    await login(client, "cora-fictional")
    form = await client.get("/landscape/new")
    token = csrf_from(form.text)
    bad = await client.post(
        "/landscape/new",
        data={
            "csrf_token": token,
            "id": "Bad Slug",
            "kind": "law",
            "region": "EU",
            "status": "in_force",
            "title_en": "",
            "verified": "on",
        },
    )
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text and 'id="err-id"' in bad.text
    good = await client.post(
        "/landscape/new",
        data={
            "csrf_token": token,
            "id": "x-fictional-law",
            "kind": "law",
            "region": "China",
            "country": "CN",
            "status": "planned",
            "title_en": "Fictional draft rule",
            "title_zh": "虚构的规章草案",
            "title_zh_status": "official",
            "themes": ["biobanking", "ethics-consent"],
            "year": "2026",
        },
    )
    assert good.status_code == 303
    page = await client.get("/landscape/items/x-fictional-law", headers={"Accept-Language": "zh"})
    assert "虚构的规章草案" in page.text and "landscape.create" in page.text
    assert "未核实" in page.text


async def test_roles_other_than_curator_cannot_write(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "rex-fictional", Role.RESEARCHER)
    headers = {"Authorization": f"Bearer {make_token(database, 'rex-fictional')}"}
    body = {"id": "x-nope", "kind": "law", "region": "EU", "status": "in_force", "title_en": "Nope"}
    assert (await client.post("/api/v1/landscape/items", json=body, headers=headers)).status_code == 403
    assert (await client.post("/api/v1/landscape/items", json=body)).status_code == 401
    assert (await client.get("/landscape/new")).status_code == 303


async def test_api_patch_validates_fields(client: httpx.AsyncClient, database: Database) -> None:
    load_items(database, [fictional_item("x-delta")])
    make_user(database, "cy-curator", Role.CURATOR)
    headers = {"Authorization": f"Bearer {make_token(database, 'cy-curator')}"}
    bad = await client.patch("/api/v1/landscape/items/x-delta", json={"region": "Mars"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "region"
    ok = await client.patch("/api/v1/landscape/items/x-delta", json={"themes": ["cancer"]}, headers=headers)
    assert ok.json()["themes"] == ["cancer"]
    history = (await client.get("/api/v1/landscape/items/x-delta/history")).json()
    assert history[-1]["after"] == {"themes": ["cancer"]}


async def test_empty_form_fields_are_ignored_and_bad_ones_named(client: httpx.AsyncClient) -> None:
    ok = await client.get("/landscape", params={"q": "x", "year_from": "", "year_to": "", "in_force_on": ""})
    assert ok.status_code == 200
    bad = await client.get("/api/v1/landscape/items", params={"year_from": "soon", "theme": "astrology"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"year_from", "theme"}
