"""Access-request tables: requests, their collections, the compliance checklist, state changes, messages.

Collections and biobanks are referred to by id only (another domain's tables are never joined); the
biobanks service answers for them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ic2permed.core.database import Base, JsonValue, UTCDateTime, utcnow


class AccessRequest(Base):
    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    investigator: Mapped[str] = mapped_column(String(200))
    institution: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    jurisdiction: Mapped[str] = mapped_column(String(8))
    materials: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    data_categories: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    amounts: Mapped[str] = mapped_column(Text, default="")
    duo_terms: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    purpose: Mapped[str] = mapped_column(String(32), default="research")
    for_profit: Mapped[bool] = mapped_column(Boolean, default=False)
    moves: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    data_kind: Mapped[str] = mapped_column(String(16), default="genetic")
    identifiability: Mapped[str] = mapped_column(String(16), default="pseudonymised")
    subjects: Mapped[int] = mapped_column(Integer, default=1000)
    important_data: Mapped[bool] = mapped_column(Boolean, default=False)
    criteria: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    state: Mapped[str] = mapped_column(String(32), index=True)
    rules_version: Mapped[str] = mapped_column(String(32))
    submitted_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RequestCollection(Base):
    __tablename__ = "access_request_items"
    __table_args__ = (UniqueConstraint("request_id", "collection_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    collection_id: Mapped[str] = mapped_column(String(160))
    biobank_id: Mapped[str] = mapped_column(String(128), index=True)
    name_en: Mapped[str] = mapped_column(String(300), default="")
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    provider_jurisdiction: Mapped[str] = mapped_column(String(8))
    ciio: Mapped[bool] = mapped_column(Boolean, default=False)
    # People counted against the CAC thresholds: this request's plus the provider's earlier ones in the window.
    subjects_counted: Mapped[int | None] = mapped_column(Integer, default=None)
    access_conditions: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    state: Mapped[str] = mapped_column(String(40), index=True)
    expires_on: Mapped[date | None] = mapped_column(Date, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChecklistStep(Base):
    """One compliance step for one collection, with the evidence that it is done."""

    __tablename__ = "access_checklist_steps"
    __table_args__ = (UniqueConstraint("item_id", "step_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("access_request_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    step_id: Mapped[str] = mapped_column(String(64))
    title_en: Mapped[str] = mapped_column(String(300))
    title_zh: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[str]] = mapped_column(JsonValue, default=list)
    authority: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    document: Mapped[str] = mapped_column(String(300), default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    evidence_date: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    completed_by: Mapped[str] = mapped_column(String(64), default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class StateChange(Base):
    __tablename__ = "access_state_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("access_request_items.id", ondelete="CASCADE"), default=None)
    source: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[str] = mapped_column(String(40))
    party: Mapped[str] = mapped_column(String(16))
    actor_name: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Message(Base):
    """A message in the request's thread (collection id null) or in one collection's thread."""

    __tablename__ = "access_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("access_request_items.id", ondelete="CASCADE"), default=None)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    author_name: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(Base):
    __tablename__ = "access_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class WebhookEndpoint(Base):
    """Where a biobank's own systems want to hear about state changes of requests for its collections."""

    __tablename__ = "access_webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    biobank_id: Mapped[str] = mapped_column(String(128), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxMessage(Base):
    """A webhook call or an e-mail waiting to go out; delivered, retried and logged by `requests deliver`."""

    __tablename__ = "access_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "webhook" | "email"
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("access_webhooks.id", ondelete="CASCADE"), default=None)
    recipient: Mapped[str] = mapped_column(String(500), default="")
    msg_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attachment(Base):
    """A file attached to a message: bytes on disk under var_dir (named by checksum), only metadata here."""

    __tablename__ = "access_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("access_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgreementTemplate(Base):
    """One version of an access agreement (licence, MTA or DTA) of a biobank, or platform-wide (biobank_id "").

    Versions are never edited: a new text is a new version, and acceptances name the version they accepted."""

    __tablename__ = "access_agreement_templates"
    __table_args__ = (UniqueConstraint("biobank_id", "kind", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    biobank_id: Mapped[str] = mapped_column(String(128), default="", index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "licence" | "mta" | "dta"
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgreementAcceptance(Base):
    """Who accepted which agreement version for one collection of a request, for which party, and when."""

    __tablename__ = "access_agreement_acceptances"
    __table_args__ = (UniqueConstraint("item_id", "template_id", "party"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("access_request_items.id", ondelete="CASCADE"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("access_agreement_templates.id", ondelete="RESTRICT"))
    party: Mapped[str] = mapped_column(String(16))
    actor_name: Mapped[str] = mapped_column(String(64))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
