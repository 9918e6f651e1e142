"""Landscape schemas: what the API, pages and CLI exchange (one data path for all three)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from ic2permed.core.bounds import MAX_OFFSET
from ic2permed.core.i18n import pick
from ic2permed.core.sources import SourceRef
from ic2permed.core.vocab import regions, source_hosts, themes


class Kind(StrEnum):
    LAW = "law"
    POLICY = "policy"
    PROGRAMME = "programme"
    INFRASTRUCTURE = "infrastructure"
    STANDARD = "standard"


class Status(StrEnum):
    IN_FORCE = "in_force"
    PLANNED = "planned"
    SUPERSEDED = "superseded"
    ENDED = "ended"


class RelationType(StrEnum):
    IMPLEMENTS = "implements"
    AMENDS = "amends"
    SUPERSEDES = "supersedes"
    COUNTERPART_OF = "counterpart_of"
    CITES = "cites"
    # source is a new version (revision, recast) of target; it replaces target from its own in-force date.
    VERSION_OF = "version_of"


# Relations after which the target no longer applies once the source is in force; `amends` is not one:
# an amended text still applies, as amended.
REPLACING_RELATIONS = ("version_of", "supersedes")


EU_TIERS = ("regulation", "directive", "decision", "recommendation", "communication")
CN_TIERS = ("法律", "行政法规", "部门规章", "规范性文件", "GB", "GB/T", "WS/T", "YY/T", "T/")
LEGAL_TIERS = EU_TIERS + CN_TIERS
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}[a-z0-9]$")


class ItemFields(BaseModel):
    """Every field a curator may set; shared by create, update, import and the bundle."""

    kind: Kind
    legal_tier: str | None = Field(default=None, max_length=32)
    region: str = Field(max_length=32)
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2")
    province: str | None = Field(default=None, max_length=64)
    issuing_body: str = Field(default="", max_length=500)
    organisation_id: str | None = Field(default=None, max_length=120)
    identifier: str | None = Field(default=None, max_length=200)
    celex: str | None = Field(default=None, pattern=r"^[0-9][0-9A-Z()]{5,20}$")
    url: HttpUrl | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    in_force_date: date | None = None
    end_date: date | None = None
    status: Status
    title_en: str = Field(min_length=2, max_length=1000)
    title_zh: str = Field(default="", max_length=1000)
    title_zh_status: str = Field(default="translation", pattern="^(official|translation)$")
    summary_en: str = Field(default="", max_length=5000)
    summary_zh: str = Field(default="", max_length=5000)
    acronyms: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=50)
    themes: list[str] = Field(default_factory=list, max_length=100)
    sources: list[SourceRef] = Field(default_factory=list, max_length=100)
    verified: bool = False

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value not in regions.REGION_CODES:
            raise ValueError(f"must be one of {', '.join(sorted(regions.REGION_CODES))}")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not regions.is_country(value):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code")
        return value.upper()

    @field_validator("legal_tier")
    @classmethod
    def _tier(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in LEGAL_TIERS:
            raise ValueError(f"must be one of {', '.join(LEGAL_TIERS)}")
        return value

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if not themes.is_theme(v)]
        if unknown:
            raise ValueError(f"unknown theme(s): {', '.join(unknown)}")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _consistent(self) -> ItemFields:
        if self.verified and not self.sources:
            raise ValueError("verified items need at least one source")
        if self.in_force_date and self.end_date and self.end_date < self.in_force_date:
            raise ValueError("end_date is before in_force_date")
        return self


class ItemCreate(ItemFields):
    id: str = Field(description="Stable slug, e.g. eu-gdpr")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("use 3–120 lower-case letters, digits and hyphens")
        return value


class ItemUpdate(BaseModel):
    """A partial update: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    legal_tier: str | None = Field(default=None, max_length=32)
    region: str | None = Field(default=None, max_length=32)
    country: str | None = Field(default=None, max_length=2)
    province: str | None = Field(default=None, max_length=64)
    issuing_body: str | None = Field(default=None, max_length=500)
    organisation_id: str | None = Field(default=None, max_length=120)
    identifier: str | None = Field(default=None, max_length=200)
    celex: str | None = Field(default=None, max_length=32)
    url: HttpUrl | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    in_force_date: date | None = None
    end_date: date | None = None
    status: Status | None = None
    title_en: str | None = Field(default=None, max_length=1000)
    title_zh: str | None = Field(default=None, max_length=1000)
    title_zh_status: str | None = Field(default=None, max_length=16)
    summary_en: str | None = Field(default=None, max_length=5000)
    summary_zh: str | None = Field(default=None, max_length=5000)
    acronyms: list[Annotated[str, Field(max_length=64)]] | None = Field(default=None, max_length=50)
    themes: list[str] | None = Field(default=None, max_length=100)
    sources: list[SourceRef] | None = Field(default=None, max_length=100)
    verified: bool | None = None


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    legal_tier: str | None
    region: str
    country: str | None
    province: str | None
    issuing_body: str
    organisation_id: str | None
    identifier: str | None
    celex: str | None
    url: str | None
    year: int | None
    in_force_date: date | None
    end_date: date | None
    status: str
    title_en: str
    title_zh: str
    title_zh_status: str
    summary_en: str
    summary_zh: str
    acronyms: list[str]
    themes: list[str]
    sources: list[dict[str, Any]]
    verified: bool
    withdrawn: bool
    origin: str

    @field_validator("sources")
    @classmethod
    def _source_kinds(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each source's kind comes from the host list as it stands, so exports and pages always agree with it."""
        return [{**s, "kind": source_hosts.source_kind(str(s.get("url") or ""))} for s in value]

    def title(self, locale: str) -> str:
        return pick(locale, self.title_en, self.title_zh)

    def summary(self, locale: str) -> str:
        return pick(locale, self.summary_en, self.summary_zh)

    @property
    def side(self) -> str:
        """The comparison column: EU (with non-EU Europe), China or International."""
        return {"EU": "eu", "Europe (non-EU)": "eu", "China": "cn"}.get(self.region, "intl")


class RelationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    source_id: str
    target_id: str
    type: str
    basis: str
    sources: list[dict[str, Any]]
    verified: bool


class SearchQuery(BaseModel):
    q: str = ""
    kind: list[Kind] = Field(default_factory=list)
    legal_tier: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    theme: list[str] = Field(default_factory=list)
    status: list[Status] = Field(default_factory=list)
    year_from: int | None = Field(default=None, ge=1900, le=2100)
    year_to: int | None = Field(default=None, ge=1900, le=2100)
    in_force_on: date | None = None
    official_only: bool = Field(default=False, description="Only items with a source on the issuer's own site")
    include_withdrawn: bool = False
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    limit: int = Field(default=20, ge=1, le=500)

    @field_validator("region")
    @classmethod
    def _regions(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if v not in regions.REGION_CODES]
        if bad:
            raise ValueError(f"unknown region(s): {', '.join(bad)}")
        return value

    @field_validator("theme")
    @classmethod
    def _known_themes(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not themes.is_theme(v)]
        if bad:
            raise ValueError(f"unknown theme(s): {', '.join(bad)}")
        return value


class FacetValue(BaseModel):
    value: str
    count: int


class SearchResult(BaseModel):
    items: list[ItemRead]
    total: int
    offset: int
    limit: int
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)


class ComparisonRow(BaseModel):
    eu: list[ItemRead] = Field(default_factory=list)
    cn: list[ItemRead] = Field(default_factory=list)
    intl: list[ItemRead] = Field(default_factory=list)
    basis: str = ""


class Gap(BaseModel):
    kind: str
    present: str
    missing: str
    count: int


class Comparison(BaseModel):
    theme: str
    aligned: list[ComparisonRow]
    unaligned: ComparisonRow
    chains: list[list[ItemRead]]
    gaps: list[Gap]


class Opportunity(BaseModel):
    eu: ItemRead
    cn: ItemRead
    score: float
    shared_themes: list[str]
    reason_en: str
    reason_zh: str


class GoverningItem(BaseModel):
    """A law or standard that applies to something in a country, and why (see `landscape.applicability`)."""

    item: ItemRead
    scope: str = Field(description="country, eu, eea, china or international")
    themes: list[str] = Field(description="the themes it shares with what it governs")
