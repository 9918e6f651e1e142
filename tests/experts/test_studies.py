"""Delphi use cases beyond the basic path: open first round, rankings, reminders; demo data only in demo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.errors import Forbidden
from ic2permed.core.permissions import Actor, Role
from ic2permed.experts import bundle
from ic2permed.experts.schemas import (
    BallotIn,
    ExpertCreate,
    ExpertInvite,
    ExpertQuery,
    MembershipSet,
    NextRound,
    StatementCreate,
    StudyCreate,
)
from ic2permed.experts.service import groups, profiles, studies

SYSTEM = Actor.system()
DEADLINE = datetime.now(UTC) + timedelta(days=3)


def members(database: Database, regions: list[str]) -> list[Actor]:
    bundle.load_bundled(database)
    actors = []
    with database.session() as session:
        for i, region in enumerate(regions):
            expert = profiles.invite_expert(
                session,
                SYSTEM,
                ExpertInvite(
                    username=f"study-expert-{i}",
                    password="correct-horse-battery",
                    profile=ExpertCreate(name=f"Study Expert {i} (demo)", region=region, sector="academia"),
                ),
            )
            groups.set_member(session, SYSTEM, "wg-3", MembershipSet(expert_id=expert.id))
            actors.append(Actor(id=expert.user_id, username=f"study-expert-{i}", roles=frozenset({Role.EXPERT})))
    return actors


def test_demo_experts_only_in_demo(database: Database, tmp_path: Path) -> None:
    bundle.load_bundled(database)  # what every (production) start loads
    with database.session() as session:
        assert profiles.count(session) == 0
        assert len(groups.list_groups(session)) == 7
    settings = Settings(var_dir=tmp_path / "var", load_bundled_data=False)
    bundle.start_demo(settings, database)
    bundle.start_demo(settings, database)  # idempotent
    with database.session() as session:
        page = profiles.search(session, SYSTEM, ExpertQuery(limit=500))
    assert page.total >= 120
    assert all(e.name.endswith("(demo)") and e.demo for e in page.items)
    assert {e.region for e in page.items} == {"EU", "Europe (non-EU)", "China", "International"}
    assert len({e.sector for e in page.items}) == 6
    chinese = [e for e in page.items if e.name_zh]
    assert chinese and all(e.name_zh.endswith("（演示）") and e.pinyin for e in chinese)


def test_open_round_then_rating_round(database: Database) -> None:
    actors = members(database, ["EU", "China"])
    with database.session() as session:
        study = studies.create_study(
            session, SYSTEM, StudyCreate(group_id="wg-3", title_en="Open", deadline=DEADLINE, open_round=True)
        )
    with database.session() as session:
        studies.save_ballot(session, actors[0], study.id, BallotIn(suggestions=["Train nurses in genomics"]))
        studies.save_ballot(session, actors[1], study.id, BallotIn(suggestions=["培训药师", "  "]))
    with database.session() as session:
        proposed = studies.suggestions(session, SYSTEM, study.id)
        assert [s["text"] for s in proposed] == ["Train nurses in genomics", "培训药师"]
        assert studies.pending(session, study.id) == []
        chosen = [
            StatementCreate(text_en=proposed[0]["text"]),
            StatementCreate(text_en="Train pharmacists", text_zh="培训药师"),
        ]
        after = studies.next_round(session, SYSTEM, study.id, NextRound(deadline=DEADLINE, statements=chosen))
    assert [(s.code, s.origin) for s in after.statements] == [("S1", "proposed"), ("S2", "proposed")]
    assert [(r.number, r.kind) for r in after.rounds] == [(1, "open"), (2, "rating")]
    with database.session() as session:
        ballot = studies.save_ballot(session, actors[0], study.id, BallotIn(ratings={"S1": 5}))
    assert ballot.answered == 1 and [i.previous for i in ballot.items] == [None, None]


def test_ranking_study_and_kendall_w(database: Database) -> None:
    actors = members(database, ["EU", "China", "China"])
    with database.session() as session:
        study = studies.create_study(
            session,
            SYSTEM,
            StudyCreate(
                group_id="wg-3",
                title_en="Rank",
                scale="rank",
                rule=None,
                deadline=DEADLINE,
                statements=[StatementCreate(text_en=t) for t in ("a", "b", "c")],
            ),
        )
    # the hand-worked example of test_delphi: W = 96 / 216; a fourth, incomplete ranking does not count
    for actor, ranks in zip(actors, ((1, 2, 3), (1, 3, 2), (2, 1, 3)), strict=True):
        with database.session() as session:
            studies.save_ballot(
                session, actor, study.id, BallotIn(ratings=dict(zip(("S1", "S2", "S3"), ranks, strict=True)))
            )
    with database.session() as session:
        result = studies.results(session, study.id)
        assert result.kendall_w == pytest.approx(96 / 216)
        with pytest.raises(Exception, match="between 1 and 3"):
            studies.save_ballot(session, actors[0], study.id, BallotIn(ratings={"S1": 4}))
        roadmap = studies.roadmap(session, study.id)
    # ranked order by mean rank: S1 (4/3), S2 (2), S3 (8/3)
    assert [e.statement.code for e in roadmap.entries] == ["S1", "S2", "S3"]


def test_reminder_reaches_only_those_who_have_not_answered(database: Database) -> None:
    actors = members(database, ["EU", "China"])
    with database.session() as session:
        study = studies.create_study(
            session,
            SYSTEM,
            StudyCreate(group_id="wg-3", title_en="R", deadline=DEADLINE, statements=[StatementCreate(text_en="a")]),
        )
        studies.save_ballot(session, actors[0], study.id, BallotIn(ratings={"S1": 4}))
    with database.session() as session:
        waiting = studies.remind(session, SYSTEM, study.id)
        assert [m.name for m in waiting] == ["Study Expert 1 (demo)"]
        assert studies.ballot(session, actors[1], study.id).reminded_at is not None
        assert studies.ballot(session, actors[0], study.id).reminded_at is None
        with pytest.raises(Forbidden):
            studies.remind(session, actors[0], study.id)
