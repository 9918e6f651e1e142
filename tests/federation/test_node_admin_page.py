"""Admins register, pause and remove federation nodes in the web UI, with the checks of `ic2permed nodes add`."""

from __future__ import annotations

import httpx
import pytest

from ic2permed.biobanks import service as biobanks
from ic2permed.biobanks import spec as biobanks_spec
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.federation.hub import service
from tests.clirunner import InProcessCli
from tests.factories import csrf_from, login, make_user

pytestmark = pytest.mark.anyio


async def _admin(client: httpx.AsyncClient, database: Database) -> str:
    make_user(database, "hub-admin-fictional", Role.ADMIN)
    await login(client, "hub-admin-fictional")
    page = await client.get("/federated-search/nodes")
    assert page.status_code == 200
    return csrf_from(page.text)


async def test_register_pause_and_remove_a_node(client: httpx.AsyncClient, database: Database) -> None:
    biobanks_spec.load_bundled(database)
    with database.session() as session:
        biobank = biobanks.list_biobanks(session)[0].id
    csrf = await _admin(client, database)
    added = await client.post(
        "/federated-search/nodes",
        data={
            "csrf_token": csrf,
            "node_id": "cn-web",
            "name": "Web node",
            "base_url": "http://127.0.0.1:9/api",
            "region": "China",
            "biobank": biobank,
        },
    )
    assert added.status_code == 303
    with database.session() as session:
        nodes = service.list_nodes(session)
    assert [(n.id, n.region, n.jurisdiction, n.biobank_id, n.enabled) for n in nodes] == [
        ("cn-web", "China", "CN", biobank, True)
    ]
    page = (await client.get("/federated-search/nodes")).text
    assert "cn-web" in page and f"/biobanks/biobank/{biobank}" in page
    paused = await client.post("/federated-search/nodes/cn-web/enabled", data={"csrf_token": csrf, "enabled": "false"})
    assert paused.status_code == 303
    removed = await client.post("/federated-search/nodes/cn-web/remove", data={"csrf_token": csrf})
    assert removed.status_code == 303
    with database.session() as session:
        assert service.list_nodes(session) == []
        entries = audit.list_entries(session, Actor.system(), AuditFilter(entity_type="federation_node"), 0, 10)
    assert {e.action for e in entries.items} == {
        "federation.node_add",
        "federation.node_disable",
        "federation.node_remove",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("node_id", "Bad Id", "A node id has 2 to 63"),
        ("base_url", "not a url", "Beacon base URL, starting with http"),
        ("biobank", "no-such-biobank", "No biobank with this id in the directory."),
        ("secret", "short", "at least 32 characters"),
    ],
)
async def test_bad_input_is_refused_and_the_form_kept(
    client: httpx.AsyncClient, database: Database, field: str, value: str, message: str
) -> None:
    csrf = await _admin(client, database)
    data = {"csrf_token": csrf, "node_id": "eu-kept", "base_url": "http://127.0.0.1:9/api", "region": "EU"}
    data[field] = value
    refused = await client.post("/federated-search/nodes", data=data)
    assert refused.status_code == 422 and message in refused.text
    assert 'value="http' in refused.text or value in refused.text
    with database.session() as session:
        assert service.list_nodes(session) == []


async def test_an_id_registered_twice_is_refused(client: httpx.AsyncClient, database: Database) -> None:
    csrf = await _admin(client, database)
    data = {"csrf_token": csrf, "node_id": "eu-twice", "base_url": "http://127.0.0.1:9/api"}
    assert (await client.post("/federated-search/nodes", data=data)).status_code == 303
    again = await client.post("/federated-search/nodes", data=data)
    assert again.status_code == 422 and "registered already" in again.text


async def test_only_admins_see_and_change_the_registry(client: httpx.AsyncClient, database: Database) -> None:
    make_user(database, "res-fictional", Role.RESEARCHER)
    await login(client, "res-fictional")
    assert (await client.get("/federated-search/nodes")).status_code == 403
    csrf = csrf_from((await client.get("/account")).text)
    refused = await client.post(
        "/federated-search/nodes", data={"csrf_token": csrf, "node_id": "eu-no", "base_url": "http://127.0.0.1:9/api"}
    )
    assert refused.status_code == 403
    with database.session() as session:
        assert service.list_nodes(session) == []


def test_the_cli_refuses_an_unknown_biobank_too(cli: InProcessCli) -> None:
    done = cli("nodes", "add", "eu-x", "http://127.0.0.1:9/api", "--biobank", "no-such-biobank")
    assert done.code != 0 and "no biobank 'no-such-biobank' in the directory" in done.stderr
