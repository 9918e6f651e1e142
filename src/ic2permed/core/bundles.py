"""Which bundled dataset versions a database holds, so first use loads them once and reloads are cheap."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, mapped_column

from ic2permed.core.database import Base, UTCDateTime, utcnow


class DataBundle(Base):
    __tablename__ = "data_bundles"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def checksum(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def loaded_checksum(session: Session, name: str) -> str | None:
    row = session.get(DataBundle, name)
    return row.checksum if row else None


def mark_loaded(session: Session, name: str, value: str) -> None:
    row = session.get(DataBundle, name)
    if row is None:
        session.add(DataBundle(name=name, checksum=value))
    else:
        row.checksum = value
        row.loaded_at = utcnow()
