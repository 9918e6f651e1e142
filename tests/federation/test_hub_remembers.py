"""The hub's hot path remembers the requester and the node list for a moment (issue 15, `core.recent`):
a change made through the hub counts from the next query; one made elsewhere (another worker, the
command line) within the window; an expiry is exact. Each promise is attacked here."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from ic2permed.core import recent
from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.models import ApiToken, User
from ic2permed.core.database import Database, utcnow
from ic2permed.core.permissions import Actor, Role
from ic2permed.core.recent import Changes, Recent
from ic2permed.federation.hub import service
from ic2permed.federation.hub.models import FederationNode
from ic2permed.federation.hub.schemas import NodeCreate
from tests.factories import make_token, make_user
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.anyio
QUERY = "/api/v1/federation/query"
BODY = {"diseases": ["E10-E14"], "sex": "female"}
WINDOW = 60.0  # long, so that a slow machine never ends it by accident; `_later` ends it on purpose


@pytest.fixture
def long_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts.RECENT_TOKENS, "seconds", WINDOW)
    monkeypatch.setattr(recent, "RECENT_SECONDS", WINDOW)  # for the node list the app makes on first use


def _later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window has passed, as far as what was remembered can tell."""
    now = time.monotonic()
    monkeypatch.setattr(recent, "monotonic", lambda: now + WINDOW + 1)


@pytest.fixture
def two_nodes(database: Database) -> Iterator[None]:
    with serving(fake_node(count=70)) as eu, serving(fake_node(count=20)) as cn:
        with database.session() as session:
            for node_id, url, region in (("eu-r", eu, "EU"), ("cn-r", cn, "China")):
                jurisdiction = "EU" if region == "EU" else "CN"
                data = NodeCreate(
                    id=node_id, name=node_id, base_url=url + "/api", jurisdiction=jurisdiction, region=region
                )
                service.add_node(session, Actor.system(), data)
        yield


async def _ask(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(QUERY, json=BODY, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.usefixtures("long_window", "two_nodes")
async def test_a_token_revoked_or_an_account_disabled_through_the_hub_stops_at_once(
    client: httpx.AsyncClient, database: Database
) -> None:
    make_user(database, "uma-fictional", Role.RESEARCHER)
    token = make_token(database, "uma-fictional")
    assert (await _ask(client, token)).status_code == 200
    assert (await _ask(client, token)).status_code == 200  # now remembered
    headers = {"Authorization": f"Bearer {token}"}
    [mine] = (await client.get("/api/v1/me/tokens", headers=headers)).json()
    assert (await client.delete(f"/api/v1/me/tokens/{mine['id']}", headers=headers)).status_code == 200
    assert (await _ask(client, token)).status_code == 401

    second = make_token(database, "uma-fictional")
    assert (await _ask(client, second)).status_code == 200
    with database.session() as session:
        accounts.set_active(session, Actor.system(), "uma-fictional", False)
    refused = await _ask(client, second)
    assert refused.status_code == 401 and refused.json()["detail"] == "The token's account is disabled."


@pytest.mark.usefixtures("long_window", "two_nodes")
async def test_a_change_made_elsewhere_counts_within_the_window(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker or the command line revoked the token: the hub's memory is not told. The attacker
    keeps the token for at most the window, never longer."""
    make_user(database, "vic-fictional", Role.RESEARCHER)
    token = make_token(database, "vic-fictional")
    assert (await _ask(client, token)).status_code == 200
    with database.session() as session:  # what another process does: no word to this one
        session.execute(update(ApiToken).values(revoked_at=utcnow()))
        session.execute(update(User).where(User.username == "vic-fictional").values(is_active=False))
        session.commit()
    assert (await _ask(client, token)).status_code == 200  # inside the window: still remembered
    _later(monkeypatch)
    assert (await _ask(client, token)).status_code == 401


@pytest.mark.usefixtures("long_window", "two_nodes")
async def test_an_expiry_is_exact_even_when_remembered(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(database, "wes-fictional", Role.RESEARCHER)
    token = make_token(database, "wes-fictional")
    expires = utcnow() + timedelta(hours=1)
    with database.session() as session:
        session.execute(update(ApiToken).values(expires_at=expires))
        session.commit()
    assert (await _ask(client, token)).status_code == 200
    assert accounts.remembered_actor(token) is not None
    monkeypatch.setattr(accounts, "utcnow", lambda: expires + timedelta(seconds=1))  # expired, still remembered
    assert accounts.remembered_actor(token) is None
    assert (await _ask(client, token)).status_code == 401


@pytest.mark.usefixtures("long_window", "two_nodes")
async def test_a_node_paused_or_removed_through_the_hub_is_not_asked_again(
    client: httpx.AsyncClient, database: Database
) -> None:
    assert (await client.post(QUERY, json=BODY)).json()["asked"] == 2
    with database.session() as session:
        service.set_enabled(session, Actor.system(), "cn-r", False)
    paused = (await client.post(QUERY, json=BODY)).json()
    assert paused["asked"] == 1 and paused["total"] == 70
    with database.session() as session:
        service.set_enabled(session, Actor.system(), "cn-r", True)
        service.remove_node(session, Actor.system(), "eu-r")
    assert [a["node_id"] for a in (await client.post(QUERY, json=BODY)).json()["answers"]] == ["cn-r"]


@pytest.mark.usefixtures("long_window", "two_nodes")
async def test_a_node_paused_elsewhere_is_dropped_within_the_window(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await client.post(QUERY, json=BODY)).json()["asked"] == 2
    with database.session() as session:
        session.execute(update(FederationNode).where(FederationNode.id == "cn-r").values(enabled=False))
        session.commit()
    assert (await client.post(QUERY, json=BODY)).json()["asked"] == 2
    _later(monkeypatch)
    assert (await client.post(QUERY, json=BODY)).json()["asked"] == 1


def test_what_is_remembered_and_what_is_dropped() -> None:
    changes = Changes()
    kept: Recent[str, int] = Recent(changes, seconds=60, size=2)
    before = changes.count
    kept.put("a", 1, before)
    assert kept.get("a") == 1
    changes.happened()
    assert kept.get("a") is None  # a change since it was read
    kept.put("b", 2, before)
    assert kept.get("b") is None  # read before the change, stored after it: dropped
    now = changes.count
    for key, value in (("c", 3), ("d", 4), ("e", 5)):
        kept.put(key, value, now)
    assert [kept.get(k) for k in "cde"] == [None, 4, 5]  # at most `size`, the oldest go first
    brief: Recent[str, int] = Recent(changes, seconds=0)
    brief.put("f", 6, now)
    assert brief.get("f") is None
