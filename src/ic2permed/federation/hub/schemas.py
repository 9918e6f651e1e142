"""Hub schemas: the question a researcher asks, the registry of nodes and what each node answered."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationInfo, field_validator, model_validator

from ic2permed.core.vocab import icd10, locator, miabis, regions

STRATA = ("sex", "ageBand", "material", "icd10Chapter")
MEASURES = tuple(m.key for m in locator.measures())  # bmi, body_weight, body_height: fields KEY_min / KEY_max
CHOICES = tuple(c.key for c in locator.choice_criteria())  # smoking_status, fasting_status
MIN_NODES_PER_STRATUM = 3  # a stratum from fewer nodes could single out one biobank's donors


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Criteria(BaseModel):
    """One federated question; every part is optional and all parts must hold (AND)."""

    model_config = ConfigDict(extra="forbid")

    sex: Sex | None = None
    diseases: list[str] = Field(default_factory=list, description="ICD-10 codes, blocks or chapters")
    age_min: int | None = Field(default=None, ge=0, le=130, description="age at sampling, years")
    age_max: int | None = Field(default=None, ge=0, le=130)
    materials: list[str] = Field(default_factory=list, description="MIABIS material type codes")
    sampled_from: date | None = None
    sampled_to: date | None = None
    bmi_min: float | None = Field(default=None, description="body-mass index from, kg/m² (LOINC 39156-5)")
    bmi_max: float | None = Field(default=None, description="body-mass index to, kg/m²")
    body_weight_min: float | None = Field(default=None, description="body weight from, kg (LOINC 29463-7)")
    body_weight_max: float | None = Field(default=None, description="body weight to, kg")
    body_height_min: float | None = Field(default=None, description="body height from, cm (LOINC 8302-2)")
    body_height_max: float | None = Field(default=None, description="body height to, cm")
    smoking_status: str | None = Field(
        default=None, description="current, daily, some_days, heavy, light, current_unknown, former, never, unknown"
    )
    fasting_status: str | None = Field(
        default=None, description="fasting status of the sample at sampling: fasting, not_fasting, not_asked"
    )
    stratify: list[str] = Field(
        default_factory=list,
        description="Break the counts down by these: sex, ageBand, material, icd10Chapter",
        # The enum is documented for clients; the validator below keeps the error that names the choices.
        json_schema_extra={"items": {"type": "string", "enum": list(STRATA)}, "uniqueItems": True},
    )

    @field_validator("stratify")
    @classmethod
    def _strata(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in STRATA]
        if unknown:
            raise ValueError(f"cannot break down by {', '.join(unknown)}; use {', '.join(STRATA)}")
        return list(dict.fromkeys(value))

    @field_validator("diseases")
    @classmethod
    def _icd10(cls, value: list[str]) -> list[str]:
        return [icd10.normalise(v) for v in value if v.strip()]

    @field_validator("materials")
    @classmethod
    def _materials(cls, value: list[str]) -> list[str]:
        try:
            return [miabis.material_type(v).code for v in value if v.strip()]
        except KeyError as exc:
            raise ValueError(str(exc).strip("\"'")) from None

    @field_validator("smoking_status", "fasting_status")
    @classmethod
    def _choice(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return locator.criterion(str(info.field_name)).choice(value).key
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None

    @field_validator(*(f"{m}_{end}" for m in MEASURES for end in ("min", "max")))
    @classmethod
    def _measure(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return None
        measure = locator.criterion(str(info.field_name).rsplit("_", 1)[0])
        if not (measure.low or 0) <= value <= (measure.high or value):
            raise ValueError(
                f"{measure.label_en} must be between {measure.low:g} and {measure.high:g} {measure.unit_en}"
            )
        return value

    @model_validator(mode="after")
    def _ranges(self) -> Criteria:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is above age_max")
        if self.sampled_from and self.sampled_to and self.sampled_from > self.sampled_to:
            raise ValueError("sampled_from is after sampled_to")
        for key in MEASURES:
            low, high = self.measure_range(key)
            if low is not None and high is not None and low > high:
                raise ValueError(f"{key}_min is above {key}_max")
        return self

    def measure_range(self, key: str) -> tuple[float | None, float | None]:
        """(from, to) asked for a Locator measure, in its unit."""
        low: float | None = getattr(self, f"{key}_min")
        high: float | None = getattr(self, f"{key}_max")
        return low, high

    @property
    def is_empty(self) -> bool:
        return self == Criteria()


def default_jurisdiction(region: str) -> str:
    """The legal system a node falls under when none is given: EU→EU, China→CN, anything else OTHER."""
    return {"EU": "EU", "China": "CN"}.get(region, "OTHER")


class NodeCreate(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    name: str = Field(min_length=2, max_length=200)
    base_url: HttpUrl = Field(description="Beacon base URL, e.g. http://127.0.0.1:8101/api")
    jurisdiction: str = Field(pattern="^(EU|CN|OTHER)$")
    region: str = "EU"
    biobank_id: str | None = None
    signing_secret: str | None = Field(default=None, min_length=32, description="shared with the node")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if value not in regions.REGION_CODES:
            raise ValueError(f"must be one of {', '.join(sorted(regions.REGION_CODES))}")
        return value


class NodeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    base_url: str
    jurisdiction: str
    region: str
    biobank_id: str | None
    enabled: bool
    signed: bool = False
    synthetic: bool = Field(default=False, description="one of the demo's nodes: its donors are made up")
    name_zh: str = Field(default="", description="the Chinese name, where the hub knows one (the demo nodes)")
    process: NodeProcessRead | None = Field(
        default=None, description="only for nodes `ic2permed demo` runs and supervises on this machine"
    )


class ProcessState(StrEnum):
    """A node process `ic2permed demo` supervises on this machine."""

    RUNNING = "running"
    RESTARTING = "restarting"  # it stopped; a restart is due after a short wait
    FAILED = "failed"  # it stopped too often in a row; the supervisor gave up


class NodeProcessRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    state: ProcessState
    since: datetime = Field(description="when the state began (for a restarted node: when it was restarted)")
    restarts: int = Field(description="restarts since the demo started")
    exit_code: int | None = Field(default=None, description="how the process last ended")


class Status(StrEnum):
    OK = "ok"
    TIMEOUT = "timeout"
    ERROR = "error"
    REFUSED = "refused"


class NodeAnswer(BaseModel):
    node_id: str
    name: str
    region: str
    status: Status
    count: int | None = None
    exists: bool | None = None
    precision: str | None = Field(default=None, description="exact, rounded or imprecise, as the node declares")
    notes: list[str] = Field(default_factory=list)
    reason: str | None = None
    elapsed_ms: float = 0.0
    biobank_id: str | None = None
    strata: dict[str, dict[str, int]] = Field(default_factory=dict)


class RegionTotal(BaseModel):
    region: str
    count: int
    nodes: int
    exact: bool


class StratumTotal(BaseModel):
    value: str
    count: int
    nodes: int
    region: str | None = Field(default=None, description="set when the breakdown is split by region (EU vs China)")


class FederatedResult(BaseModel):
    criteria: Criteria
    answers: list[NodeAnswer]
    totals: list[RegionTotal]
    total: int
    answered: int
    asked: int
    strata: dict[str, list[StratumTotal]] = Field(default_factory=dict)
    strata_hidden: int = Field(default=0, description="strata left out because fewer than 3 nodes had them")
    split: bool = Field(default=False, description="breakdowns summed per region instead of over all nodes")


class SavedQueryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    criteria: dict[str, Any]
    created_at: datetime
