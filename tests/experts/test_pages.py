"""The experts pages render in both languages, and their forms drive the same use cases as the API."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pypdf import PdfReader

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.experts import bundle
from ic2permed.experts.schemas import ExpertCreate, ExpertInvite, MembershipSet
from ic2permed.experts.service import groups, profiles
from tests.factories import csrf_from, login, make_user

pytestmark = pytest.mark.anyio


def seed(database: Database) -> list[int]:
    bundle.load_bundled(database)
    ids = []
    with database.session() as session:
        for i, (region, sector, name_zh) in enumerate(
            [("EU", "academia", ""), ("China", "healthcare", "陈睿（演示）"), ("China", "industry", "林澜（演示）")]
        ):
            expert = profiles.invite_expert(
                session,
                Actor.system(),
                ExpertInvite(
                    username=f"page-expert-{i}",
                    password="correct-horse-battery",
                    profile=ExpertCreate(
                        name=f"Page Expert {i} (demo)",
                        name_zh=name_zh,
                        region=region,
                        sector=sector,
                        expertise=["wg-5"],
                        consent_listed=True,
                    ),
                ),
            )
            groups.set_member(session, Actor.system(), "wg-5", MembershipSet(expert_id=expert.id))
            ids.append(expert.id)
    make_user(database, "page-coord", Role.COORDINATOR)
    return ids


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
async def test_pages_in_both_languages(client: httpx.AsyncClient, database: Database, lang: str) -> None:
    ids = seed(database)
    client.cookies.set("ic2permed_lang", lang)
    await login(client, "page-coord")
    expected = {"en": "Working groups", "zh_Hans": "工作组"}[lang]
    page = await client.get("/working-groups")
    assert page.status_code == 200 and expected in page.text
    assert (await client.get("/experts?q=chen")).status_code == 200
    assert "陈睿" in (await client.get("/experts?q=陈睿")).text
    assert (await client.get(f"/experts/{ids[1]}")).status_code == 200
    assert (await client.get(f"/experts/{ids[1]}/edit")).status_code == 200
    group = await client.get("/working-groups/wg-5")
    assert group.status_code == 200 and "Page Expert 0 (demo)" in group.text
    form = await client.get("/delphi/new?group=wg-5")
    deadline = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    created = await client.post(
        "/delphi/new",
        data={
            "csrf_token": csrf_from(form.text),
            "group_id": "wg-5",
            "title_en": "Page study",
            "title_zh": "页面研究",
            "scale": "likert5",
            "rule": "cvi",
            "statements": "Train clinicians | 培训临床医生 | Education\nShare data | 共享数据",
            "deadline": deadline,
        },
    )
    assert created.status_code == 303, created.text
    study_url = created.headers["location"]
    study = await client.get(study_url)
    assert study.status_code == 200
    assert ("培训临床医生" if lang == "zh_Hans" else "Train clinicians") in study.text
    proposal_form = await client.get("/working-groups")
    proposed = await client.post(
        "/working-groups/proposals",
        data={"csrf_token": csrf_from(proposal_form.text), "min_region_share": "0.4", "min_sectors": "2"},
    )
    assert proposed.status_code == 303
    review = await client.get(proposed.headers["location"])
    # seven groups of at least 6 and three experts: no membership, and the page says why
    assert review.status_code == 200 and "infeasible" in review.text and 'id="reasons"' in review.text


async def test_ballot_form_partial_save_and_roadmap_pdf(client: httpx.AsyncClient, database: Database) -> None:
    seed(database)
    await login(client, "page-coord")
    form = await client.get("/delphi/new?group=wg-5")
    deadline = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    created = await client.post(
        "/delphi/new",
        data={
            "csrf_token": csrf_from(form.text),
            "group_id": "wg-5",
            "title_en": "Ballot study",
            "title_zh": "投票研究",
            "scale": "likert5",
            "rule": "cvi",
            "statements": "Train clinicians | 培训临床医生\nShare data | 共享数据",
            "deadline": deadline,
        },
    )
    study_url = created.headers["location"]
    coordinator_cookies = dict(client.cookies)
    for i, ratings in enumerate(
        ({"rating-S1": "5"}, {"rating-S1": "4", "rating-S2": "2"}, {"rating-S1": "5", "rating-S2": "1"})
    ):
        client.cookies.clear()
        await login(client, f"page-expert-{i}")
        ballot = await client.get(f"{study_url}/vote")
        assert ballot.status_code == 200
        saved = await client.post(f"{study_url}/vote", data={"csrf_token": csrf_from(ballot.text), **ratings})
        assert saved.status_code == 303
        again = await client.get(saved.headers["location"])
        assert 'value="5" checked' in again.text or 'value="4" checked' in again.text
    client.cookies.clear()
    client.cookies.update(coordinator_cookies)
    page = await client.get(study_url)
    closed = await client.post(f"{study_url}/manage", data={"csrf_token": csrf_from(page.text), "action": "close"})
    assert closed.status_code == 303
    roadmap = await client.get(closed.headers["location"])
    assert roadmap.status_code == 200 and "Train clinicians" in roadmap.text
    client.cookies.set("ic2permed_lang", "zh_Hans")
    pdf = await client.get(f"{study_url}/roadmap.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\x00", "")
    # S1 (5, 4, 5) reached consensus; the Chinese title, statement and headings are embedded as text
    assert "IC2PerMed 路线图" in text and "投票研究" in text and "培训临床医生" in text and "达成共识的陈述" in text
    svg = await client.get(f"{study_url}/charts/S1.svg")
    assert svg.status_code == 200 and "<svg" in svg.text
    # the whole roadmap gathers every closed study under its pillar and working group
    combined = await client.get("/working-groups/roadmap")
    assert combined.status_code == 200 and "培训临床医生" in combined.text and "创新与市场" in combined.text
    whole = await client.get("/working-groups/roadmap.pdf")
    whole_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(whole.content)).pages).replace("\x00", "")
    assert "培训临床医生" in whole_text and "投票研究" in whole_text
    rows = (await client.get("/working-groups/roadmap.csv")).text.splitlines()
    assert len(rows) == 2 and rows[1].startswith("pillar-2,wg-5,")


async def test_coordinator_invites_an_expert_and_adds_a_group(client: httpx.AsyncClient, database: Database) -> None:
    seed(database)
    await login(client, "page-coord")
    page = await client.get("/experts")
    title = page.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Experts" in title  # the invite form once in the page, never inside the title
    assert page.text.count('action="/experts/invitations"') == 1
    invited = await client.post(
        "/experts/invitations",
        data={
            "csrf_token": csrf_from(page.text),
            "username": "invited-demo",
            "password": "correct-horse-battery",
            "name": "Invited Person (demo)",
            "name_zh": "受邀者（演示）",
            "region": "China",
            "sector": "regulators",
        },
    )
    assert invited.status_code == 303
    profile = await client.get(invited.headers["location"])
    assert "Invited Person (demo)" in profile.text and "no (visible to coordinators only)" in profile.text
    bad = await client.post(
        "/experts/invitations",
        data={"csrf_token": csrf_from(page.text), "username": "x", "password": "short", "name": "", "region": "Mars"},
    )
    assert bad.status_code == 422 and "username" in bad.text
    groups_page = await client.get("/working-groups")
    added = await client.post(
        "/working-groups",
        data={
            "csrf_token": csrf_from(groups_page.text),
            "id": "wg-rare",
            "name_en": "Rare diseases task force",
            "name_zh": "罕见病工作小组",
            "pillar": "pillar-3",
            "themes": "wg-6",
            "min_size": "3",
            "max_size": "5",
        },
    )
    assert added.status_code == 303 and added.headers["location"] == "/working-groups/wg-rare"
    assert "Rare diseases task force" in (await client.get("/working-groups")).text
    # an expert (not a coordinator) can do neither
    client.cookies.clear()
    await login(client, "page-expert-0")
    page = await client.get("/experts")
    assert 'id="invite"' not in page.text
    denied = await client.post(
        "/working-groups", data={"csrf_token": csrf_from(page.text), "id": "wg-x", "name_en": "X"}
    )
    assert denied.status_code == 403
