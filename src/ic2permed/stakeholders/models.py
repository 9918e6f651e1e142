"""Tables of the stakeholder registry: organisations, typed directed relations, the engagement log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class Organisation(Base):
    """An official body, funder, infrastructure, network or institute on either side, with its sources."""

    __tablename__ = "stakeholder_organisations"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    name_zh_status: Mapped[str] = mapped_column(String(16), default="translation")
    acronym: Mapped[str] = mapped_column(String(64), default="", index=True)
    ror: Mapped[str | None] = mapped_column(String(64), default=None)
    parent_id: Mapped[str | None] = mapped_column(String(128), default=None)
    type: Mapped[str] = mapped_column(String(32), index=True)
    region: Mapped[str] = mapped_column(String(32), index=True)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    website: Mapped[str] = mapped_column(String(500), default="")
    pm_role_en: Mapped[str] = mapped_column(Text, default="")
    pm_role_zh: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(16), default="curator")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Relation(Base):
    """A directed, typed tie (`source` member of / funds / … `target`); years are None when no source dates it."""

    __tablename__ = "stakeholder_relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("stakeholder_organisations.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("stakeholder_organisations.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    start_year: Mapped[int | None] = mapped_column(Integer, default=None)
    end_year: Mapped[int | None] = mapped_column(Integer, default=None)
    basis: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(16), default="curator")


class Engagement(Base):
    """A meeting, workshop, delegation visit or MoU signing, with who took part and what came of it."""

    __tablename__ = "stakeholder_engagements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(300))
    organisation_ids: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    outcome: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
