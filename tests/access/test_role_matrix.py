"""Every access route × every role: who may do what, asserted as one row of the matrix per role.

The request: Léa (Lyon) asks the Hangzhou biobank. Roles: anonymous, the requester, another researcher, the
Hangzhou representative ("this biobank"), the Lyon representative ("another biobank"), a reviewer, an admin.
Each route runs on a fresh request brought to the state the route needs, so a refusal is about the role only.
"""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from ic2permed.access.models import Attachment
from ic2permed.core.database import Database
from tests.access.conftest import auth, eu_to_cn_request
from tests.factories import login

pytestmark = pytest.mark.anyio

REQUESTER = "lea-fictional"
REP = "rep-hangzhou-fictional"
REVIEWER = "committee-fictional"
BIOBANK = "bb-hangzhou-test"
ROLES = ("anonymous", REQUESTER, "wang-fictional", REP, "rep-lyon-fictional", REVIEWER, "admin-fictional")

# route -> status per role; the order of ROLES above.
EXPECTED: dict[str, tuple[int, ...]] = {
    #                         anon  lea  wang  rep  lyon  rev  admin
    "list (sees it)":        (401, 200, 200, 200, 200, 200, 200),
    "detail":                (401, 200, 404, 200, 404, 200, 200),
    "approve request":       (401, 403, 404, 403, 404, 200, 200),
    "pause request":         (401, 200, 404, 403, 404, 200, 200),
    "collection transition": (401, 403, 404, 200, 404, 403, 403),
    "provider evidence":     (401, 403, 404, 200, 404, 200, 200),
    "recipient evidence":    (401, 200, 404, 403, 404, 200, 200),
    "request message":       (401, 201, 404, 403, 404, 201, 201),
    "collection message":    (401, 201, 404, 201, 404, 201, 201),
    "attachment upload":     (401, 201, 404, 201, 404, 201, 201),
    "attachment download":   (401, 200, 404, 200, 404, 200, 200),
    "dossier PDF":           (401, 200, 404, 200, 404, 200, 200),
    "dossier HTML":          (401, 200, 404, 200, 404, 200, 200),
    "webhook for biobank":   (401, 403, 403, 201, 403, 201, 201),
    "biobank agreement":     (401, 403, 403, 201, 403, 201, 201),
    "platform agreement":    (401, 403, 403, 403, 403, 201, 201),
    "accept agreement":      (401, 200, 404, 200, 404, 403, 403),
    "set expiry":            (401, 403, 404, 200, 404, 200, 200),
    "revoke":                (401, 403, 404, 200, 404, 200, 200),
}  # fmt: skip
# "list (sees it)": 200 for everyone logged in; whether the request is in the list is checked separately.
SEES = {REQUESTER, REP, REVIEWER, "admin-fictional"}


async def _post(api: httpx.AsyncClient, path: str, headers: dict[str, str], **kwargs: object) -> httpx.Response:
    return await api.post(path, headers=headers, **kwargs)  # type: ignore[arg-type]


class Setup:
    """Brings a fresh request to a state with privileged users (never the role under test)."""

    def __init__(self, api: httpx.AsyncClient, tokens: dict[str, str]) -> None:
        self.api, self.tokens = api, tokens

    async def request(self) -> tuple[int, int]:
        created = await self.api.post("/api/v1/requests", json=eu_to_cn_request(), headers=auth(self.tokens, REQUESTER))
        assert created.status_code == 201, created.text
        body = created.json()
        return body["id"], body["collections"][0]["id"]

    async def move(self, who: str, rid: int, target: str, item: int | None = None) -> None:
        path = f"/api/v1/requests/{rid}" + (f"/collections/{item}" if item else "") + "/transitions"
        response = await self.api.post(path, json={"target": target}, headers=auth(self.tokens, who))
        assert response.status_code == 200, response.text

    async def approved(self) -> tuple[int, int]:
        rid, item = await self.request()
        await self.move(REVIEWER, rid, "in_progress")
        return rid, item

    async def conditions_indicated(self) -> tuple[int, int]:
        rid, item = await self.approved()
        for target in ("checking_availability", "available", "access_conditions_indicated"):
            await self.move(REP, rid, target, item)
        return rid, item

    async def made_available(self, rid: int, item: int) -> None:
        """From "access conditions indicated" (agreements accepted) to "made available", evidence recorded."""
        await self.move(REQUESTER, rid, "access_conditions_met", item)
        detail = (await self.api.get(f"/api/v1/requests/{rid}", headers=auth(self.tokens, REVIEWER))).json()
        for step in detail["collections"][0]["checklist"]:
            if step["status"] == "done":
                continue
            done = await self.api.put(
                f"/api/v1/requests/{rid}/collections/{item}/checklist/{step['step_id']}",
                json={"reference": "REF-1", "evidence_date": "2026-11-20"},
                headers=auth(self.tokens, REVIEWER),
            )
            assert done.status_code == 200, done.text
        await self.move(REP, rid, "made_available", item)

    async def agreement(self) -> int:
        created = await self.api.post(
            "/api/v1/requests/agreements",
            json={"biobank_id": BIOBANK, "kind": "mta", "version": "1.0", "title": "Hangzhou MTA (fictional)"},
            headers=auth(self.tokens, REP),
        )
        assert created.status_code == 201, created.text
        agreement_id: int = created.json()["id"]
        return agreement_id


