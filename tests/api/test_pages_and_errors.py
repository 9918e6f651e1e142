"""Language negotiation, friendly error pages, health and the offline API docs."""

from __future__ import annotations

import re

import httpx
import pytest

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Role
from ic2permed.web.app import create_app
from tests.factories import csrf_from, login, make_token, make_user

pytestmark = pytest.mark.anyio


async def test_first_visit_follows_accept_language(client: httpx.AsyncClient) -> None:
    zh = await client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert '<html lang="zh-Hans">' in zh.text
    assert ">政策全景</a>" in zh.text
    en = await client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert ">Landscape</a>" in en.text


async def test_language_choice_is_remembered(client: httpx.AsyncClient) -> None:
    home = await client.get("/", headers={"Accept-Language": "en"})
    switched = await client.post(
        "/language", data={"locale": "zh_Hans", "next": "/landscape", "csrf_token": csrf_from(home.text)}
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/landscape"
    later = await client.get("/", headers={"Accept-Language": "en"})
    assert ">首页</a>" in later.text


async def test_language_switch_needs_csrf(client: httpx.AsyncClient) -> None:
    await client.get("/")
    response = await client.post("/language", data={"locale": "zh_Hans"})
    assert response.status_code == 403


async def test_404_page_in_chosen_language(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/page", headers={"Accept-Language": "zh"})
    assert response.status_code == 404
    assert "找不到该页面" in response.text
    api = await client.get("/api/v1/no/such")
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["status"] == 404


async def test_404_page_keeps_the_logged_in_header(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "hal-fictional", Role.EXPERT)
    await login(client, "hal-fictional")
    response = await client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "hal-fictional" in response.text and ">Log in</a>" not in response.text


async def test_403_page_for_logged_in_user_without_role(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "gus-fictional", Role.EXPERT)
    await login(client, "gus-fictional")
    response = await client.get("/admin/audit", headers={"Accept-Language": "zh"})
    assert response.status_code == 403
    assert "您没有执行此操作的权限" in response.text


async def test_500_page_is_friendly(settings: Settings, sqlite_database: Database) -> None:
    app = create_app(settings, sqlite_database)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.get("/boom", headers={"Accept-Language": "zh"})
    assert response.status_code == 500
    assert "我们这边出了问题" in response.text
    assert "kaboom" not in response.text


async def test_healthz_reports_engine(client: httpx.AsyncClient, database: Database) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == database.dialect
    assert body["version"].count(".") == 2


async def test_healthz_503_when_database_unreachable(settings: Settings) -> None:
    dead = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    app = create_app(settings, dead)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        response = await http.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "database unreachable" in response.json()["reason"]


async def test_docs_work_offline(client: httpx.AsyncClient) -> None:
    docs = await client.get("/docs")
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", docs.text) == []  # no inline script: a CSP may forbid them
    assert '<html lang="en">' in docs.text and "<main" in docs.text and "<h1>" in docs.text
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "apidocs.js"):
        asset = await client.get(f"/static/swagger/{name}")
        assert asset.status_code == 200, name
    assert len((await client.get("/static/swagger/swagger-ui-bundle.js")).content) > 100_000
    spec = (await client.get("/api/v1/openapi.json")).json()
    assert "/api/v1/me" in spec["paths"]


async def test_admin_audit_page_filters_and_exports(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "root-fictional", Role.ADMIN)
    make_user(database, "hal-fictional", Role.RESEARCHER)
    make_token(database, "hal-fictional")
    await login(client, "root-fictional")
    page = await client.get("/admin/audit", params={"action": "token.create"})
    assert page.status_code == 200
    assert "token.create" in page.text
    assert "user.create" not in page.text
    csv = await client.get("/api/v1/audit.csv", params={"action": "user.create"})
    assert csv.status_code == 200
    lines = csv.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("id,at,actor_id,actor_name,action")
    assert len(lines) == 3  # header + two users
    assert all(",user.create," in line for line in lines[1:])


async def test_account_page_creates_and_revokes_token(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "ivy-fictional", Role.RESEARCHER)
    await login(client, "ivy-fictional")
    page = await client.get("/account")
    assert 'href="/biobanks/requests"' in page.text  # a researcher finds their access request drafts here
    created = await client.post("/account/tokens", data={"label": "laptop", "csrf_token": csrf_from(page.text)})
    assert "ic2p_" in created.text
    token = created.text.split('id="new-token">')[1].split("<")[0]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200
    token_id = (await client.get("/api/v1/me/tokens", headers=headers)).json()[0]["id"]
    page = await client.get("/account")
    await client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_from(page.text)})
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_favicon(client: httpx.AsyncClient) -> None:
    home = await client.get("/")
    assert '<link rel="icon" href="/static/favicon.svg"' in home.text
    icon = await client.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


async def test_a_service_error_reads_in_the_reader_s_language(client: httpx.AsyncClient) -> None:
    """The service's own message ("No biobank with id …") on the page and in problem+json, in the reader's language."""
    page = await client.get("/biobanks/biobank/no-such-biobank", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 404
    assert "没有编号为 &#39;no-such-biobank&#39; 的生物样本库。" in page.text
    assert "No biobank with id" not in page.text and "(in English)" not in page.text
    api = await client.get("/api/v1/biobanks/biobanks/no-such-biobank", headers={"Accept-Language": "zh-CN"})
    assert api.status_code == 404 and api.headers["content-language"] == "zh-Hans"
    assert api.json()["detail"] == "没有编号为 'no-such-biobank' 的生物样本库。"
    english = await client.get("/api/v1/biobanks/biobanks/no-such-biobank", headers={"Accept-Language": "en"})
    assert english.json()["detail"] == "No biobank with id 'no-such-biobank'."


async def test_validation_messages_read_in_the_reader_s_language(client: httpx.AsyncClient) -> None:
    """Pydantic's wording ("Input should be …") is translated per field, on the page and in the API."""
    page = await client.get("/landscape?year_from=abc", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 422
    assert "无效的检索" in page.text and "应为有效的整数" in page.text and "Input should be" not in page.text
    api = await client.get("/api/v1/landscape/items?limit=abc", headers={"Accept-Language": "zh-CN"})
    assert api.status_code == 422
    assert api.json()["detail"] == "请求中有无效字段。"
    assert [e["field"] for e in api.json()["errors"]] == ["limit"]
    assert api.json()["errors"][0]["message"].startswith("应为有效的整数")
