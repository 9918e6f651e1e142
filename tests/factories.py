"""Typed factories for test data (fictional people only)."""

from __future__ import annotations

import re

import httpx

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate, UserCreate, UserRead
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role

PASSWORD = "correct-horse-battery"


def make_user(database: Database, username: str, *roles: Role, password: str = PASSWORD) -> UserRead:
    with database.session() as session:
        return accounts.create_user(
            session,
            Actor.system(),
            UserCreate(username=username, password=password, roles=list(roles) or [Role.RESEARCHER]),
        )


def make_token(database: Database, username: str) -> str:
    with database.session() as session:
        return accounts.create_token(session, Actor.system(), TokenCreate(label="test"), username).token


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "page has no CSRF token field"
    return match.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text), "next": "/"},
    )
