"""Numbers beyond any sensible range get a 422 naming the parameter, never a database overflow (500)."""

from __future__ import annotations

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Role
from tests.factories import login, make_token, make_user

pytestmark = pytest.mark.anyio
HUGE = str(10**20)


async def test_huge_offsets_and_pages_name_the_parameter(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "ada-admin-fictional", Role.ADMIN)
    headers = {"Authorization": f"Bearer {make_token(database, 'ada-admin-fictional')}"}
    for path, name in (
        (f"/api/v1/audit?offset={HUGE}", "offset"),
        (f"/api/v1/landscape/items?offset={HUGE}", "offset"),
    ):
        response = await client.get(path, headers=headers)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["errors"][0]["field"] == name
    await login(client, "ada-admin-fictional")
    page = await client.get(f"/admin/audit?page={HUGE}")
    assert page.status_code == 422
    assert "page" in page.text


async def test_an_oversized_body_is_refused_before_it_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users", content=b"x" * 5_200_000, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_text_beyond_its_column_names_the_field(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "cur-fictional", Role.CURATOR)
    headers = {"Authorization": f"Bearer {make_token(database, 'cur-fictional')}"}
    item = {"id": "x-long", "kind": "law", "region": "EU", "status": "in_force", "title_en": "A title"}
    for field, value in (("legal_tier", "T" * 40), ("province", "P" * 80), ("title_en", "t" * 200_000)):
        response = await client.post("/api/v1/landscape/items", json={**item, field: value}, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field
