"""Odd or huge landscape imports get a 4xx naming field and row, never a 500, and a capped report."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.errors import MAX_REPORTED_ERRORS
from ic2permed.core.permissions import Role
from ic2permed.web.app import create_app
from tests.factories import make_token, make_user

pytestmark = pytest.mark.anyio
HEADER = "id,kind,region,status,title_en,year\n"


@pytest.fixture
async def curator(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    make_user(database, "cura-fictional", Role.CURATOR)
    headers = {"Authorization": f"Bearer {make_token(database, 'cura-fictional')}"}
    transport = httpx.ASGITransport(app=create_app(settings, database))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as http:
        yield http


async def _import(client: httpx.AsyncClient, name: str, content: bytes) -> httpx.Response:
    return await client.post("/api/v1/landscape/import", files={"file": (name, content, "text/csv")})


@pytest.mark.parametrize("year", ["inf", "-inf", "nan", "1e400", "20x0", str(10**30)])
async def test_a_bad_year_is_reported_against_year(curator: httpx.AsyncClient, year: str) -> None:
    response = await _import(curator, "x.csv", f"{HEADER}x-item,law,EU,in_force,A title,{year}\n".encode())
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert [(e["field"], e["row"]) for e in errors] == [("year", 2)]


async def test_a_field_over_128_kb_is_refused_naming_its_row(curator: httpx.AsyncClient) -> None:
    huge = "x" * 200_000
    response = await _import(curator, "x.csv", f"{HEADER}x-item,law,EU,in_force,{huge},2020\n".encode())
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["row"] == 2


async def test_junk_xlsx_is_unreadable_not_a_crash(curator: httpx.AsyncClient) -> None:
    for junk in (b"not a zip at all", b"PK\x03\x04" + b"\x00" * 200):
        response = await _import(curator, "x.xlsx", junk)
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "file"


async def test_upload_size_is_bounded(curator: httpx.AsyncClient) -> None:
    response = await _import(curator, "x.csv", HEADER.encode() + b"a" * 6_000_000)
    assert response.status_code == 413, response.text


async def test_the_error_report_is_capped(curator: httpx.AsyncClient) -> None:
    rows = "".join(f"x-{n:05d},treaty,Atlantis,sometimes,,20x0\n" for n in range(3000))
    response = await _import(curator, "x.csv", (HEADER + rows).encode())
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == MAX_REPORTED_ERRORS + 1
    assert "more problem(s) not listed" in errors[-1]["message"]
    assert len(response.content) < 50_000


async def test_non_utf8_names_the_row(curator: httpx.AsyncClient) -> None:
    response = await _import(curator, "x.csv", f"{HEADER}x-item,law,EU,in_force,Caf".encode() + b"\xe9,2020\n")
    assert response.status_code == 422
    assert response.json()["errors"][0]["row"] == 2
