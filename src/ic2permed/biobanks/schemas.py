"""API input and output of the biobank directory, named by role."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ic2permed.core.bounds import Count
from ic2permed.core.vocab import source_hosts


class SourceRef(BaseModel):
    url: str
    title: str = ""
    accessed: str = ""
    quote: str = ""
    kind: str = ""

    @model_validator(mode="after")
    def _kind(self) -> SourceRef:
        """official / reputable / mirror, from the shared host list as it stands (never from the record)."""
        self.kind = source_hosts.source_kind(self.url) or ""
        return self


class FactRow(BaseModel):
    """One aggregate cell: donors/samples for a sex × age band × material × disease combination."""

    sex: str | None = None
    age_band: str | None = None
    material_type: str | None = None
    disease: str | None = None
    donors: int | None = None
    samples: int | None = None


class CollectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    biobank_id: str
    parent_id: str | None = None
    name_en: str
    name_zh: str = ""
    description_en: str = ""
    description_zh: str = ""
    collection_types: list[str] = []
    material_types: list[str] = []
    data_categories: list[str] = []
    diseases: list[str] = []
    sex: list[str] = []
    storage_temperatures: list[str] = []
    access_conditions: list[str] = []
    age_low: int | None = None
    age_high: int | None = None
    donors: int | None = None
    samples: int | None = None
    count_year: int | None = None
    commercial_use: bool | None = None
    facts: list[FactRow] = []
    sources: list[SourceRef] = []
    verified: bool = False


class BiobankRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_en: str
    name_zh: str = ""
    name_zh_status: str = ""
    acronym: str = ""
    country: str
    region: str
    city: str = ""
    province: str = ""
    juristic_person: str = ""
    organisation_id: str | None = None
    federation_node: str | None = None
    url: str = ""
    contact_email: str = ""
    ciio: bool = False
    description_en: str = ""
    description_zh: str = ""
    collection_types: list[str] = []
    material_types: list[str] = []
    data_categories: list[str] = []
    diseases: list[str] = []
    quality_marks: list[str] = []
    networks: list[str] = []
    services: list[str] = []
    donors: int | None = None
    samples: int | None = None
    count_year: int | None = None
    sources: list[SourceRef] = []
    verified: bool = False


class BiobankDetail(BiobankRead):
    collections: list[CollectionRead] = []
    managers: list[str] = []


class NetworkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name_en: str
    name_zh: str = ""
    acronym: str = ""
    url: str = ""
    description_en: str = ""
    description_zh: str = ""
    sources: list[SourceRef] = []
    verified: bool = False


class NetworkDetail(NetworkRead):
    biobanks: list[BiobankRead] = []


class BiobankUpdate(BaseModel):
    """Fields a manager may change; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name_en: str | None = Field(default=None, min_length=1, max_length=300)
    name_zh: str | None = Field(default=None, max_length=300)
    acronym: str | None = Field(default=None, max_length=64)
    city: str | None = Field(default=None, max_length=120)
    province: str | None = Field(default=None, max_length=120)
    juristic_person: str | None = Field(default=None, max_length=300)
    organisation_id: str | None = Field(default=None, max_length=128)
    federation_node: str | None = Field(default=None, max_length=128)
    url: str | None = Field(default=None, max_length=500)
    contact_email: str | None = Field(default=None, max_length=200)
    ciio: bool | None = Field(
        default=None, description="A critical-information-infrastructure operator (China: CSL Art. 37, PIPL Art. 40)"
    )
    description_en: str | None = None
    description_zh: str | None = None
    quality_marks: list[str] | None = None
    networks: list[str] | None = None
    services: list[str] | None = None
    donors: Count | None = None
    samples: Count | None = None
    count_year: int | None = Field(default=None, ge=1900, le=2100)


class CollectionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_en: str | None = Field(default=None, min_length=1, max_length=300)
    name_zh: str | None = Field(default=None, max_length=300)
    description_en: str | None = None
    description_zh: str | None = None
    collection_types: list[str] | None = None
    material_types: list[str] | None = None
    data_categories: list[str] | None = None
    diseases: list[str] | None = None
    sex: list[str] | None = None
    storage_temperatures: list[str] | None = None
    access_conditions: list[str] | None = None
    age_low: int | None = Field(default=None, ge=0, le=150)
    age_high: int | None = Field(default=None, ge=0, le=150)
    donors: Count | None = None
    samples: Count | None = None
    count_year: int | None = Field(default=None, ge=1900, le=2100)
    commercial_use: bool | None = None
    facts: list[FactRow] | None = None


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
    selected: bool = False


class Facet(BaseModel):
    name: str
    label: str
    mode: str = "any"
    values: list[FacetValue] = []


class CollectionHit(BaseModel):
    collection: CollectionRead
    biobank_id: str
    biobank_name_en: str
    biobank_name_zh: str = ""
    country: str
    region: str
    score: float = 0.0
    parent_name: str | None = None
    children: list[CollectionHit] = []


class SearchQuery(BaseModel):
    """The criteria of one search; every facet holds values and whether any or all must match."""

    q: str = ""
    filters: dict[str, list[str]] = {}
    modes: dict[str, str] = {}

    def is_empty(self) -> bool:
        return not self.q and not any(self.filters.values())


class SearchResult(BaseModel):
    query: SearchQuery
    total: int
    hits: list[CollectionHit]
    facets: list[Facet]
    warnings: list[str] = []


class CountRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    entity_type: str
    entity_id: str
    donors: int | None
    samples: int | None
    count_year: int | None
    recorded_at: datetime
    recorded_by: str


class CartItemRead(BaseModel):
    collection: CollectionRead
    biobank_name_en: str
    biobank_name_zh: str = ""
    criteria: str = ""
    added_at: datetime


class DraftCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    purpose: str = Field(default="", max_length=5000)


class DraftRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    owner: str
    title: str
    purpose: str
    collection_ids: list[str]
    criteria: list[str]
    status: str
    request_id: int | None = None
    created_at: datetime
    updated_at: datetime


class DraftDetail(DraftRead):
    collections: list[CollectionRead] = []


class Problem(BaseModel):
    """One data-quality finding of the steward check."""

    severity: str
    entity_type: str
    entity_id: str
    name: str
    code: str
    message: str


class ImportReport(BaseModel):
    created: list[str] = []
    updated: list[str] = []
    rows: int = 0


class StatsRead(BaseModel):
    biobanks: int
    collections: int
    donors: int
    samples: int
    by_region: dict[str, dict[str, int]]
    samples_by_material_region: dict[str, dict[str, int]]
    collections_by_chapter: dict[str, int]


class LandscapeLinkRead(BaseModel):
    """A landscape item about the same thing as a directory entry, with why we say so and where we read it."""

    biobank_id: str
    item_id: str
    title_en: str = ""
    title_zh: str = ""
    rule: str
    basis: str = ""
    basis_zh: str = ""
    sources: list[SourceRef] = Field(default_factory=list)


class DirectoryEntryRef(BaseModel):
    """A directory entry as another page names it (e.g. the landscape item page's "in the biobank directory")."""

    id: str
    name_en: str
    name_zh: str = ""
    rule: str
    basis: str = ""
    basis_zh: str = ""
