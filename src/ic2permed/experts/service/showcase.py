"""Demo only (`ic2permed demo`, never a production start): the working groups' life, built through the same use
cases a coordinator uses — the optimiser's proposal accepted, chairs named, Delphi studies run, meetings held.

Every step checks what is there first, so running the demo again adds nothing. Content is in `experts.demo`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ic2permed.core.database import utcnow
from ic2permed.core.permissions import Actor
from ic2permed.experts import demo
from ic2permed.experts.delphi import CHINA_SIDE, EUROPE_SIDE, side_of
from ic2permed.experts.schemas import (
    ActionCreate,
    ActionUpdate,
    BallotIn,
    GroupRead,
    MeetingCreate,
    MembershipSet,
    NextRound,
    ProposalCreate,
    StatementCreate,
    StudyCreate,
)
from ic2permed.experts.service import groups, profiles, studies


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=UTC)


def load_demo_activity(session: Session, actor: Actor, today: date | None = None) -> list[str]:
    """Fill the demo's working groups; returns what was added (empty when everything was there already)."""
    if profiles.count(session) == 0:
        return []
    day = today or utcnow().date()
    done = []
    if _balanced_memberships(session, actor):
        done.append("memberships")
    if _closed_study(session, actor, day):
        done.append("closed study")
    if _open_study(session, actor, day):
        done.append("open study")
    if _meetings(session, actor, day):
        done.append("meetings")
    return done


def _balanced_memberships(session: Session, actor: Actor) -> bool:
    """Run the optimiser as a coordinator would, accept its proposal, then name a chair and a co-chair from the
    other side: the best-fitting members, Europe chairing the odd-numbered groups and China the even ones."""
    if any(g.members for g in groups.list_groups(session)):
        return False
    proposal = groups.propose(session, actor, ProposalCreate())
    if proposal.status != "draft":
        return False
    groups.accept_proposal(session, actor, proposal.id)
    for number, group in enumerate(groups.list_groups(session), start=1):
        chair_side, co_side = (EUROPE_SIDE, CHINA_SIDE) if number % 2 else (CHINA_SIDE, EUROPE_SIDE)
        chair, co_chair = _best(session, group, chair_side), _best(session, group, co_side)
        if chair is not None and co_chair is not None:
            groups.set_member(session, actor, group.id, MembershipSet(expert_id=chair, role="chair"))
            groups.set_member(session, actor, group.id, MembershipSet(expert_id=co_chair, role="co_chair"))
    return True


def _best(session: Session, group: GroupRead, side: str) -> int | None:
    """The member of that side whose expertise shares most themes with the group (lowest id on a tie)."""
    wanted = set(group.themes)
    found = [
        (-len(wanted & set(profiles.get_expert(session, Actor.system(), m.expert_id).expertise)), m.expert_id)
        for m in group.members
        if side_of(m.region) == side
    ]
    return min(found)[1] if found else None


def _study_exists(session: Session, group_id: str, title_en: str) -> bool:
    return any(s.title_en == title_en for s in studies.list_studies(session, group_id))


def _voters(session: Session, group_id: str) -> list[tuple[int, str | None]]:
    return [(m.expert_id, side_of(m.region)) for m in groups.get_group(session, group_id).members]


def _closed_study(session: Session, actor: Actor, today: date) -> bool:
    """Two rating rounds in the past, every member voting, then closed: its consensus reaches the roadmap."""
    group_id, (title_en, title_zh) = demo.DELPHI_GROUP, demo.CLOSED_STUDY_TITLE
    voters = _voters(session, group_id)
    if _study_exists(session, group_id, title_en) or not voters:
        return False
    first, second = today - timedelta(days=45), today - timedelta(days=28)
    study = studies.create_study(
        session,
        actor,
        StudyCreate(
            group_id=group_id,
            title_en=title_en,
            title_zh=title_zh,
            scale="likert5",
            rule="cvi",
            statements=[
                StatementCreate(text_en=s.text_en, text_zh=s.text_zh, priority=s.priority)
                for s in demo.CLOSED_STATEMENTS
            ],
            deadline=_moment(first),
        ),
    )
    rng = random.Random(demo.SEED)
    for number, deadline in enumerate((first, second)):
        if number:
            studies.next_round(session, actor, study.id, NextRound(deadline=_moment(deadline)))
        agree = [s.agree[number] for s in demo.CLOSED_STATEMENTS]
        ballots = {e: BallotIn(ratings=dict(r)) for e, r in demo.demo_ratings(rng, voters, agree).items()}
        studies.record_votes(session, actor, study.id, ballots, now=_moment(deadline - timedelta(days=2)))
    studies.close_study(session, actor, study.id)
    return True


def _open_study(session: Session, actor: Actor, today: date) -> bool:
    """Round 1 open for three weeks, no votes yet, so the ballot can be tried by a member."""
    group_id, (title_en, title_zh) = demo.OPEN_GROUP, demo.OPEN_STUDY_TITLE
    if _study_exists(session, group_id, title_en) or not _voters(session, group_id):
        return False
    studies.create_study(
        session,
        actor,
        StudyCreate(
            group_id=group_id,
            title_en=title_en,
            title_zh=title_zh,
            scale="likert5",
            rule="cvi",
            statements=[StatementCreate(text_en=en, text_zh=zh, priority=p) for en, zh, p in demo.OPEN_STATEMENTS],
            deadline=_moment(today + timedelta(days=21)),
        ),
    )
    return True


def _meetings(session: Session, actor: Actor, today: date) -> bool:
    """Two meetings with minutes; their action items are owned by the chairs, one of them overdue."""
    group_id = demo.MEETINGS_GROUP
    titles = {m.title for m in groups.list_meetings(session, group_id)}
    group = groups.get_group(session, group_id)
    owners = [m.expert_id for m in group.members if m.role in ("chair", "co_chair")] or [
        m.expert_id for m in group.members
    ]
    if any(m.title in titles for m in demo.MEETINGS) or not owners:
        return False
    count = 0
    for meeting in demo.MEETINGS:
        held = groups.add_meeting(
            session,
            actor,
            group_id,
            MeetingCreate(
                held_on=today - timedelta(days=meeting.days_ago), title=meeting.title, minutes=meeting.minutes
            ),
        )
        for description, due_in, finished in meeting.actions:
            action = groups.add_action(
                session,
                actor,
                group_id,
                ActionCreate(
                    description=description,
                    owner_id=owners[count % len(owners)],
                    due=today + timedelta(days=due_in),
                    meeting_id=held.id,
                ),
            )
            count += 1
            if finished:
                groups.update_action(session, actor, action.id, ActionUpdate(done=True))
    return True
