"""Tables of the experts domain: profiles, working groups and their life, Delphi studies and votes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class Expert(Base):
    """A European or Chinese expert. Listed publicly only with consent; coordinators always see them."""

    __tablename__ = "experts_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None, unique=True)
    name: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str] = mapped_column(Text, default="")
    pinyin: Mapped[str] = mapped_column(Text, default="")  # toneless, lower case, derived from name_zh
    region: Mapped[str] = mapped_column(String(32), index=True)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    organisation: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(32), index=True)
    expertise: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    languages: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    gender: Mapped[str | None] = mapped_column(String(16), default=None)
    max_groups: Mapped[int] = mapped_column(Integer, default=2)
    consent_listed: Mapped[bool] = mapped_column(default=False)
    demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class WorkingGroup(Base):
    __tablename__ = "experts_groups"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pillar: Mapped[str | None] = mapped_column(String(64), default=None)
    name_en: Mapped[str] = mapped_column(Text)
    name_zh: Mapped[str] = mapped_column(Text, default="")
    priorities_en: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    priorities_zh: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    themes: Mapped[list[str]] = mapped_column(JsonValue, default=list)  # matched against expertise for fit
    min_size: Mapped[int] = mapped_column(Integer, default=6)
    max_size: Mapped[int] = mapped_column(Integer, default=12)
    origin: Mapped[str] = mapped_column(String(16), default="coordinator")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Membership(Base):
    __tablename__ = "experts_memberships"
    __table_args__ = (UniqueConstraint("group_id", "expert_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("experts_groups.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts_profiles.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MembershipProposal(Base):
    """An optimiser run kept for review: the coordinator edits it and accepts it (or not)."""

    __tablename__ = "experts_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    min_region_share: Mapped[str] = mapped_column(String(16), default="0.4")
    min_sectors: Mapped[int] = mapped_column(Integer, default=2)
    objective: Mapped[int | None] = mapped_column(Integer, default=None)
    groups: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict)  # group id → [expert ids]
    reasons: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Meeting(Base):
    __tablename__ = "experts_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("experts_groups.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActionItem(Base):
    __tablename__ = "experts_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("experts_groups.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("experts_meetings.id", ondelete="SET NULL"), default=None)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("experts_profiles.id", ondelete="SET NULL"), default=None)
    due: Mapped[date] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DelphiStudy(Base):
    __tablename__ = "delphi_studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("experts_groups.id", ondelete="CASCADE"), index=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str | None] = mapped_column(String(16), default=None)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class DelphiStatement(Base):
    __tablename__ = "delphi_statements"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("delphi_studies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    text_en: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(Text, default="")  # the Action Plan priority it serves
    origin: Mapped[str] = mapped_column(String(16), default="coordinator")  # or "proposed" (open round)
    active: Mapped[bool] = mapped_column(default=True)


class DelphiRound(Base):
    __tablename__ = "delphi_rounds"
    __table_args__ = (UniqueConstraint("study_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("delphi_studies.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="rating")  # or "open"
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="open")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class DelphiVote(Base):
    """One expert's rating of one statement in one round (the unique key is the rule, not a check in code)."""

    __tablename__ = "delphi_votes"
    __table_args__ = (UniqueConstraint("round_id", "statement_id", "expert_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("delphi_rounds.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("delphi_statements.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts_profiles.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DelphiSuggestion(Base):
    """A statement an expert proposes in an open first round."""

    __tablename__ = "delphi_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("delphi_rounds.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts_profiles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
