"""Record writes and read them back. There is deliberately no update or delete function here."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ic2permed.core.audit.models import AuditEntry
from ic2permed.core.audit.schemas import AuditEntryRead, AuditFilter, AuditPage
from ic2permed.core.exports import csv_writer
from ic2permed.core.permissions import Actor, Permission

CSV_COLUMNS = ["id", "at", "actor_id", "actor_name", "action", "entity_type", "entity_id", "before", "after"]


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str | int,
    before: Any = None,
    after: Any = None,
) -> None:
    """Add an entry in the caller's transaction, so the write and its record commit together."""
    session.add(
        AuditEntry(
            actor_id=actor.id,
            actor_name=actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def _jsonable(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _filtered(filters: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor_name == filters.actor)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.since:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until:
        query = query.where(AuditEntry.at <= filters.until)
    return query


def list_entries(session: Session, actor: Actor, filters: AuditFilter, offset: int = 0, limit: int = 50) -> AuditPage:
    actor.require(Permission.VIEW_AUDIT)
    query = _filtered(filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    return AuditPage(items=[AuditEntryRead.model_validate(r) for r in rows], total=total, offset=offset, limit=limit)


def history(session: Session, entity_type: str, entity_id: str) -> list[AuditEntryRead]:
    """Public change history of one entity, oldest first (shown on item pages)."""
    rows = session.scalars(
        _filtered(AuditFilter(entity_type=entity_type, entity_id=entity_id)).order_by(AuditEntry.id)
    ).all()
    return [AuditEntryRead.model_validate(r) for r in rows]


def export_csv(session: Session, actor: Actor, filters: AuditFilter) -> Iterator[str]:
    actor.require(Permission.VIEW_AUDIT)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for entry in session.scalars(_filtered(filters).order_by(AuditEntry.id)).yield_per(500):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                entry.id,
                entry.at.isoformat(),
                entry.actor_id if entry.actor_id is not None else "",
                entry.actor_name,
                entry.action,
                entry.entity_type,
                entry.entity_id,
                json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else "",
                json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else "",
            ]
        )
        yield buffer.getvalue()
