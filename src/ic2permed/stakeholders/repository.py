"""Queries of the stakeholder registry."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ic2permed.stakeholders.models import Engagement, Organisation, Relation


def get(session: Session, organisation_id: str) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def all_organisations(session: Session) -> Sequence[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.region, Organisation.name_en)).all()


def all_relations(session: Session) -> Sequence[Relation]:
    return session.scalars(select(Relation).order_by(Relation.id)).all()


def relations_of(session: Session, organisation_id: str) -> Sequence[Relation]:
    stmt = select(Relation).where(or_(Relation.source_id == organisation_id, Relation.target_id == organisation_id))
    return session.scalars(stmt.order_by(Relation.id)).all()


def children_of(session: Session, organisation_id: str) -> Sequence[Organisation]:
    stmt = select(Organisation).where(Organisation.parent_id == organisation_id).order_by(Organisation.name_en)
    return session.scalars(stmt).all()


def engagements(session: Session) -> Sequence[Engagement]:
    return session.scalars(select(Engagement).order_by(Engagement.date.desc(), Engagement.id.desc())).all()


def find_relation(session: Session, source: str, target: str, type_: str) -> Relation | None:
    stmt = select(Relation).where(Relation.source_id == source, Relation.target_id == target, Relation.type == type_)
    return session.scalars(stmt).first()


def counts(session: Session) -> dict[str, int]:
    return {
        "organisations": session.scalar(select(func.count()).select_from(Organisation)) or 0,
        "relations": session.scalar(select(func.count()).select_from(Relation)) or 0,
    }
