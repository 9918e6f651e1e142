"""`ic2permed demo` shows the capability: balanced groups from the optimiser, a closed and an open Delphi study,
meetings with an overdue action item — reproducibly, idempotently, and never on a production start."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from ic2permed.core.audit import service as audit
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.errors import InvalidTransition, Unauthorized, ValidationFailed
from ic2permed.core.permissions import Actor
from ic2permed.experts import bundle, demo, labels
from ic2permed.experts.delphi import CHINA_SIDE, EUROPE_SIDE, side_of
from ic2permed.experts.schemas import BallotIn
from ic2permed.experts.service import groups, studies


def _shape(database: Database) -> dict[str, object]:
    """What a coordinator would look at, in a form two runs can be compared by."""
    with database.session() as session:
        found: dict[str, object] = {
            "groups": {g.id: [(m.expert_id, m.role) for m in g.members] for g in groups.list_groups(session)},
            "studies": [
                (s.title_en, s.status, len(s.rounds), len(s.statements)) for s in studies.list_studies(session)
            ],
            "meetings": [m.title for m in groups.list_meetings(session, demo.MEETINGS_GROUP)],
            "actions": [(a.description, a.done) for a in groups.list_actions(session, demo.MEETINGS_GROUP)],
        }
        closed = next(s for s in studies.list_studies(session) if s.status == "closed")
        found["votes"] = [(r["id"], r["n"], r["cvi"]) for r in studies.results(session, closed.id).statements]
    return found


def test_demo_fills_the_working_groups(database: Database, tmp_path: Path) -> None:
    bundle.load_bundled(database)
    with database.session() as session:  # a production start: the seven groups, nobody in them, no study
        assert [len(g.members) for g in groups.list_groups(session)] == [0] * 7
        assert studies.list_studies(session) == [] and studies.combined_roadmap(session) == []
    settings = Settings(var_dir=tmp_path / "var", load_bundled_data=False)
    bundle.start_demo(settings, database)
    first = _shape(database)
    bundle.start_demo(settings, database)  # idempotent: nothing doubles
    assert _shape(database) == first

    with database.session() as session:
        # 1. memberships: the optimiser's proposal, accepted by the system actor, balanced, with chairs
        proposal = groups.get_proposal(session, 1)
        assert proposal.status == "accepted"
        assert [(e.action, e.actor_name) for e in audit.history(session, "proposal", "1")] == [
            ("working_group.propose", "system"),
            ("working_group.accept", "system"),
        ]
        assert groups.proposal_violations(session, proposal) == []
        for group in groups.list_groups(session):
            assert sorted(m.expert_id for m in group.members) == sorted(proposal.groups[group.id])
            n = len(group.members)
            assert group.min_size <= n <= group.max_size
            sides = [side_of(m.region) for m in group.members]
            for side in (EUROPE_SIDE, CHINA_SIDE):
                assert Fraction(sides.count(side), n) >= Fraction(2, 5), (group.id, side)
            assert len({m.sector for m in group.members}) >= 2
            roles = {m.role: side_of(m.region) for m in group.members if m.role != "member"}
            assert set(roles) == {"chair", "co_chair"} and {roles["chair"], roles["co_chair"]} == {
                EUROPE_SIDE,
                CHINA_SIDE,
            }, group.id

        # 2. a closed two-round CVI study with a mix of decisions and an EU–China divergence; one open study
        closed, open_ = (
            next(s for s in studies.list_studies(session) if s.status == status) for status in ("closed", "open")
        )
        assert closed.group_id == demo.DELPHI_GROUP and (closed.scale, closed.rule) == ("likert5", "cvi")
        assert [r.number for r in closed.rounds] == [1, 2] and all(s.text_zh for s in closed.statements)
        members = {m.expert_id for m in groups.get_group(session, demo.DELPHI_GROUP).members}
        rows = studies.results(session, closed.id).statements
        assert {r["n"] for r in rows} == {len(members)}
        assert {r["decision"] for r in rows} == {"include", "revise", "exclude"}
        assert any(r["diverges"] for r in rows) and all(r["stability"] is not None for r in rows)
        voters = {row["expert_id"] for row in studies.raw_votes(session, Actor.system(), closed.id)}
        assert voters == members
        roadmap = studies.combined_roadmap(session)
        assert [r.study.id for r in roadmap] == [closed.id]
        assert {e.statement.code for e in roadmap[0].entries} == {r["id"] for r in rows if r["decision"] == "include"}
        assert open_.group_id == demo.OPEN_GROUP and [r.status for r in open_.rounds] == ["open"]
        assert open_.rounds[0].deadline > datetime.now(UTC)
        assert studies.results(session, open_.id).statements == []

        # 3. meetings with minutes and action items, one of them overdue
        meetings = groups.list_meetings(session, demo.MEETINGS_GROUP)
        assert len(meetings) == 2 and all(m.minutes for m in meetings)
        overdue = groups.overdue_actions(session)
        assert len(overdue) == 1 and overdue[0].group_id == demo.MEETINGS_GROUP and overdue[0].owner_id in members


def test_demo_votes_are_reproducible() -> None:
    import random

    voters = [(1, EUROPE_SIDE), (2, EUROPE_SIDE), (3, CHINA_SIDE), (4, CHINA_SIDE), (5, None)]
    agree = [s.agree[1] for s in demo.CLOSED_STATEMENTS]
    once = demo.demo_ratings(random.Random(demo.SEED), voters, agree)
    assert once == demo.demo_ratings(random.Random(demo.SEED), voters, agree)
    assert all(1 <= r <= 5 for ballot in once.values() for r in ballot.values())


def test_priorities_of_the_roadmap_read_in_chinese() -> None:
    assert labels.priority_text("Data Exchange", "zh_Hans") == "数据交换"
    assert labels.priority_text("data exchange", "zh_Hans") == "数据交换"
    assert labels.priority_text("Data Exchange", "en") == "Data Exchange"
    assert labels.priority_text("Something a coordinator typed", "zh_Hans") == "Something a coordinator typed"


def test_recorded_votes_only_for_members_of_an_open_round(sqlite_database: Database, tmp_path: Path) -> None:
    bundle.load_bundled(sqlite_database)
    bundle.start_demo(Settings(var_dir=tmp_path / "var", load_bundled_data=False), sqlite_database)
    system = Actor.system()
    with sqlite_database.session() as session:
        closed, open_ = (
            next(s for s in studies.list_studies(session) if s.status == status) for status in ("closed", "open")
        )
        outsider = next(
            m.expert_id
            for m in groups.get_group(session, demo.DELPHI_GROUP).members
            if m.expert_id not in {x.expert_id for x in groups.get_group(session, demo.OPEN_GROUP).members}
        )
        with pytest.raises(InvalidTransition, match="closed"):
            studies.record_votes(session, system, closed.id, {outsider: BallotIn(ratings={"S1": 5})})
        with pytest.raises(ValidationFailed) as refused:
            studies.record_votes(session, system, open_.id, {outsider: BallotIn(ratings={"S1": 5})})
        assert refused.value.errors[0].field == f"ballots.{outsider}"
        member = groups.get_group(session, demo.OPEN_GROUP).members[0].expert_id
        with pytest.raises(ValidationFailed):
            studies.record_votes(session, system, open_.id, {member: BallotIn(ratings={"S1": 6})})
        with pytest.raises(Unauthorized):
            studies.record_votes(session, Actor(id=None, username="anon", roles=frozenset()), open_.id, {})
        assert studies.record_votes(session, system, open_.id, {member: BallotIn(ratings={"S1": 4, "S2": None})}) == 1
        assert [(r["id"], r["n"]) for r in studies.results(session, open_.id).statements] == [("S1", 1)]
