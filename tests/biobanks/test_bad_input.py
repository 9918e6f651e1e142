"""Odd or huge input to the biobank API and pages gets a 4xx naming the field or row, never a 500."""

from __future__ import annotations

import httpx
import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Role
from tests.factories import csrf_from, login, make_token, make_user

pytestmark = pytest.mark.anyio


def _curator(database: Database) -> dict[str, str]:
    make_user(database, "cora-fictional", Role.CURATOR)
    return {"Authorization": f"Bearer {make_token(database, 'cora-fictional')}"}


async def test_patch_with_an_astronomical_count_names_the_field(web: httpx.AsyncClient, loaded: Database) -> None:
    headers = _curator(loaded)
    for path in ("/api/v1/biobanks/biobanks/bb-north", "/api/v1/biobanks/collections/bb-north:diabetes"):
        response = await web.patch(path, json={"donors": 10**23}, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "donors"


async def test_import_with_a_huge_integer_names_row_and_column(web: httpx.AsyncClient, loaded: Database) -> None:
    body = f"record_type,id,donors\nbiobank,bb-north,{10**23}\n"
    response = await web.post("/api/v1/biobanks/import", content=body.encode(), headers=_curator(loaded))
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert (error["row"], error["field"]) == (2, "donors")


async def test_import_of_non_utf8_names_the_row(web: httpx.AsyncClient, loaded: Database) -> None:
    body = b"record_type,id,name_en\nbiobank,bb-north,Nord\nbiobank,bb-east,Ost\xff\xfe\n"
    response = await web.post("/api/v1/biobanks/import", content=body, headers=_curator(loaded))
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["row"] == 3 and "UTF-8" in error["message"]


async def test_import_page_refuses_bad_utf8_like_the_api(web: httpx.AsyncClient, loaded: Database) -> None:
    make_user(loaded, "cora-fictional", Role.CURATOR)
    await login(web, "cora-fictional")
    page = await web.get("/biobanks/manage")
    body = b"record_type,id,name_en\nbiobank,bb-north,Nord\xff\n"
    response = await web.post(
        "/biobanks/manage/import",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("x.csv", body, "text/csv")},
    )
    assert response.status_code == 422
    assert "UTF-8" in response.text
    detail = (await web.get("/api/v1/biobanks/biobanks/bb-north")).json()
    assert "\ufffd" not in detail["name_en"]
