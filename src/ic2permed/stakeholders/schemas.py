"""Stakeholder schemas: what the API, pages and CLI exchange (one data path for all three)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ic2permed.core.sources import SourceRef
from ic2permed.core.vocab import regions, themes

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,126}[a-z0-9]$")
ROR = re.compile(r"^0[a-z0-9]{6}[0-9]{2}$")


class OrgType(StrEnum):
    MINISTRY = "ministry"
    REGULATOR = "regulator"
    FUNDER = "funder"
    INFRASTRUCTURE = "infrastructure"
    UNIVERSITY = "university"
    HOSPITAL = "hospital"
    COMPANY = "company"
    PATIENT_ORG = "patient_org"
    INTERNATIONAL = "international"
    NETWORK = "network"


class RelationType(StrEnum):
    MEMBER_OF = "member_of"
    FUNDS = "funds"
    REGULATES = "regulates"
    COORDINATES = "coordinates"
    PARTNERS_WITH = "partners_with"
    LIAISES_WITH = "liaises_with"
    REPRESENTED_IN = "represented_in"
    SIGNED_MOU_WITH = "signed_mou_with"
    PART_OF = "part_of"


class EngagementKind(StrEnum):
    MEETING = "meeting"
    WORKSHOP = "workshop"
    DELEGATION_VISIT = "delegation_visit"
    MOU = "mou"


class OrganisationFields(BaseModel):
    """Every field a curator may set; shared by create, import and the bundle."""

    name_en: str = Field(min_length=1, max_length=300)
    name_zh: str = Field(default="", max_length=300)
    name_zh_status: str = Field(default="translation", pattern="^(official|translation)$")
    acronym: str = Field(default="", max_length=64)
    ror: str | None = Field(default=None, description="ROR id (9 characters), only when a source confirms it")
    parent_id: str | None = Field(default=None, max_length=128)
    type: OrgType
    region: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    website: str = Field(default="", max_length=500)
    pm_role_en: str = Field(default="", max_length=2000)
    pm_role_zh: str = Field(default="", max_length=2000)
    themes: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    verified: bool = False

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value not in regions.REGION_CODES:
            raise ValueError(f"use one of {', '.join(sorted(regions.REGION_CODES))}")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        code = value.upper()
        if not regions.is_country(code):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return code

    @field_validator("ror")
    @classmethod
    def _ror(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = value.removeprefix("https://ror.org/")
        if not ROR.match(value):
            raise ValueError("a ROR id looks like 05xxxxx12 (9 characters)")
        return value

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if not themes.is_theme(t)]
        if unknown:
            raise ValueError(f"unknown theme(s): {', '.join(unknown)}")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("a website starts with http:// or https://")
        return value

    @model_validator(mode="after")
    def _verified_needs_source(self) -> OrganisationFields:
        if self.verified and not self.sources:
            raise ValueError("verified needs at least one source")
        return self


class OrganisationCreate(OrganisationFields):
    id: str = Field(description="Lower-case slug, e.g. eu-bbmri-eric")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("use 3–128 lower-case letters, digits and hyphens")
        return value


class OrganisationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_en: str
    name_zh: str
    name_zh_status: str
    acronym: str
    ror: str | None
    parent_id: str | None
    type: str
    region: str
    country: str | None
    website: str
    pm_role_en: str
    pm_role_zh: str
    themes: list[str]
    sources: list[dict[str, Any]]
    verified: bool

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh_Hans" and self.name_zh else self.name_en


class RelationFields(BaseModel):
    source: str = Field(min_length=1, max_length=128)
    target: str = Field(min_length=1, max_length=128)
    type: RelationType
    start_year: int | None = Field(default=None, ge=1800, le=2100)
    end_year: int | None = Field(default=None, ge=1800, le=2100)
    basis: str = Field(default="", max_length=2000)
    sources: list[SourceRef] = Field(default_factory=list)
    verified: bool = False

    @model_validator(mode="after")
    def _checks(self) -> RelationFields:
        if self.source == self.target:
            raise ValueError("an organisation cannot relate to itself")
        if self.start_year is not None and self.end_year is not None and self.end_year < self.start_year:
            raise ValueError("end_year is before start_year")
        if self.verified and not self.sources:
            raise ValueError("verified needs at least one source")
        return self


class RelationRead(BaseModel):
    id: int
    source: str
    target: str
    type: str
    start_year: int | None
    end_year: int | None
    basis: str
    sources: list[dict[str, Any]]
    verified: bool


class EngagementCreate(BaseModel):
    kind: EngagementKind
    date: date
    title: str = Field(min_length=1, max_length=300)
    organisation_ids: list[str] = Field(min_length=1)
    outcome: str = Field(default="", max_length=4000)
    follow_up: str = Field(default="", max_length=4000)
    sources: list[SourceRef] = Field(default_factory=list)


class EngagementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    date: date
    title: str
    organisation_ids: list[str]
    outcome: str
    follow_up: str
    sources: list[dict[str, Any]]
    created_by: str


class OrganisationQuery(BaseModel):
    q: str = Field(default="", max_length=200)
    region: list[str] = Field(default_factory=list)
    type: list[str] = Field(default_factory=list)
    limit: int = Field(default=200, ge=1, le=1000)


class Network(BaseModel):
    """The whole registry as exported: the CLI contract `{"organisations": [...], "relations": [...]}`."""

    organisations: list[OrganisationRead]
    relations: list[RelationRead]


class Broker(BaseModel):
    id: str
    name_en: str
    name_zh: str
    region: str
    score: float
    cross_share: float = 0.0


class NodeMeasures(BaseModel):
    id: str
    name_en: str
    name_zh: str
    region: str
    type: str
    degree: int
    betweenness: float
    pagerank: float
    constraint: float | None
    effective_size: float | None
    brokerage: float
    cross_share: float
    community: int


class CutPointRead(BaseModel):
    ids: list[str]
    pairs_lost: int


class PathStep(BaseModel):
    source: str
    target: str
    types: list[str]


class BridgeSuggestion(BaseModel):
    europe: str
    china: str
    score: float
    shared_themes: list[str]
    shared_neighbours: list[str]


class Analysis(BaseModel):
    """The network measures as of a year (None = today), with the undated relations it counted flagged."""

    year: int | None
    organisations: int
    relations: int
    undated_relations: list[int]
    nodes: list[NodeMeasures]
    communities: list[list[str]]
    brokers: list[Broker]
    bridges: list[CutPointRead]
    articulation_points: list[CutPointRead]
    suggestions: list[BridgeSuggestion]


class MatchCandidate(BaseModel):
    """A landscape item or biobank whose issuer/juristic-person text matches an organisation, awaiting review."""

    kind: str  # "landscape" or "biobank"
    record_id: str
    record_title: str
    record_title_zh: str = ""  # the record's Chinese title, for Chinese pages
    text: str
    organisation_id: str
    rule: str  # "exact_name" or "acronym"


class MatchDecision(BaseModel):
    kind: str = Field(pattern="^(landscape|biobank)$")
    record_id: str = Field(min_length=1, max_length=160)
    organisation_id: str | None = Field(default=None, max_length=128)


class ImportReport(BaseModel):
    organisations: int = 0
    relations: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list)
