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
