"""An admin manages accounts in the web UI: create (one-time password shown once), roles, deactivate, reset."""

from __future__ import annotations

import re

import httpx
import pytest

from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from tests.factories import csrf_from, login, make_user

pytestmark = pytest.mark.anyio


async def _admin(client: httpx.AsyncClient, database: Database) -> str:
    make_user(database, "root-fictional", Role.ADMIN)
    assert (await login(client, "root-fictional")).status_code == 303
    page = await client.get("/admin/users")
    assert page.status_code == 200
    return csrf_from(page.text)


def _one_time_password(html: str) -> str:
    match = re.search(r'<code id="one-time-password">([^<]+)</code>', html)
    assert match, "no one-time password on the page"
    return match.group(1)


def _actions(database: Database) -> list[str]:
    with database.session() as session:
        page = audit.list_entries(session, Actor.system(), AuditFilter(entity_type="user"), 0, 100)
    return [e.action for e in page.items]


async def test_admin_creates_a_user_whose_one_time_password_works_once_shown(
    client: httpx.AsyncClient, database: Database
) -> None:
    csrf = await _admin(client, database)
    created = await client.post(
        "/admin/users",
        data={"csrf_token": csrf, "username": "new-fictional", "display_name": "New Fictional", "roles": "curator"},
    )
    assert created.status_code == 200
    password = _one_time_password(created.text)
    listed = await client.get("/admin/users")
    assert "new-fictional" in listed.text and password not in listed.text  # shown once
    other = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with other:
        assert (await login(other, "new-fictional", password)).status_code == 303
        assert (await other.get("/api/v1/me")).json()["roles"] == ["curator"]
    assert "user.create" in _actions(database)


async def test_bad_input_keeps_the_form_and_says_what_is_wrong(client: httpx.AsyncClient, database: Database) -> None:
    csrf = await _admin(client, database)
    no_role = await client.post(
        "/admin/users", data={"csrf_token": csrf, "username": "kept-fictional", "display_name": "Kept"}
    )
    assert no_role.status_code == 422
    assert "Choose at least one role." in no_role.text and 'value="kept-fictional"' in no_role.text
    weak = await client.post(
        "/admin/users", data={"csrf_token": csrf, "username": "weak-fictional", "roles": "expert", "password": "short"}
    )
    assert weak.status_code == 422 and "at least 10 characters" in weak.text
    taken = await client.post(
        "/admin/users", data={"csrf_token": csrf, "username": "root-fictional", "roles": "expert"}
    )
    assert taken.status_code == 422 and "That username is taken." in taken.text
    chinese = await client.post(
        "/admin/users",
        data={"csrf_token": csrf, "username": "x", "roles": "expert"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert chinese.status_code == 422 and "用户名为 3 到 64 个字母" in chinese.text


async def test_roles_deactivation_and_password_reset(client: httpx.AsyncClient, database: Database) -> None:
    csrf = await _admin(client, database)
    make_user(database, "eve-fictional", Role.RESEARCHER)
    roles = await client.post(
        "/admin/users/eve-fictional/roles", data={"csrf_token": csrf, "roles": ["reviewer", "expert"]}
    )
    assert roles.status_code == 303
    other = httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url))
    async with other:
        assert (await login(other, "eve-fictional")).status_code == 303
        assert (await other.get("/api/v1/me")).json()["roles"] == ["expert", "reviewer"]
        off = await client.post("/admin/users/eve-fictional/active", data={"csrf_token": csrf, "active": "false"})
        assert off.status_code == 303
        assert (await other.get("/api/v1/me")).status_code == 401  # the open session ended
        assert (await login(other, "eve-fictional")).status_code == 401
        on = await client.post("/admin/users/eve-fictional/active", data={"csrf_token": csrf, "active": "true"})
        assert on.status_code == 303
        reset = await client.post("/admin/users/eve-fictional/password", data={"csrf_token": csrf})
        assert reset.status_code == 200
        assert (await login(other, "eve-fictional")).status_code == 401  # the old password is gone
        assert (await login(other, "eve-fictional", _one_time_password(reset.text))).status_code == 303
    assert {"user.set_roles", "user.deactivate", "user.reactivate", "user.set_password"} <= set(_actions(database))


async def test_an_admin_cannot_lock_themself_out(client: httpx.AsyncClient, database: Database) -> None:
    csrf = await _admin(client, database)
    demoted = await client.post("/admin/users/root-fictional/roles", data={"csrf_token": csrf, "roles": "curator"})
    assert demoted.status_code == 422 and "You cannot remove your own admin role." in demoted.text
    off = await client.post("/admin/users/root-fictional/active", data={"csrf_token": csrf, "active": "false"})
    assert off.status_code == 422 and "You cannot deactivate your own account." in off.text
    assert (await client.get("/api/v1/me")).json()["roles"] == ["admin"]


async def test_only_admins_and_only_with_csrf(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "cur-fictional", Role.CURATOR)
    make_user(database, "target-fictional", Role.EXPERT)
    await login(client, "cur-fictional")
    assert (await client.get("/admin/users")).status_code == 403
    csrf = csrf_from((await client.get("/account")).text)
    refused = await client.post("/admin/users/target-fictional/roles", data={"csrf_token": csrf, "roles": "admin"})
    assert refused.status_code == 403
    await client.post("/logout", data={"csrf_token": csrf})
    await _admin(client, database)
    forged = await client.post("/admin/users/target-fictional/roles", data={"roles": "admin"})
    assert forged.status_code == 403
    with database.session() as session:
        from ic2permed.core.accounts import service as accounts

        assert [u.roles for u in accounts.list_users(session, Actor.system()) if u.username == "target-fictional"] == [
            [Role.EXPERT]
        ]
