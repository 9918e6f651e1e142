from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class LandscapeItem(Base):
    """A law, policy, programme, infrastructure or standard, in both languages, with its sources."""

    __tablename__ = "landscape_items"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    legal_tier: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    region: Mapped[str] = mapped_column(String(32), index=True)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    province: Mapped[str | None] = mapped_column(String(64), default=None)
    issuing_body: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[str | None] = mapped_column(String(120), default=None)
    identifier: Mapped[str | None] = mapped_column(String(200), default=None)
    celex: Mapped[str | None] = mapped_column(String(32), default=None)
    url: Mapped[str | None] = mapped_column(Text, default=None)
    year: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    in_force_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(32), index=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text, default="")
    title_zh_status: Mapped[str] = mapped_column(String(16), default="translation")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    acronyms: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    themes: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(default=False)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(16), default="curator")
    bundle_values: Mapped[dict[str, Any] | None] = mapped_column(JsonValue, default=None)
    curated_fields: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, index=True)


class LandscapeIndexState(Base):
    """One row whose counter moves with every write that changes what search sees.

    Workers compare it with the counter their in-memory index was built at: one primary-key read per query
    instead of scanning the items table."""

    __tablename__ = "landscape_index_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class LandscapeTheme(Base):
    """One row per (item, theme): facet counts and theme filters without JSON functions."""

    __tablename__ = "landscape_item_themes"

    item_id: Mapped[str] = mapped_column(ForeignKey("landscape_items.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class LandscapeRelation(Base):
    __tablename__ = "landscape_relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("landscape_items.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("landscape_items.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    basis: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JsonValue, default=list)
    verified: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(16), default="curator")


class LandscapeTerm(Base):
    """The search index: normalised terms (jieba words, stems, identifiers, acronyms) with weights."""

    __tablename__ = "landscape_terms"
    __table_args__ = (Index("ix_landscape_terms_term_item", "term", "item_id"),)

    item_id: Mapped[str] = mapped_column(ForeignKey("landscape_items.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(String(120), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)
