"""Access agreements as records (versions, who accepted which, when), the grant's end date and revocation on the
request page, the request-level thread, and the biobank's CIIO flag reaching the compliance engine."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.http.session import LANG_COOKIE
from ic2permed.core.permissions import Actor
from tests.access.conftest import auth, eu_to_cn_request
from tests.factories import csrf_from, login

pytestmark = pytest.mark.anyio

REQUESTER = "lea-fictional"
REP = "rep-hangzhou-fictional"
REVIEWER = "committee-fictional"


async def _call(api: httpx.AsyncClient, tokens: dict[str, str], who: str, method: str, path: str, **kw: Any) -> Any:
    response = await api.request(method, path, headers=auth(tokens, who), **kw)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _to_conditions_indicated(api: httpx.AsyncClient, tokens: dict[str, str]) -> tuple[int, int]:
    request = await _call(api, tokens, REQUESTER, "POST", "/api/v1/requests", json=eu_to_cn_request())
    rid, item = request["id"], request["collections"][0]["id"]
    await _call(api, tokens, REVIEWER, "POST", f"/api/v1/requests/{rid}/transitions", json={"target": "in_progress"})
    for target in ("checking_availability", "available", "access_conditions_indicated"):
        await _call(
            api, tokens, REP, "POST", f"/api/v1/requests/{rid}/collections/{item}/transitions", json={"target": target}
        )
    return rid, item


async def _evidence_all(api: httpx.AsyncClient, tokens: dict[str, str], rid: int, item: int) -> None:
    detail = await _call(api, tokens, REVIEWER, "GET", f"/api/v1/requests/{rid}")
    for step in detail["collections"][0]["checklist"]:
        if step["status"] != "done":
            await _call(
                api, tokens, REVIEWER, "PUT", f"/api/v1/requests/{rid}/collections/{item}/checklist/{step['step_id']}",
                json={"reference": "REF-1", "evidence_date": "2026-11-20"},
            )  # fmt: skip


async def test_agreement_versions_must_be_accepted_by_both_sides_before_access(
    api: httpx.AsyncClient, catalogue: dict[str, str], database: Database
) -> None:
    mta = await _call(
        api, catalogue, REP, "POST", "/api/v1/requests/agreements",
        json={"biobank_id": "bb-hangzhou-test", "kind": "mta", "version": "1.0", "title": "Hangzhou MTA (fictional)"},
    )  # fmt: skip
    licence = await _call(
        api, catalogue, REVIEWER, "POST", "/api/v1/requests/agreements",
        json={"kind": "licence", "version": "2026-1", "title": "Platform data licence (fictional)"},
    )  # fmt: skip
    assert licence["biobank_id"] == ""
    duplicate = await api.post(
        "/api/v1/requests/agreements",
        json={"biobank_id": "bb-hangzhou-test", "kind": "mta", "version": "1.0", "title": "Again"},
        headers=auth(catalogue, REP),
    )
    assert duplicate.status_code == 422 and "version" in duplicate.text

    rid, item = await _to_conditions_indicated(api, catalogue)
    path = f"/api/v1/requests/{rid}/collections/{item}"
    detail = await _call(api, catalogue, REQUESTER, "GET", f"/api/v1/requests/{rid}")
    shown = detail["collections"][0]["agreements"]
    assert [(a["template"]["kind"], a["template"]["version"], a["missing"]) for a in shown] == [
        ("licence", "2026-1", ["requester", "representative"]),
        ("mta", "1.0", ["requester", "representative"]),
    ]  # a DTA applies too (data move), but nobody has written one: no acceptance asked for it

    await _call(api, catalogue, REQUESTER, "POST", f"{path}/transitions", json={"target": "access_conditions_met"})
    await _evidence_all(api, catalogue, rid, item)
    detail = await _call(api, catalogue, REQUESTER, "GET", f"/api/v1/requests/{rid}")
    mta_step = next(s for s in detail["collections"][0]["checklist"] if s["step_id"] == "material_transfer_agreement")
    assert mta_step["reference"] == "REF-1"  # evidenced by hand before; acceptance does not overwrite it

    blocked = await api.post(f"{path}/transitions", json={"target": "made_available"}, headers=auth(catalogue, REP))
    assert blocked.status_code == 409
    assert "mta 1.0: requester" in blocked.json()["detail"] and "licence 2026-1" in blocked.json()["detail"]
    assert {e["field"] for e in blocked.json()["errors"]} == {"agreements"}

    await _call(api, catalogue, REQUESTER, "POST", f"{path}/agreements/{mta['id']}/accept")
    await _call(api, catalogue, REP, "POST", f"{path}/agreements/{mta['id']}/accept")
    await _call(api, catalogue, REQUESTER, "POST", f"{path}/agreements/{licence['id']}/accept")
    still = await api.post(f"{path}/transitions", json={"target": "made_available"}, headers=auth(catalogue, REP))
    assert still.status_code == 409 and "licence 2026-1: representative" in still.json()["detail"]
    assert "mta" not in still.json()["detail"]
    await _call(api, catalogue, REP, "POST", f"{path}/agreements/{licence['id']}/accept")
    made = await _call(api, catalogue, REP, "POST", f"{path}/transitions", json={"target": "made_available"})
    records = made["collections"][0]["agreements"]
    assert all(a["missing"] == [] for a in records)
    mta_record = next(a for a in records if a["template"]["kind"] == "mta")
    assert {(x["party"], x["actor_name"]) for x in mta_record["accepted"]} == {
        ("requester", REQUESTER),
        ("representative", REP),
    }

    # Accepting again after the grant, or a reviewer accepting for a side, is refused.
    again = await api.post(f"{path}/agreements/{mta['id']}/accept", headers=auth(catalogue, REQUESTER))
    assert again.status_code == 409

    await login(api, REQUESTER)
    html = await api.get(f"/requests/{rid}/dossier.html")
    assert html.status_code == 200
    assert "Hangzhou MTA (fictional)" in html.text and "Version 1.0" in html.text and REP in html.text
    with database.session() as session:
        actions = [e.action for e in audit.list_entries(session, Actor.system(), AuditFilter()).items]
    assert actions.count("access_request.agreement") == 4
    assert actions.count("access_agreement.create") == 2


async def test_a_new_version_supersedes_and_must_be_accepted_again(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    def mta(version: str) -> dict[str, str]:
        return {"biobank_id": "bb-hangzhou-test", "kind": "mta", "version": version, "title": f"MTA {version}"}

    first = await _call(api, catalogue, REP, "POST", "/api/v1/requests/agreements", json=mta("1"))
    rid, item = await _to_conditions_indicated(api, catalogue)
    path = f"/api/v1/requests/{rid}/collections/{item}"
    for who in (REQUESTER, REP):
        await _call(api, catalogue, who, "POST", f"{path}/agreements/{first['id']}/accept")
    detail = await _call(api, catalogue, REQUESTER, "GET", f"/api/v1/requests/{rid}")
    step = next(s for s in detail["collections"][0]["checklist"] if s["step_id"] == "material_transfer_agreement")
    assert (step["status"], step["reference"], step["document"]) == ("done", "MTA 1", "MTA 1")  # from the record

    second = await _call(api, catalogue, REP, "POST", "/api/v1/requests/agreements", json=mta("2"))
    detail = await _call(api, catalogue, REQUESTER, "GET", f"/api/v1/requests/{rid}")
    rows = {a["template"]["version"]: a for a in detail["collections"][0]["agreements"]}
    assert rows["2"]["current"] and rows["2"]["missing"] == ["requester", "representative"]
    assert not rows["1"]["current"] and len(rows["1"]["accepted"]) == 2  # kept in the record
    old = await api.post(f"{path}/agreements/{first['id']}/accept", headers=auth(catalogue, REQUESTER))
    assert old.status_code == 409 and "not a version in force" in old.json()["detail"]
    assert second["id"] != first["id"]


async def test_agreements_page_and_accepting_on_the_request_page(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    await login(api, REP)
    page = await api.get("/requests/agreements")
    assert page.status_code == 200 and "Publish a new version" in page.text
    published = await api.post(
        "/requests/agreements",
        data={"biobank_id": "bb-hangzhou-test", "kind": "dta", "version": "3.1", "title": "Hangzhou DTA (fictional)",
              "csrf_token": csrf_from(page.text)},
    )  # fmt: skip
    assert published.status_code == 303
    listed = await api.get("/requests/agreements")
    assert "Hangzhou DTA (fictional)" in listed.text and "3.1" in listed.text
    bad = await api.post(
        "/requests/agreements",
        data={"biobank_id": "bb-hangzhou-test", "kind": "dta", "version": "3.1", "title": "Hangzhou DTA (fictional)",
              "csrf_token": csrf_from(listed.text)},
    )  # fmt: skip
    assert bad.status_code == 422 and "version" in bad.text
    api.cookies.set(LANG_COOKIE, "zh_Hans")
    zh = await api.get("/requests/agreements")
    assert "数据转移协议" in zh.text and "发布新版本" in zh.text
    api.cookies.clear()

    rid, item = await _to_conditions_indicated(api, catalogue)
    await login(api, REQUESTER)
    detail = await api.get(f"/requests/{rid}")
    assert "Still to accept" in detail.text and "Accept Hangzhou DTA (fictional), version 3.1" in detail.text
    agreement = (await api.get("/api/v1/requests/agreements", headers=auth(catalogue, REQUESTER))).json()[0]["id"]
    accepted = await api.post(
        f"/requests/{rid}/agree", data={"item": item, "agreement": agreement, "csrf_token": csrf_from(detail.text)}
    )
    assert accepted.status_code == 303
    after = await api.get(f"/requests/{rid}")
    assert "Accept Hangzhou DTA" not in after.text  # the requester's side is done; the representative's is not
    assert "Biobank representative" in after.text and REQUESTER in after.text


async def test_end_date_and_revocation_on_the_request_page(
    api: httpx.AsyncClient, catalogue: dict[str, str], database: Database
) -> None:
    rid, item = await _to_conditions_indicated(api, catalogue)
    path = f"/api/v1/requests/{rid}/collections/{item}"
    await _call(api, catalogue, REQUESTER, "POST", f"{path}/transitions", json={"target": "access_conditions_met"})
    await _evidence_all(api, catalogue, rid, item)
    await _call(api, catalogue, REP, "POST", f"{path}/transitions", json={"target": "made_available"})

    await login(api, REQUESTER)
    mine = await api.get(f"/requests/{rid}")
    assert 'data-testid="grant-controls"' not in mine.text  # the requester neither extends nor revokes
    refused = await api.post(
        f"/requests/{rid}/expiry", data={"item": item, "expires_on": "2030-01-01", "csrf_token": csrf_from(mine.text)}
    )
    assert refused.status_code == 403
    api.cookies.clear()

    await login(api, REP)
    page = await api.get(f"/requests/{rid}")
    assert 'data-testid="grant-controls"' in page.text
    saved = await api.post(
        f"/requests/{rid}/expiry", data={"item": item, "expires_on": "2027-06-30", "csrf_token": csrf_from(page.text)}
    )
    assert saved.status_code == 303
    page = await api.get(f"/requests/{rid}")
    assert "access until 2027-06-30" in page.text
    bad = await api.post(
        f"/requests/{rid}/expiry", data={"item": item, "expires_on": "someday", "csrf_token": csrf_from(page.text)}
    )
    assert bad.status_code == 422 and "expires_on" in bad.text
    revoked = await api.post(
        f"/requests/{rid}/revoke",
        data={"item": item, "reason": "consent withdrawn", "csrf_token": csrf_from(page.text)},
    )
    assert revoked.status_code == 303
    page = await api.get(f"/requests/{rid}")
    assert "revoked" in page.text and 'data-testid="grant-controls"' not in page.text
    twice = await api.post(
        f"/requests/{rid}/revoke", data={"item": item, "reason": "again", "csrf_token": csrf_from(page.text)}
    )
    assert twice.status_code == 409
    with database.session() as session:
        entries = audit.list_entries(session, Actor.system(), AuditFilter()).items
    assert {"access_request.expiry", "access_request.revoke"} <= {e.action for e in entries}


async def test_request_level_messages_show_on_the_request_page(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    request = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/requests", json=eu_to_cn_request())
    rid = request["id"]
    await _call(api, catalogue, REVIEWER, "POST", f"/api/v1/requests/{rid}/messages", json={"body": "Committee: ok"})
    await login(api, REQUESTER)
    page = await api.get(f"/requests/{rid}")
    assert "Thread about the whole request" in page.text and "Committee: ok" in page.text
    sent = await api.post(
        f"/requests/{rid}/message", data={"body": "Thanks, committee", "csrf_token": csrf_from(page.text)}
    )
    assert sent.status_code == 303
    assert "Thanks, committee" in (await api.get(f"/requests/{rid}")).text
    api.cookies.clear()
    await login(api, REP)  # a representative sees the collection's thread, not the committee's
    rep_page = await api.get(f"/requests/{rid}")
    assert rep_page.status_code == 200 and "Committee: ok" not in rep_page.text


async def test_a_ciio_biobank_needs_the_cac_security_assessment(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    body = eu_to_cn_request(subjects=200)
    before = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/requests/preview", json=body)
    steps = {s["step_id"] for s in before["collections"][0]["steps"]}
    assert "cn_pipl_standard_contract" in steps and "cn_cac_security_assessment" not in steps
    assert before["collections"][0]["ciio"] is False

    edited = await api.patch(
        "/api/v1/biobanks/biobanks/bb-hangzhou-test",
        json={"ciio": True},
        headers=auth(catalogue, "rep-hangzhou-fictional"),
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["ciio"] is True
    after = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/requests/preview", json=body)
    steps = {s["step_id"] for s in after["collections"][0]["steps"]}
    assert "cn_cac_security_assessment" in steps and "cn_pipl_standard_contract" not in steps
    submitted = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/requests", json=body)
    item = submitted["collections"][0]
    assert item["ciio"] is True
    assert "cn_cac_security_assessment" in {s["step_id"] for s in item["checklist"]}


async def test_a_draft_turned_into_a_request_is_marked_submitted(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    headers = auth(catalogue, REQUESTER)
    assert (await api.put("/api/v1/biobanks/cart/bb-hangzhou-test:serum", headers=headers)).status_code == 200
    draft = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/biobanks/drafts", json={"title": "Serum draft"})
    assert draft["status"] == "draft" and draft["request_id"] is None
    body = eu_to_cn_request(collection_ids=[], draft_id=draft["id"])
    request = await _call(api, catalogue, REQUESTER, "POST", "/api/v1/requests", json=body)
    assert request["draft_id"] == draft["id"]
    marked = await _call(api, catalogue, REQUESTER, "GET", f"/api/v1/biobanks/drafts/{draft['id']}")
    assert (marked["status"], marked["request_id"]) == ("submitted", request["id"])
    again = await api.post("/api/v1/requests", json=body, headers=headers)
    assert again.status_code == 422 and "draft_id" in again.text  # one draft, one request

    await login(api, REQUESTER)
    drafts = await api.get("/biobanks/requests")
    assert f'href="/requests/{request["id"]}"' in drafts.text and "submitted" in drafts.text
    detail = await api.get(f"/biobanks/requests/{draft['id']}")
    assert f"access request #{request['id']}" in detail.text and "Turn into an access request" not in detail.text
