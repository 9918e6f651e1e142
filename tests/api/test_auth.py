"""Login, sessions, tokens, roles and CSRF through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.models import ApiToken
from ic2permed.core.database import Database, utcnow
from ic2permed.core.permissions import Actor, Role
from tests.factories import csrf_from, login, make_token, make_user

pytestmark = pytest.mark.anyio


async def test_login_sets_session_and_logout_clears_it(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "ada-fictional", Role.RESEARCHER)
    response = await login(client, "ada-fictional")
    assert response.status_code == 303
    me = await client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "ada-fictional"
    home = await client.get("/")
    assert "ada-fictional" in home.text
    logout = await client.post("/logout", data={"csrf_token": csrf_from(home.text)})
    assert logout.status_code == 303
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_wrong_password_is_refused_without_saying_which_part(
    client: httpx.AsyncClient, database: Database
) -> None:
    make_user(database, "ben-fictional", Role.EXPERT)
    response = await login(client, "ben-fictional", "not-the-password")
    assert response.status_code == 401
    assert "Unknown username or wrong password." in response.text
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_login_without_csrf_token_is_rejected(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "cy-fictional", Role.EXPERT)
    await client.get("/login")
    response = await client.post("/login", data={"username": "cy-fictional", "password": "correct-horse-battery"})
    assert response.status_code == 403
    assert "CSRF" in response.text
    forged = await client.post(
        "/login",
        data={"username": "cy-fictional", "password": "correct-horse-battery", "csrf_token": "0" * 64},
    )
    assert forged.status_code == 403


async def test_session_api_write_needs_csrf_header(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "dee-fictional", Role.RESEARCHER)
    await login(client, "dee-fictional")
    refused = await client.post("/api/v1/me/tokens", json={"label": "x"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    page = await client.get("/account")
    allowed = await client.post(
        "/api/v1/me/tokens", json={"label": "x"}, headers={"X-CSRF-Token": csrf_from(page.text)}
    )
    assert allowed.status_code == 201


async def test_token_auth_and_revocation(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "eve-fictional", Role.CURATOR)
    token = make_token(database, "eve-fictional")
    headers = {"Authorization": f"Bearer {token}"}
    me = await client.get("/api/v1/me", headers=headers)
    assert me.json()["roles"] == ["curator"]
    tokens = (await client.get("/api/v1/me/tokens", headers=headers)).json()
    assert tokens[0]["prefix"] == token[:12]
    assert "token" not in tokens[0]
    revoked = await client.delete(f"/api/v1/me/tokens/{tokens[0]['id']}", headers=headers)
    assert revoked.status_code == 200
    after = await client.get("/api/v1/me", headers=headers)
    assert after.status_code == 401
    assert after.json()["detail"] == "Invalid, expired or revoked API token."


async def test_a_token_speaks_for_every_role_until_it_expires_or_its_account_is_disabled(
    client: httpx.AsyncClient, database: Database
) -> None:
    make_user(database, "fay-fictional", Role.CURATOR, Role.REVIEWER)
    token = make_token(database, "fay-fictional")
    headers = {"Authorization": f"Bearer {token}"}
    me = await client.get("/api/v1/me", headers=headers)
    assert sorted(me.json()["roles"]) == ["curator", "reviewer"]
    with database.session() as session:
        row = session.scalars(select(ApiToken)).one()
        assert row.last_used_at is not None  # stamped on use (at most once a minute)
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    expired = await client.get("/api/v1/me", headers=headers)
    assert expired.status_code == 401 and expired.json()["detail"] == "Invalid, expired or revoked API token."
    with database.session() as session:
        session.scalars(select(ApiToken)).one().expires_at = None
        session.commit()
        accounts.set_active(session, Actor.system(), "fay-fictional", False)
    disabled = await client.get("/api/v1/me", headers=headers)
    assert disabled.status_code == 401 and disabled.json()["detail"] == "The token's account is disabled."


async def test_garbage_token_is_401_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/me", headers={"Authorization": "Bearer ic2p_nope"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.ADMIN,)])
async def test_each_non_admin_role_is_denied_user_management(
    client: httpx.AsyncClient, database: Database, role: Role
) -> None:
    make_user(database, f"{role.value.replace('_', '-')}-fictional", role)
    token = make_token(database, f"{role.value.replace('_', '-')}-fictional")
    headers = {"Authorization": f"Bearer {token}"}
    listing = await client.get("/api/v1/users", headers=headers)
    assert listing.status_code == 403
    created = await client.post(
        "/api/v1/users",
        json={"username": "mallory-x", "password": "long-enough-pw", "roles": ["admin"]},
        headers=headers,
    )
    assert created.status_code == 403
    audit = await client.get("/api/v1/audit", headers=headers)
    assert audit.status_code == 403  # curators too: see core/permissions.py and docs/security.md


async def test_anonymous_is_asked_to_log_in(client: httpx.AsyncClient) -> None:
    api = await client.get("/api/v1/audit")
    assert api.status_code == 401
    page = await client.get("/admin/audit")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/admin/audit"


async def test_admin_creates_user_and_bad_input_gets_field_errors(
    client: httpx.AsyncClient, database: Database
) -> None:
    make_user(database, "root-fictional", Role.ADMIN)
    headers = {"Authorization": f"Bearer {make_token(database, 'root-fictional')}"}
    bad = await client.post(
        "/api/v1/users", json={"username": "a b", "password": "short", "roles": ["wizard"]}, headers=headers
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"username", "password", "roles.0"} <= fields
    good = await client.post(
        "/api/v1/users",
        json={"username": "zoe-fictional", "password": "long-enough-pw", "roles": ["biobank_manager"]},
        headers=headers,
    )
    assert good.status_code == 201
    again = await client.post(
        "/api/v1/users",
        json={"username": "zoe-fictional", "password": "long-enough-pw", "roles": ["expert"]},
        headers=headers,
    )
    assert again.status_code == 409
    assert again.json()["errors"] == [{"field": "username", "message": "'zoe-fictional' already exists"}]


async def test_password_change_ends_existing_sessions(client: httpx.AsyncClient, database: Database) -> None:
    from ic2permed.core.accounts import service as accounts
    from ic2permed.core.permissions import Actor

    make_user(database, "fay-fictional", Role.EXPERT)
    await login(client, "fay-fictional")
    assert (await client.get("/api/v1/me")).status_code == 200
    with database.session() as session:
        accounts.set_password(session, Actor.system(), "fay-fictional", "a-brand-new-password")
    assert (await client.get("/api/v1/me")).status_code == 401
