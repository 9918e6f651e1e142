"""Queries for access requests (no commits here: services own the transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ic2permed.access.models import (
    AccessRequest,
    AgreementAcceptance,
    AgreementTemplate,
    Attachment,
    ChecklistStep,
    Message,
    Notification,
    OutboxMessage,
    RequestCollection,
    StateChange,
    WebhookEndpoint,
)


def requests_visible(
    session: Session, *, everyone: bool, requester_id: int | None, biobank_ids: set[str]
) -> Sequence[AccessRequest]:
    query = select(AccessRequest).order_by(AccessRequest.id.desc())
    if not everyone:
        conditions = []
        if requester_id is not None:
            conditions.append(AccessRequest.requester_id == requester_id)
        if biobank_ids:
            owned = select(RequestCollection.request_id).where(RequestCollection.biobank_id.in_(sorted(biobank_ids)))
            conditions.append(AccessRequest.id.in_(owned))
        if not conditions:
            return []
        query = query.where(or_(*conditions))
    return session.scalars(query).all()


def items_of(session: Session, request_id: int) -> Sequence[RequestCollection]:
    return session.scalars(
        select(RequestCollection).where(RequestCollection.request_id == request_id).order_by(RequestCollection.id)
    ).all()


def steps_of(session: Session, item_id: int) -> Sequence[ChecklistStep]:
    return session.scalars(
        select(ChecklistStep).where(ChecklistStep.item_id == item_id).order_by(ChecklistStep.position)
    ).all()


def step(session: Session, item_id: int, step_id: str) -> ChecklistStep | None:
    return session.scalars(
        select(ChecklistStep).where(ChecklistStep.item_id == item_id, ChecklistStep.step_id == step_id)
    ).first()


def history_of(session: Session, request_id: int) -> Sequence[StateChange]:
    return session.scalars(
        select(StateChange).where(StateChange.request_id == request_id).order_by(StateChange.id)
    ).all()


def messages_of(session: Session, request_id: int) -> Sequence[Message]:
    return session.scalars(select(Message).where(Message.request_id == request_id).order_by(Message.id)).all()


def notifications_of(session: Session, user_id: int, limit: int = 100) -> Sequence[Notification]:
    return session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id.desc()).limit(limit)
    ).all()


def webhooks_for(session: Session, biobank_ids: set[str]) -> Sequence[WebhookEndpoint]:
    if not biobank_ids:
        return []
    return session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.biobank_id.in_(sorted(biobank_ids)), WebhookEndpoint.enabled)
    ).all()


def due_outbox(session: Session, now: datetime, limit: int = 100) -> Sequence[OutboxMessage]:
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.delivered_at.is_(None), ~OutboxMessage.failed, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()


def outbox(session: Session) -> Sequence[OutboxMessage]:
    return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def waiting_items(session: Session, state: str, before: datetime) -> Sequence[RequestCollection]:
    return session.scalars(
        select(RequestCollection).where(RequestCollection.state == state, RequestCollection.updated_at < before)
    ).all()


def attachments_of(session: Session, message_ids: list[int]) -> Sequence[Attachment]:
    if not message_ids:
        return []
    return session.scalars(
        select(Attachment).where(Attachment.message_id.in_(message_ids)).order_by(Attachment.id)
    ).all()


def agreement_templates(session: Session, biobank_ids: set[str] | None = None) -> Sequence[AgreementTemplate]:
    """Templates of these biobanks and the platform-wide ones (biobank ""), oldest first; all when None."""
    query = select(AgreementTemplate).order_by(AgreementTemplate.id)
    if biobank_ids is not None:
        query = query.where(AgreementTemplate.biobank_id.in_(sorted({"", *biobank_ids})))
    return session.scalars(query).all()


def acceptances_of(session: Session, item_id: int) -> Sequence[AgreementAcceptance]:
    return session.scalars(
        select(AgreementAcceptance).where(AgreementAcceptance.item_id == item_id).order_by(AgreementAcceptance.id)
    ).all()


def acceptance(session: Session, item_id: int, template_id: int, party: str) -> AgreementAcceptance | None:
    return session.scalars(
        select(AgreementAcceptance).where(
            AgreementAcceptance.item_id == item_id,
            AgreementAcceptance.template_id == template_id,
            AgreementAcceptance.party == party,
        )
    ).first()


def earlier_exports(session: Session, biobank_id: str, since: date, until: date) -> Sequence[AccessRequest]:
    """Requests submitted in [since, until] that ask this biobank for something, not declined or abandoned: what
    the CAC volume thresholds add up for the exporter (the caller keeps those that move personal data out)."""
    asked = select(RequestCollection.request_id).where(RequestCollection.biobank_id == biobank_id)
    return session.scalars(
        select(AccessRequest).where(
            AccessRequest.id.in_(asked),
            AccessRequest.submitted_on >= since,
            AccessRequest.submitted_on <= until,
            AccessRequest.state.not_in(("declined", "abandoned")),
        )
    ).all()


def count_requests(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AccessRequest)) or 0
