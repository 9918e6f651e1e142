"""Queries of the experts domain (no commits here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ic2permed.experts.models import (
    ActionItem,
    DelphiRound,
    DelphiStatement,
    DelphiStudy,
    DelphiSuggestion,
    DelphiVote,
    Expert,
    Meeting,
    Membership,
    MembershipProposal,
    WorkingGroup,
)


def expert(session: Session, expert_id: int) -> Expert | None:
    return session.get(Expert, expert_id)


def expert_of_user(session: Session, user_id: int) -> Expert | None:
    return session.scalars(select(Expert).where(Expert.user_id == user_id)).first()


def experts(session: Session, ids: Sequence[int] | None = None) -> list[Expert]:
    query = select(Expert).order_by(Expert.id)
    if ids is not None:
        query = query.where(Expert.id.in_(list(ids)))
    return list(session.scalars(query))


def filtered(regions: Sequence[str], sectors: Sequence[str]) -> Select[Expert]:
    query = select(Expert)
    if regions:
        query = query.where(Expert.region.in_(list(regions)))
    if sectors:
        query = query.where(Expert.sector.in_(list(sectors)))
    return query


def count_experts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Expert)) or 0


def has_demo_experts(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Expert).where(Expert.demo.is_(True))) != 0


def group(session: Session, group_id: str) -> WorkingGroup | None:
    return session.get(WorkingGroup, group_id)


def groups(session: Session) -> list[WorkingGroup]:
    return list(session.scalars(select(WorkingGroup).order_by(WorkingGroup.created_at, WorkingGroup.id)))


def memberships(session: Session, group_id: str | None = None, expert_id: int | None = None) -> list[Membership]:
    query = select(Membership).order_by(Membership.group_id, Membership.id)
    if group_id is not None:
        query = query.where(Membership.group_id == group_id)
    if expert_id is not None:
        query = query.where(Membership.expert_id == expert_id)
    return list(session.scalars(query))


def membership(session: Session, group_id: str, expert_id: int) -> Membership | None:
    return session.scalars(
        select(Membership).where(Membership.group_id == group_id, Membership.expert_id == expert_id)
    ).first()


def proposal(session: Session, proposal_id: int) -> MembershipProposal | None:
    return session.get(MembershipProposal, proposal_id)


def proposals(session: Session) -> list[MembershipProposal]:
    return list(session.scalars(select(MembershipProposal).order_by(MembershipProposal.id.desc()).limit(20)))


def meetings(session: Session, group_id: str) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.group_id == group_id).order_by(Meeting.held_on.desc())))


def meeting(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def actions(session: Session, group_id: str | None = None) -> list[ActionItem]:
    query = select(ActionItem).order_by(ActionItem.due, ActionItem.id)
    if group_id is not None:
        query = query.where(ActionItem.group_id == group_id)
    return list(session.scalars(query))


def action(session: Session, action_id: int) -> ActionItem | None:
    return session.get(ActionItem, action_id)


def overdue_actions(session: Session, today: date) -> list[ActionItem]:
    query = select(ActionItem).where(ActionItem.done.is_(False), ActionItem.due < today)
    return list(session.scalars(query.order_by(ActionItem.due, ActionItem.id)))


def study(session: Session, study_id: int) -> DelphiStudy | None:
    return session.get(DelphiStudy, study_id)


def studies(session: Session, group_id: str | None = None) -> list[DelphiStudy]:
    query = select(DelphiStudy).order_by(DelphiStudy.id.desc())
    if group_id is not None:
        query = query.where(DelphiStudy.group_id == group_id)
    return list(session.scalars(query))


def statements(session: Session, study_id: int) -> list[DelphiStatement]:
    return list(
        session.scalars(
            select(DelphiStatement).where(DelphiStatement.study_id == study_id).order_by(DelphiStatement.id)
        )
    )


def rounds(session: Session, study_id: int) -> list[DelphiRound]:
    return list(
        session.scalars(select(DelphiRound).where(DelphiRound.study_id == study_id).order_by(DelphiRound.number))
    )


def votes(session: Session, round_id: int, expert_id: int | None = None) -> list[DelphiVote]:
    query = select(DelphiVote).where(DelphiVote.round_id == round_id)
    if expert_id is not None:
        query = query.where(DelphiVote.expert_id == expert_id)
    return list(session.scalars(query.order_by(DelphiVote.id)))


def suggestions(session: Session, round_id: int) -> list[DelphiSuggestion]:
    return list(
        session.scalars(
            select(DelphiSuggestion).where(DelphiSuggestion.round_id == round_id).order_by(DelphiSuggestion.id)
        )
    )


def count_groups(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(WorkingGroup)) or 0
