from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class AuditEntry(Base):
    """One write. Rows are only ever inserted; the migration installs triggers refusing UPDATE/DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(128), index=True)
    before: Mapped[Any] = mapped_column(JsonValue, default=None, nullable=True)
    after: Mapped[Any] = mapped_column(JsonValue, default=None, nullable=True)
