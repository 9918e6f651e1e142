"""Access-request schemas: what the API, pages and CLI exchange (one data path for all three)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from ic2permed.access import compliance, duo_match
from ic2permed.core.vocab import regions


class RequestCreate(BaseModel):
    """A new request: from a saved draft (its collections and searches) or from scratch (collection ids)."""

    draft_id: int | None = None
    collection_ids: list[str] = Field(default_factory=list, max_length=200)
    title: str = Field(min_length=3, max_length=300)
    description: str = Field(default="", max_length=20000)
    investigator: str = Field(min_length=2, max_length=200)
    institution: str = Field(min_length=2, max_length=300)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 of the institution")
    materials: list[str] = Field(default_factory=list, max_length=50)
    data_categories: list[str] = Field(default_factory=list, max_length=50)
    amounts: str = Field(default="", max_length=5000)
    duo_terms: list[str] = Field(default_factory=list, max_length=20, description="e.g. HMB, DS:E11")
    purpose: Literal["research", "clinical-trial", "commercial"] = "research"
    for_profit: bool = False
    moves: list[Literal["material", "data"]] = Field(min_length=1, max_length=2)
    data_kind: Literal["genetic", "clinical"] = "genetic"
    identifiability: Literal["identifiable", "pseudonymised", "anonymous"] = "pseudonymised"
    subjects: int = Field(default=compliance.DEFAULT_SUBJECTS, ge=1, le=100_000_000)
    important_data: bool = Field(
        default=False, description="the data were notified or published as important data (China's Data Security Law)"
    )

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not regions.is_country(value):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code")
        return value.upper()

    @field_validator("duo_terms")
    @classmethod
    def _duo(cls, value: list[str]) -> list[str]:
        for code in value:
            if not duo_match.is_known(code):
                raise ValueError(f"{code!r} is not a DUO permission term (GRU, HMB, DS:<ICD-10>, POA, NRES)")
        return [code.strip().upper() for code in value]


class Finding(BaseModel):
    code: str
    kind: str
    message: str


class StepRead(BaseModel):
    step_id: str
    title_en: str
    title_zh: str
    legal_basis: str
    citations: list[str]
    authority: str
    actor: str
    legal_basis_zh: str = ""
    status: str = "pending"
    document: str = ""
    reference: str = ""
    evidence_date: date | None = None
    note: str = ""
    completed_by: str = ""
    completed_at: datetime | None = None


class EvidenceIn(BaseModel):
    """Evidence that a step is done: a document name, a reference (approval or filing number, contract version)."""

    document: str = Field(default="", max_length=300)
    reference: str = Field(min_length=1, max_length=200)
    evidence_date: date
    note: str = Field(default="", max_length=5000)


class StateChangeRead(BaseModel):
    item_id: int | None
    source: str
    target: str
    party: str
    actor_name: str
    reason: str
    at: datetime


class MessageRead(BaseModel):
    id: int
    item_id: int | None
    author_name: str
    body: str
    at: datetime


class MessageCreate(BaseModel):
    body: str = Field(min_length=1, max_length=20000)


AgreementKind = Literal["licence", "mta", "dta"]


class AgreementCreate(BaseModel):
    """A new version of an agreement: a biobank's own (its representative) or platform-wide (a reviewer)."""

    biobank_id: str | None = Field(default=None, max_length=128, description="empty: platform-wide")
    kind: AgreementKind
    version: str = Field(min_length=1, max_length=40, description="e.g. 2.1 or 2026-11")
    title: str = Field(min_length=3, max_length=300)
    text: str = Field(default="", max_length=100_000)
    url: str = Field(default="", max_length=500, description="where the signed text is published (https)")

    @field_validator("version", "title", "url", "biobank_id")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("give a web address (https://…) or leave it empty")
        return value


class AgreementRead(BaseModel):
    id: int
    biobank_id: str
    kind: str
    version: str
    title: str
    text: str
    url: str
    created_by: str
    created_at: datetime


class AcceptanceRead(BaseModel):
    party: str
    actor_name: str
    accepted_at: datetime


class ItemAgreement(BaseModel):
    """One agreement version for one collection: who accepted it; `current` versions must be accepted by both."""

    template: AgreementRead
    current: bool
    accepted: list[AcceptanceRead] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="parties still to accept (current versions)")


class ExpiryIn(BaseModel):
    expires_on: date | None = None
    reason: str = Field(default="", max_length=5000)


class ItemRead(BaseModel):
    id: int
    collection_id: str
    biobank_id: str
    name_en: str
    name_zh: str
    provider_jurisdiction: str
    access_conditions: list[str]
    state: str
    ciio: bool = False
    subjects_counted: int | None = None
    expires_on: date | None = None
    revoked_at: datetime | None = None
    duo_findings: list[Finding] = Field(default_factory=list)
    checklist: list[StepRead] = Field(default_factory=list)
    missing_evidence: list[str] = Field(default_factory=list)
    agreements: list[ItemAgreement] = Field(default_factory=list)
    next_states: list[str] = Field(default_factory=list)
    your_parties: list[str] = Field(default_factory=list, description="how the reader takes part in this collection")


class RequestRead(BaseModel):
    id: int
    requester: str
    title: str
    investigator: str
    institution: str
    country: str
    jurisdiction: str
    purpose: str
    state: str
    rules_version: str
    submitted_on: date
    items: int
    updated_at: datetime


class RequestDetail(RequestRead):
    description: str
    materials: list[str]
    data_categories: list[str]
    amounts: str
    duo_terms: list[str]
    for_profit: bool
    moves: list[str]
    data_kind: str
    identifiability: str
    subjects: int
    important_data: bool = False
    criteria: list[str]
    draft_id: int | None
    collections: list[ItemRead]
    history: list[StateChangeRead]
    messages: list[MessageRead]
    next_states: list[str]
    disclaimer: str
    your_parties: list[str] = Field(default_factory=list, description="how the reader takes part in the request")


class Transition(BaseModel):
    target: str = Field(min_length=1, max_length=40)
    reason: str = Field(default="", max_length=5000)
    expires_on: date | None = None


class PreviewItem(BaseModel):
    collection_id: str
    biobank_id: str
    name_en: str
    provider_jurisdiction: str
    duo_findings: list[Finding]
    name_zh: str = ""
    ciio: bool = False
    subjects_counted: int | None = None
    steps: list[StepRead]


class Preview(BaseModel):
    """What submitting would create: DUO mismatches and the compliance steps, shown before submission."""

    rules_version: str
    recipient_jurisdiction: str
    collections: list[PreviewItem]
    disclaimer: str


class NotificationRead(BaseModel):
    id: int
    request_id: int
    text: str
    at: datetime
    read_at: datetime | None


class WebhookCreate(BaseModel):
    biobank_id: str = Field(min_length=1, max_length=128)
    url: str = Field(min_length=8, max_length=500)


class WebhookCreated(BaseModel):
    """The signing secret is shown once, when the endpoint is registered."""

    id: int
    biobank_id: str
    url: str
    secret: str


class DeliveryReport(BaseModel):
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    withheld: int = 0


class AttachmentRead(BaseModel):
    id: int
    message_id: int
    filename: str
    content_type: str
    size: int
    sha256: str
