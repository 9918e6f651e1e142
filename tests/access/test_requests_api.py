"""Access requests over the JSON API: the EU → China negotiation end to end, and who may do what."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from tests.access.conftest import auth, eu_to_cn_request

pytestmark = pytest.mark.anyio

REQUESTER = "lea-fictional"
REP = "rep-hangzhou-fictional"
REVIEWER = "committee-fictional"


async def submit(api: httpx.AsyncClient, tokens: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = await api.post("/api/v1/requests", json=eu_to_cn_request(**changes), headers=auth(tokens, REQUESTER))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def move(
    api: httpx.AsyncClient, tokens: dict[str, str], who: str, rid: int, target: str, item: int | None = None
) -> httpx.Response:
    path = (
        f"/api/v1/requests/{rid}/transitions"
        if item is None
        else f"/api/v1/requests/{rid}/collections/{item}/transitions"
    )
    return await api.post(path, json={"target": target, "reason": "test"}, headers=auth(tokens, who))


async def test_preview_shows_duo_mismatch_and_steps_before_submission(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    body = eu_to_cn_request(collection_ids=["bb-lyon-test:serum"], country="CN", purpose="commercial")
    response = await api.post("/api/v1/requests/preview", json=body, headers=auth(catalogue, "wang-fictional"))
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["disclaimer"] == "Guidance, not legal advice."
    assert preview["rules_version"]
    item = preview["collections"][0]
    assert item["provider_jurisdiction"] == "EU"
    assert [f["code"] for f in item["duo_findings"] if f["kind"] == "mismatch"] == ["NCU"]
    steps = {s["step_id"] for s in item["steps"]}
    assert {"eu_gdpr_scc", "eu_gdpr_tia", "cn_special_articles_import"} <= steps


async def test_eu_to_china_request_from_submission_to_made_available(
    api: httpx.AsyncClient, catalogue: dict[str, str], database: Database
) -> None:
    request = await submit(api, catalogue)
    rid = request["id"]
    assert request["state"] == "under_review"
    item = request["collections"][0]
    assert item["state"] == "submitted"
    assert {f["code"] for f in item["duo_findings"]} == {"IRB"}  # GRU covers DS:E11; ethics approval to meet
    checklist = {s["step_id"]: s for s in item["checklist"]}
    assert checklist["cn_hgr_material_export_certificate"]["authority"] == "NHC"
    assert "cn_pipl_standard_contract" in checklist

    # Collections do not move while the committee has not approved the request.
    early = await move(api, catalogue, REP, rid, "checking_availability", item["id"])
    assert early.status_code == 404 or early.status_code == 409
    approved = await move(api, catalogue, REVIEWER, rid, "in_progress")
    assert approved.status_code == 200, approved.text
    assert approved.json()["collections"][0]["state"] == "representative_contacted"

    for target in ("checking_availability", "available", "access_conditions_indicated"):
        step = await move(api, catalogue, REP, rid, target, item["id"])
        assert step.status_code == 200, step.text
    met = await move(api, catalogue, REQUESTER, rid, "access_conditions_met", item["id"])
    assert met.status_code == 200, met.text

    blocked = await move(api, catalogue, REP, rid, "made_available", item["id"])
    assert blocked.status_code == 409
    problem = blocked.json()
    assert blocked.headers["content-type"] == "application/problem+json"
    assert "cn_hgr_material_export_certificate" in problem["detail"]
    assert "ethics_recipient" in problem["detail"]

    for step_id, spec in checklist.items():
        who = {"PROVIDER": REP, "RECIPIENT": REQUESTER}.get(spec["actor"], REQUESTER)
        evidence = {"document": f"{step_id}.pdf", "reference": f"REF-{step_id}", "evidence_date": "2026-11-20"}
        done = await api.put(
            f"/api/v1/requests/{rid}/collections/{item['id']}/checklist/{step_id}",
            json=evidence,
            headers=auth(catalogue, who),
        )
        assert done.status_code == 200, (step_id, done.text)
        assert done.json()["status"] == "done"

    made = await move(api, catalogue, REP, rid, "made_available", item["id"])
    assert made.status_code == 200, made.text
    final = made.json()["collections"][0]
    assert final["state"] == "made_available"
    assert final["missing_evidence"] == []
    assert all(s["reference"] for s in final["checklist"])

    with database.session() as session:
        actions = [e.action for e in audit.list_entries(session, Actor.system(), AuditFilter()).items]
    assert "access_request.submit" in actions
    assert actions.count("access_request.evidence") == len(checklist)
    assert actions.count("access_request.transition") >= 7


async def test_an_illegal_transition_is_409_with_the_reason(api: httpx.AsyncClient, catalogue: dict[str, str]) -> None:
    rid = (await submit(api, catalogue))["id"]
    response = await move(api, catalogue, REVIEWER, rid, "concluded")
    assert response.status_code == 409
    assert "under_review" in response.json()["detail"] and "in_progress" in response.json()["detail"]
    own = await move(api, catalogue, REQUESTER, rid, "in_progress")  # a requester cannot approve their request
    assert own.status_code == 403


async def test_evidence_belongs_to_the_party_the_step_names(api: httpx.AsyncClient, catalogue: dict[str, str]) -> None:
    request = await submit(api, catalogue)
    rid, item = request["id"], request["collections"][0]["id"]
    evidence = {"reference": "X-1", "evidence_date": "2026-11-20"}
    path = f"/api/v1/requests/{rid}/collections/{item}/checklist/cn_hgr_material_export_certificate"
    assert (await api.put(path, json=evidence, headers=auth(catalogue, REQUESTER))).status_code == 403
    assert (await api.put(path, json=evidence, headers=auth(catalogue, REP))).status_code == 200
    bad = await api.put(path, json={"reference": "", "evidence_date": "someday"}, headers=auth(catalogue, REP))
    assert bad.status_code == 422
    assert {e["field"].split(".")[-1] for e in bad.json()["errors"]} >= {"reference", "evidence_date"}


# Who sees what: every role against every route of one request (Lea → Hangzhou).
VISIBLE = {
    "lea-fictional": True,
    "wang-fictional": False,
    "other-researcher-fictional": False,
    "rep-hangzhou-fictional": True,
    "rep-lyon-fictional": False,
    "rep-other-fictional": False,
    "committee-fictional": True,
    "curator-fictional": False,
    "expert-fictional": False,
}


@pytest.mark.parametrize(("username", "sees"), sorted(VISIBLE.items()))
async def test_every_role_on_every_route(
    api: httpx.AsyncClient, catalogue: dict[str, str], username: str, sees: bool
) -> None:
    rid = (await submit(api, catalogue))["id"]
    item = (await api.get(f"/api/v1/requests/{rid}", headers=auth(catalogue, REQUESTER))).json()["collections"][0]["id"]
    headers = auth(catalogue, username)

    listing = await api.get("/api/v1/requests", headers=headers)
    assert listing.status_code == 200
    assert (rid in [r["id"] for r in listing.json()]) is sees

    detail = await api.get(f"/api/v1/requests/{rid}", headers=headers)
    assert detail.status_code == (200 if sees else 404)

    message = await api.post(
        f"/api/v1/requests/{rid}/collections/{item}/messages", json={"body": "hi"}, headers=headers
    )
    assert message.status_code == (201 if sees else 404)

    approve = await move(api, catalogue, username, rid, "in_progress")
    expected_approve = 200 if username == REVIEWER else (403 if sees else 404)
    assert approve.status_code == expected_approve, approve.text

    evidence = await api.put(
        f"/api/v1/requests/{rid}/collections/{item}/checklist/ethics_recipient",
        json={"reference": "EC-1", "evidence_date": "2026-11-01"},
        headers=headers,
    )
    expected_evidence = {True: 200, False: 404}[sees]
    if username == REP:
        expected_evidence = 403  # the recipient's ethics approval is the requester's to evidence
    assert evidence.status_code == expected_evidence, evidence.text


async def test_anonymous_visitors_must_log_in(api: httpx.AsyncClient, catalogue: dict[str, str]) -> None:
    assert (await api.get("/api/v1/requests")).status_code == 401
    assert (await api.post("/api/v1/requests", json=eu_to_cn_request())).status_code == 401
    assert (await api.get("/api/v1/requests/1")).status_code == 401


async def test_a_representative_sees_only_their_own_collections_of_a_request(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    request = await submit(api, catalogue, collection_ids=["bb-hangzhou-test:serum", "bb-lyon-test:serum"])
    rid = request["id"]
    assert len(request["collections"]) == 2
    lyon = (await api.get(f"/api/v1/requests/{rid}", headers=auth(catalogue, "rep-lyon-fictional"))).json()
    assert [c["collection_id"] for c in lyon["collections"]] == ["bb-lyon-test:serum"]
    hangzhou_item = next(c["id"] for c in request["collections"] if c["collection_id"] == "bb-hangzhou-test:serum")
    other_thread = await api.post(
        f"/api/v1/requests/{rid}/collections/{hangzhou_item}/messages",
        json={"body": "peek"},
        headers=auth(catalogue, "rep-lyon-fictional"),
    )
    assert other_thread.status_code == 404
    # The request-level EU → EU step set for Lyon: no Chapter V tool for a French requester.
    lyon_steps = {s["step_id"] for s in lyon["collections"][0]["checklist"]}
    assert "eu_gdpr_scc" not in lyon_steps and "material_transfer_agreement" in lyon_steps


async def test_bad_input_names_the_field(api: httpx.AsyncClient, catalogue: dict[str, str]) -> None:
    headers = auth(catalogue, REQUESTER)
    for change, field in (
        ({"collection_ids": ["no-such"]}, "collection_ids"),
        ({"country": "XX"}, "country"),
        ({"duo_terms": ["NOPE"]}, "duo_terms"),
        ({"moves": []}, "moves"),
    ):
        response = await api.post("/api/v1/requests", json=eu_to_cn_request(**change), headers=headers)
        assert response.status_code == 422, (change, response.text)
        assert field in response.text


async def test_compliance_steps_over_http(api: httpx.AsyncClient, catalogue: dict[str, str]) -> None:
    ok = await api.get(
        "/api/v1/requests/compliance/steps",
        params={"source": "CN", "target": "EU", "moves": "material,data", "identifiability": "anonymous",
                "purpose": "research", "on": "2024-04-30"},
    )  # fmt: skip
    assert ok.status_code == 200, ok.text
    assert ok.json()["on"] == "2024-04-30"
    bad = await api.get(
        "/api/v1/requests/compliance/steps", params={"source": "CN", "target": "EU", "on": "2001-01-01"}
    )
    assert bad.status_code == 422
