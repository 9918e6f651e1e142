"""Logins under attack: throttled per account and address, equal work for unknown users, argon2 off the
event loop, logout ends the session on the server, Secure cookies and HSTS behind a trusted HTTPS proxy."""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Literal

import httpx
import pytest
from argon2 import PasswordHasher

from ic2permed.core.accounts import security
from ic2permed.core.accounts.throttle import PAIR_LIMIT, LoginThrottle
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Role
from ic2permed.web.app import create_app
from tests.factories import PASSWORD, csrf_from, login, make_token, make_user

pytestmark = pytest.mark.anyio


def _client(settings: Settings, database: Database, address: str, base: str = "http://testserver") -> httpx.AsyncClient:
    app = create_app(settings, database)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50000)), base_url=base)


async def test_wrong_passwords_lock_the_account_from_that_address_only(settings: Settings, database: Database) -> None:
    make_user(database, "lou-fictional", Role.RESEARCHER)
    app = create_app(settings, database)
    attacker = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 1)), base_url="http://t")
    user = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("198.51.100.2", 1)), base_url="http://t")
    async with attacker, user:
        for attempt in range(PAIR_LIMIT):
            response = await login(attacker, "lou-fictional", f"wrong-guess-{attempt}")
            assert response.status_code == 401
        refused = await login(attacker, "lou-fictional")  # even the right password, from the attacker
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "Too many failed logins" in refused.text
        spoofed = await attacker.post(
            "/login",
            data={
                "username": "lou-fictional",
                "password": PASSWORD,
                "csrf_token": csrf_from((await attacker.get("/login")).text),
            },
            headers={"X-Forwarded-For": "192.0.2.99"},  # not from a trusted proxy: ignored
        )
        assert spoofed.status_code == 429
        assert (await login(user, "lou-fictional")).status_code == 303  # the real user is not locked out


@pytest.mark.parametrize("shared", [True, False])
async def test_workers_share_the_login_counts(settings: Settings, database: Database, shared: bool) -> None:
    """Two workers (two apps on one database), the attacker's guesses spread over both: with the counts in the
    database the pair locks after PAIR_LIMIT guesses in all; counted per process (the setting before), each
    worker allows PAIR_LIMIT, so the attacker got twice as many (the attack succeeds)."""
    make_user(database, "wes-fictional", Role.RESEARCHER)
    workers = [create_app(settings, database) for _ in range(2)]
    if not shared:
        for app in workers:
            app.state.login_throttle = LoginThrottle()  # in memory, per process
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("203.0.113.9", 1)), base_url="http://t")
        for app in workers
    ]
    async with clients[0], clients[1]:
        answered = []
        for attempt in range(2 * PAIR_LIMIT):
            response = await login(clients[attempt % 2], "wes-fictional", f"wrong-guess-{attempt}")
            answered.append(response.status_code)
    guesses = answered.count(401)
    if shared:
        assert guesses == PAIR_LIMIT and answered[PAIR_LIMIT:] == [429] * PAIR_LIMIT
    else:
        assert guesses == 2 * PAIR_LIMIT


async def test_unknown_and_known_users_cost_one_password_check_each(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(database, "kim-fictional", Role.RESEARCHER)
    checked: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            checked.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(security, "_hasher", CountingHasher())
    assert (await login(client, "nobody-fictional", "some-password")).status_code == 401
    assert (await login(client, "kim-fictional", "some-password")).status_code == 401
    assert len(checked) == 2 and all(h.startswith("$argon2") for h in checked)


async def test_a_flood_of_logins_does_not_hold_up_other_requests(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(database, "flo-fictional", Role.RESEARCHER)
    token = make_token(database, "flo-fictional")
    release = threading.Event()
    real = security.verify_password

    def stuck(password_hash: str | None, password: str) -> bool:
        release.wait(30)
        return bool(real(password_hash, password))

    monkeypatch.setattr(security, "verify_password", stuck)
    async with _client(settings, database, "203.0.113.8") as http:
        csrf = csrf_from((await http.get("/login")).text)
        logins = [
            asyncio.ensure_future(http.post("/login", data={"username": f"u{n}", "password": "x", "csrf_token": csrf}))
            for n in range(45)  # more than the default worker threads (40)
        ]
        await asyncio.sleep(0.5)
        try:
            me = await asyncio.wait_for(http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 20)
            assert me.status_code == 200
            assert not all(task.done() for task in logins)  # the logins were still waiting meanwhile
        finally:
            release.set()
        answers = await asyncio.gather(*logins)
    assert {a.status_code for a in answers} <= {401, 429, 503}


async def test_logout_ends_the_session_on_the_server(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "lea-fictional", Role.RESEARCHER)
    await login(client, "lea-fictional")
    stolen = client.cookies.get("ic2permed_session")
    assert stolen
    home = await client.get("/")
    assert (await client.post("/logout", data={"csrf_token": csrf_from(home.text)})).status_code == 303
    replay = await client.get("/api/v1/me", cookies={"ic2permed_session": stolen})
    assert replay.status_code == 401


@pytest.fixture
def proxied(settings: Settings) -> Settings:
    return settings.model_copy(update={"trusted_proxies": ["127.0.0.1/32"]})


async def _login_cookies(http: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    """Log in and return every Set-Cookie line (the CSRF cookie is sent by hand: over plain HTTP the
    test client would rightly withhold a Secure cookie)."""
    page = await http.get("/login", headers=headers)
    first = page.headers.get_list("set-cookie")
    nonce = http.cookies.get("ic2permed_csrf")
    response = await http.post(
        "/login",
        data={"username": "sec-fictional", "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        headers={**headers, "Cookie": f"ic2permed_csrf={nonce}"},
    )
    assert response.status_code == 303
    return first + response.headers.get_list("set-cookie")


async def test_cookies_are_secure_and_hsts_is_sent_only_over_https(
    settings: Settings, proxied: Settings, database: Database
) -> None:
    make_user(database, "sec-fictional", Role.RESEARCHER)
    https = {"X-Forwarded-Proto": "https"}
    async with _client(proxied, database, "127.0.0.1") as behind_proxy:
        cookies = await _login_cookies(behind_proxy, https)
        assert cookies and all("Secure" in c for c in cookies)
        assert "max-age=" in (await behind_proxy.get("/", headers=https)).headers["Strict-Transport-Security"]
    async with _client(settings, database, "127.0.0.1") as untrusted:  # same header, proxy not configured
        cookies = await _login_cookies(untrusted, https)
        assert cookies and not any("Secure" in c for c in cookies)
        assert "Strict-Transport-Security" not in (await untrusted.get("/", headers=https)).headers
    async with _client(settings, database, "127.0.0.1", base="https://testserver") as direct:
        assert "Strict-Transport-Security" in (await direct.get("/")).headers


async def test_pages_forbid_inline_scripts_and_only_docs_are_exempt(client: httpx.AsyncClient) -> None:
    for path in ("/", "/login", "/biobanks", "/federated-search", "/landscape"):
        response = await client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
        executable = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", response.text)
        assert executable == [], (path, executable)
        assert " onclick=" not in response.text and "javascript:" not in response.text
    docs = await client.get("/docs")
    assert "'unsafe-inline'" in docs.headers["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