async def _row(api: httpx.AsyncClient, tokens: dict[str, str], database: Database, role: str) -> dict[str, int]:
    setup = Setup(api, tokens)
    headers = auth(tokens, role) if role != "anonymous" else {}
    got: dict[str, int] = {}

    got["list (sees it)"] = (await api.get("/api/v1/requests", headers=headers)).status_code
    rid, item = await setup.request()
    got["detail"] = (await api.get(f"/api/v1/requests/{rid}", headers=headers)).status_code
    base = f"/api/v1/requests/{rid}"
    got["approve request"] = (
        await _post(api, f"{base}/transitions", headers, json={"target": "in_progress"})
    ).status_code

    rid, item = await setup.approved()
    base = f"/api/v1/requests/{rid}"
    got["pause request"] = (await _post(api, f"{base}/transitions", headers, json={"target": "paused"})).status_code
    rid, item = await setup.approved()
    base, thread = f"/api/v1/requests/{rid}", f"/api/v1/requests/{rid}/collections/{item}"
    got["collection transition"] = (
        await _post(api, f"{thread}/transitions", headers, json={"target": "checking_availability"})
    ).status_code
    evidence = {"reference": "REF-9", "evidence_date": "2026-11-21"}
    got["provider evidence"] = (
        await api.put(f"{thread}/checklist/cn_hgr_material_export_certificate", json=evidence, headers=headers)
    ).status_code
    got["recipient evidence"] = (
        await api.put(f"{thread}/checklist/ethics_recipient", json=evidence, headers=headers)
    ).status_code
    got["request message"] = (await _post(api, f"{base}/messages", headers, json={"body": "hello"})).status_code
    got["collection message"] = (await _post(api, f"{thread}/messages", headers, json={"body": "hello"})).status_code
    files = {"file": ("note.txt", b"a fictional note\n", "text/plain")}
    got["attachment upload"] = (await _post(api, f"{thread}/attachments", headers, files=files)).status_code
    uploaded = await _post(api, f"{thread}/attachments", auth(tokens, REQUESTER), files=files)
    assert uploaded.status_code == 201, uploaded.text
    with database.session() as session:
        attachment = session.scalars(select(Attachment.id).where(Attachment.message_id == uploaded.json()["id"])).one()
    got["attachment download"] = (await api.get(f"{base}/attachments/{attachment}", headers=headers)).status_code

    # A public address literal: registered only, never called (no DNS needed; no delivery runs here).
    got["webhook for biobank"] = (
        await _post(
            api, "/api/v1/requests/webhooks", headers, json={"biobank_id": BIOBANK, "url": "https://9.9.9.9/hook"}
        )
    ).status_code
    mta = {"biobank_id": BIOBANK, "kind": "dta", "version": f"r-{role}", "title": "Hangzhou DTA (fictional)"}
    got["biobank agreement"] = (await _post(api, "/api/v1/requests/agreements", headers, json=mta)).status_code
    platform = {"kind": "licence", "version": f"p-{role}", "title": "Platform licence (fictional)"}
    got["platform agreement"] = (await _post(api, "/api/v1/requests/agreements", headers, json=platform)).status_code

    agreement = await setup.agreement()
    rid, item = await setup.conditions_indicated()
    thread = f"/api/v1/requests/{rid}/collections/{item}"
    got["accept agreement"] = (await _post(api, f"{thread}/agreements/{agreement}/accept", headers)).status_code
    rid, item = await setup.conditions_indicated()
    thread = f"/api/v1/requests/{rid}/collections/{item}"
    detail = (await api.get(f"/api/v1/requests/{rid}", headers=auth(tokens, REVIEWER))).json()
    for shown in detail["collections"][0]["agreements"]:  # both sides accept every version in force
        for side in (REQUESTER, REP):
            accepted = await _post(api, f"{thread}/agreements/{shown['template']['id']}/accept", auth(tokens, side))
            assert accepted.status_code == 200, accepted.text
    await setup.made_available(rid, item)
    got["set expiry"] = (
        await api.put(f"{thread}/expiry", json={"expires_on": "2027-12-31"}, headers=headers)
    ).status_code
    got["revoke"] = (await _post(api, f"{thread}/revoke", headers, json={"target": "revoked"})).status_code

    # The dossier is a page (cookie session): log in as the role, or stay anonymous.
    rid, _ = await setup.request()
    if role != "anonymous":
        await login(api, role)
    pdf = await api.get(f"/requests/{rid}/dossier.pdf")
    html = await api.get(f"/requests/{rid}/dossier.html")
    api.cookies.clear()
    got["dossier PDF"] = 401 if pdf.status_code in (302, 303) else pdf.status_code
    got["dossier HTML"] = 401 if html.status_code in (302, 303) else html.status_code
    return got


@pytest.mark.parametrize("role", ROLES)
async def test_every_route_for_every_role(
    api: httpx.AsyncClient, catalogue: dict[str, str], database: Database, role: str
) -> None:
    got = await _row(api, catalogue, database, role)
    column = ROLES.index(role)
    expected = {route: codes[column] for route, codes in EXPECTED.items()}
    wrong = {route: (got.get(route), want) for route, want in expected.items() if got.get(route) != want}
    assert not wrong, f"{role}: route -> (got, expected): {wrong}"
    if role != "anonymous":
        listed = (await api.get("/api/v1/requests", headers=auth(catalogue, role))).json()
        assert bool(listed) is (role in SEES), listed
