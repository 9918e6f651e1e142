"""The experts, working-groups and Delphi API through the in-process client, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.experts import bundle
from ic2permed.experts.schemas import BallotIn
from ic2permed.experts.service import studies
from tests.factories import make_token, make_user

pytestmark = pytest.mark.anyio


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def profile(name: str, region: str, sector: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "region": region,
        "sector": sector,
        "expertise": ["wg-4"],
        "languages": ["en"],
        "consent_listed": True,
        **extra,
    }


@pytest.fixture
def coordinator(database: Database) -> str:
    bundle.load_bundled(database)
    make_user(database, "coord-demo", Role.COORDINATOR)
    return make_token(database, "coord-demo")


async def invite(client: httpx.AsyncClient, token: str, username: str, data: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/experts/invitations",
        json={"username": username, "password": "fictional-pass-1", "profile": data},
        headers=auth(token),
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_profiles_search_in_both_scripts_and_consent(
    client: httpx.AsyncClient, database: Database, coordinator: str
) -> None:
    listed = profile("Lin Xiaolan (demo)", "China", "academia", name_zh="林晓澜（演示）", expertise=["wg-6"])
    hidden = profile("Orric Drummet (demo)", "EU", "industry", consent_listed=False)
    for data in (listed, hidden):
        assert (await client.post("/api/v1/experts", json=data, headers=auth(coordinator))).status_code == 201
    for q in ("林晓澜", "lin xiaolan", "linxiaolan", "Xiaolan", "晓澜"):
        found = (await client.get("/api/v1/experts", params={"q": q})).json()
        assert [e["name"] for e in found["items"]] == ["Lin Xiaolan (demo)"], q
    # the unlisted expert: an anonymous search and a direct read both fail to reveal them …
    anonymous = (await client.get("/api/v1/experts", params={"q": "Drummet"})).json()
    assert anonymous == {"total": 0, "items": [], "hidden": 0}  # not even a count that would confirm the name
    assert (await client.get("/api/v1/experts", params={"region": "EU"})).json()["hidden"] == 1
    # the same search by a coordinator finds the person
    as_coordinator = (await client.get("/api/v1/experts", params={"q": "Drummet"}, headers=auth(coordinator))).json()
    assert [e["name"] for e in as_coordinator["items"]] == ["Orric Drummet (demo)"]
    everyone = (await client.get("/api/v1/experts")).json()
    hidden_id = next(
        e["id"]
        for e in (await client.get("/api/v1/experts", headers=auth(coordinator))).json()["items"]
        if e["name"].startswith("Orric")
    )
    assert all(e["id"] != hidden_id for e in everyone["items"])
    assert (await client.get(f"/api/v1/experts/{hidden_id}")).status_code == 404
    # … while the same read succeeds for a coordinator
    assert (await client.get(f"/api/v1/experts/{hidden_id}", headers=auth(coordinator))).status_code == 200
    # filters
    by_sector = (await client.get("/api/v1/experts", params={"sector": "academia", "region": "China"})).json()
    assert by_sector["total"] == 1
    by_theme = (await client.get("/api/v1/experts", params={"theme": "wg-4"}, headers=auth(coordinator))).json()
    assert [e["name"] for e in by_theme["items"]] == ["Orric Drummet (demo)"]


async def test_expert_edits_own_profile_only(client: httpx.AsyncClient, database: Database, coordinator: str) -> None:
    me = await invite(client, coordinator, "expert-a", profile("Alvena Quorn (demo)", "EU", "academia"))
    other = await invite(client, coordinator, "expert-b", profile("Bredric Vellax (demo)", "EU", "academia"))
    token = make_token(database, "expert-a")
    ok = await client.patch(f"/api/v1/experts/{me['id']}", json={"organisation": "Fictional Lab"}, headers=auth(token))
    assert ok.status_code == 200 and ok.json()["organisation"] == "Fictional Lab"
    denied = await client.patch(f"/api/v1/experts/{other['id']}", json={"organisation": "x"}, headers=auth(token))
    assert denied.status_code == 403
    bad = await client.patch(f"/api/v1/experts/{me['id']}", json={"region": "Mars"}, headers=auth(token))
    assert bad.status_code == 422 and "region" in bad.text


async def test_invite_needs_the_new_permission(client: httpx.AsyncClient, database: Database, coordinator: str) -> None:
    make_user(database, "plain-expert", Role.EXPERT)
    token = make_token(database, "plain-expert")
    response = await client.post(
        "/api/v1/experts/invitations",
        json={"username": "newbie", "password": "fictional-pass-1", "profile": profile("X (demo)", "EU", "academia")},
        headers=auth(token),
    )
    assert response.status_code == 403


async def test_groups_seeded_from_the_roadmap(client: httpx.AsyncClient, coordinator: str) -> None:
    groups = (await client.get("/api/v1/working-groups")).json()
    assert [g["id"] for g in groups] == [f"wg-{i}" for i in range(1, 8)]
    assert {g["pillar"] for g in groups} == {"pillar-1", "pillar-2", "pillar-3"}
    assert groups[0]["priorities_en"] and groups[0]["name_zh"]


async def test_membership_meetings_actions_overdue(client: httpx.AsyncClient, coordinator: str) -> None:
    eu = (
        await client.post(
            "/api/v1/experts", json=profile("Al Quorn (demo)", "EU", "academia"), headers=auth(coordinator)
        )
    ).json()
    eu2 = (
        await client.post(
            "/api/v1/experts", json=profile("El Brisk (demo)", "EU", "industry"), headers=auth(coordinator)
        )
    ).json()
    cn = (
        await client.post(
            "/api/v1/experts", json=profile("Chen Rui (demo)", "China", "healthcare"), headers=auth(coordinator)
        )
    ).json()
    put = "/api/v1/working-groups/wg-4/members"
    assert (
        await client.put(put, json={"expert_id": eu["id"], "role": "chair"}, headers=auth(coordinator))
    ).status_code == 200
    # a co-chair from the same side as the chair is refused; from the other side accepted
    same = await client.put(put, json={"expert_id": eu2["id"], "role": "co_chair"}, headers=auth(coordinator))
    assert same.status_code == 422 and "role" in same.text
    group = (await client.put(put, json={"expert_id": cn["id"], "role": "co_chair"}, headers=auth(coordinator))).json()
    assert [(m["name"], m["role"]) for m in group["members"]] == [
        ("Al Quorn (demo)", "chair"),
        ("Chen Rui (demo)", "co_chair"),
    ]
    meeting = await client.post(
        "/api/v1/working-groups/wg-4/meetings",
        json={"held_on": "2026-11-02", "title": "Kick-off", "minutes": "Agreed the statements."},
        headers=auth(coordinator),
    )
    assert meeting.status_code == 201
    past = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    future = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    for due, text in ((past, "Draft survey"), (future, "Translate")):
        r = await client.post(
            "/api/v1/working-groups/wg-4/actions",
            json={"description": text, "owner_id": cn["id"], "due": due},
            headers=auth(coordinator),
        )
        assert r.status_code == 201
    overdue = (await client.get("/api/v1/working-groups/actions/overdue")).json()
    assert [(a["description"], a["owner_name"], a["overdue"]) for a in overdue] == [
        ("Draft survey", "Chen Rui (demo)", True)
    ]
    done = await client.patch(
        f"/api/v1/working-groups/actions/{overdue[0]['id']}", json={"done": True}, headers=auth(coordinator)
    )
    assert done.status_code == 200
    assert (await client.get("/api/v1/working-groups/actions/overdue")).json() == []


async def test_proposal_accept_and_infeasible(client: httpx.AsyncClient, coordinator: str) -> None:
    made = []
    for i, (region, sector) in enumerate(
        [("EU", "academia"), ("China", "industry"), ("China", "academia"), ("EU", "healthcare")]
    ):
        data = profile(f"P{i} (demo)", region, sector, expertise=["wg-1"], max_groups=1)
        made.append((await client.post("/api/v1/experts", json=data, headers=auth(coordinator))).json())
    bad = await client.post(
        "/api/v1/working-groups/proposals", json={"min_region_share": "0.7"}, headers=auth(coordinator)
    )
    assert bad.status_code == 422 and "min_region_share" in bad.text
    infeasible = (
        await client.post("/api/v1/working-groups/proposals", json={"group_ids": ["wg-1"]}, headers=auth(coordinator))
    ).json()
    # wg-1 needs 6–12 members and there are 4 experts: only relaxing its size helps
    assert infeasible["status"] == "infeasible"
    assert [r.split(":")[0] for r in infeasible["reasons"]] == ["size"]
    new = await client.post(
        "/api/v1/working-groups",
        json={"id": "wg-pilot", "name_en": "Pilot group", "themes": ["wg-1"], "min_size": 2, "max_size": 4},
        headers=auth(coordinator),
    )
    assert new.status_code == 201
    proposal = (
        await client.post(
            "/api/v1/working-groups/proposals", json={"group_ids": ["wg-pilot"]}, headers=auth(coordinator)
        )
    ).json()
    assert proposal["status"] == "draft" and proposal["objective"] == 4
    assert sorted(proposal["groups"]["wg-pilot"]) == sorted(e["id"] for e in made)
    edited = await client.patch(
        f"/api/v1/working-groups/proposals/{proposal['id']}",
        json={"groups": {"wg-pilot": [made[0]["id"], made[1]["id"]]}},
        headers=auth(coordinator),
    )
    assert edited.json()["objective"] == 2
    accepted = await client.post(f"/api/v1/working-groups/proposals/{proposal['id']}/accept", headers=auth(coordinator))
    assert accepted.json()["status"] == "accepted"
    members = (await client.get("/api/v1/working-groups/wg-pilot")).json()["members"]
    assert sorted(m["expert_id"] for m in members) == sorted([made[0]["id"], made[1]["id"]])
    again = await client.post(f"/api/v1/working-groups/proposals/{proposal['id']}/accept", headers=auth(coordinator))
    assert again.status_code == 409


async def test_delphi_two_rounds_votes_and_roadmap(
    client: httpx.AsyncClient, database: Database, coordinator: str
) -> None:
    voters = []
    for i, (region, sector) in enumerate([("EU", "academia"), ("China", "healthcare"), ("China", "industry")]):
        expert = await invite(client, coordinator, f"voter{i}", profile(f"Voter {i} (demo)", region, sector))
        await client.put(
            "/api/v1/working-groups/wg-4/members", json={"expert_id": expert["id"]}, headers=auth(coordinator)
        )
        voters.append(make_token(database, f"voter{i}"))
    outsider = await invite(client, coordinator, "outsider", profile("Out Sider (demo)", "EU", "academia"))
    deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    created = await client.post(
        "/api/v1/delphi/studies",
        json={
            "group_id": "wg-4",
            "title_en": "Data sharing priorities",
            "title_zh": "数据共享优先事项",
            "scale": "likert5",
            "rule": "cvi",
            "deadline": deadline,
            "statements": [
                {"text_en": "Shared consent templates", "text_zh": "共享知情同意模板", "priority": "Data"},
                {"text_en": "Joint biobank audits", "text_zh": "联合生物样本库审计"},
            ],
        },
        headers=auth(coordinator),
    )
    assert created.status_code == 201, created.text
    study = created.json()
    sid = study["id"]
    wrong = await client.post(
        "/api/v1/delphi/studies",
        json={
            "group_id": "wg-4",
            "title_en": "x",
            "scale": "nine",
            "rule": "cvi",
            "deadline": deadline,
            "statements": [{"text_en": "a"}],
        },
        headers=auth(coordinator),
    )
    assert wrong.status_code == 422 and "rule" in wrong.text
    ballot_url = f"/api/v1/delphi/studies/{sid}/ballot"
    # partial save, then completing it; a second save updates, never duplicates
    part = await client.put(ballot_url, json={"ratings": {"S1": 5}}, headers=auth(voters[0]))
    assert part.status_code == 200 and part.json()["answered"] == 1
    await client.put(ballot_url, json={"ratings": {"S1": 4, "S2": 2}}, headers=auth(voters[0]))
    await client.put(ballot_url, json={"ratings": {"S1": 5, "S2": 4}}, headers=auth(voters[1]))
    await client.put(
        ballot_url, json={"ratings": {"S1": 4, "S2": 1}, "comments": {"S2": "太贵"}}, headers=auth(voters[2])
    )
    off = await client.put(ballot_url, json={"ratings": {"S1": 6}}, headers=auth(voters[2]))
    assert off.status_code == 422 and "ratings.S1" in off.text
    outsider_token = make_token(database, "outsider")
    assert (await client.put(ballot_url, json={"ratings": {"S1": 5}}, headers=auth(outsider_token))).status_code == 403
    del outsider
    results = (await client.get(f"/api/v1/delphi/studies/{sid}/results")).json()
    s1, s2 = results["statements"]
    # S1: 4, 5, 4 → 3 of 3 agree, CVI 1.0 → include; S2: 2, 4, 1 → 1 of 3 → exclude
    assert (s1["n"], s1["cvi"], s1["decision"]) == (3, 1.0, "include")
    assert (s2["n"], s2["decision"], s2["median"]) == (3, "exclude", 2.0)
    votes_csv = (await client.get(f"/api/v1/delphi/studies/{sid}/votes.csv", headers=auth(coordinator))).text
    assert votes_csv.count("\n") == 7 and "太贵" in votes_csv
    assert (await client.get(f"/api/v1/delphi/studies/{sid}/votes.csv", headers=auth(voters[0]))).status_code == 403
    # round 2: S2 revised
    next_deadline = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    r2 = await client.post(
        f"/api/v1/delphi/studies/{sid}/rounds",
        json={
            "deadline": next_deadline,
            "drop": ["S2"],
            "statements": [{"text_en": "Audits every two years", "text_zh": "每两年审计一次"}],
        },
        headers=auth(coordinator),
    )
    assert r2.status_code == 201 and len(r2.json()["rounds"]) == 2
    ballot = (await client.get(ballot_url, headers=auth(voters[0]))).json()
    assert [i["statement"]["code"] for i in ballot["items"]] == ["S1", "S3"]
    assert ballot["items"][0]["previous_rating"] == 4
    assert ballot["items"][0]["previous"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert ballot["items"][0]["previous"]["by_region"] == {}  # one European, two Chinese: below n = 3
    for token, ratings in zip(voters, ({"S1": 5, "S3": 4}, {"S1": 5, "S3": 5}, {"S1": 4, "S3": 3}), strict=True):
        assert (await client.put(ballot_url, json={"ratings": ratings}, headers=auth(token))).status_code == 200
    results2 = (await client.get(f"/api/v1/delphi/studies/{sid}/results")).json()
    s1b = results2["statements"][0]
    assert s1b["stability"] is True  # 100 % → 100 %
    pending = (await client.get(f"/api/v1/delphi/studies/{sid}/results")).json()["pending"]
    assert pending == []
    closed = await client.post(f"/api/v1/delphi/studies/{sid}/close", headers=auth(coordinator))
    assert closed.json()["status"] == "closed"
    late = await client.put(ballot_url, json={"ratings": {"S1": 1}}, headers=auth(voters[0]))
    assert late.status_code == 409 and "no longer accepted" in late.text
    roadmap = (await client.get(f"/api/v1/delphi/studies/{sid}/roadmap")).json()
    # S1 (5,5,4) include; S3 (4,5,3) = 2 of 3 = 66.7 % → exclude
    assert [e["statement"]["code"] for e in roadmap["entries"]] == ["S1"]
    assert roadmap["entries"][0]["pillar"] == "pillar-2" and roadmap["entries"][0]["priority"] == "Data"
    assert [e["statement"]["code"] for e in roadmap["not_reached"]] == ["S3"]
    csv_text = (await client.get(f"/api/v1/delphi/studies/{sid}/roadmap.csv")).text
    assert "共享知情同意模板" in csv_text
    xlsx = await client.get(f"/api/v1/delphi/studies/{sid}/votes.xlsx", headers=auth(coordinator))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == 1 + 6 + 6  # header, round 1, round 2


def test_late_vote_refused_after_the_deadline(database: Database) -> None:
    """A vote one second after the deadline is refused with a clear message, one before it is saved."""
    from ic2permed.experts.schemas import ExpertCreate, ExpertInvite, MembershipSet, StudyCreate
    from ic2permed.experts.service import groups, profiles

    bundle.load_bundled(database)
    deadline = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    with database.session() as session:
        expert = profiles.invite_expert(
            session,
            Actor.system(),
            ExpertInvite(
                username="late-one",
                password="fictional-pass-1",
                profile=ExpertCreate(name="Late One (demo)", region="EU", sector="academia"),
            ),
        )
    with database.session() as session:
        groups.set_member(session, Actor.system(), "wg-2", MembershipSet(expert_id=expert.id))
        study = studies.create_study(
            session,
            Actor.system(),
            StudyCreate(group_id="wg-2", title_en="T", deadline=deadline, statements=[{"text_en": "A"}]),
        )
    actor = Actor(id=expert.user_id, username="late-one", roles=frozenset({Role.EXPERT}))
    with database.session() as session:
        saved = studies.save_ballot(session, actor, study.id, BallotIn(ratings={"S1": 4}), now=deadline)
        assert saved.answered == 1
    with database.session() as session, pytest.raises(Exception, match="late votes are not accepted"):
        studies.save_ballot(session, actor, study.id, BallotIn(ratings={"S1": 5}), now=deadline + timedelta(seconds=1))
    with database.session() as session:
        assert studies.results(session, study.id).statements[0]["mean"] == 4.0
