"""API input and output of the experts domain, named by role (``ExpertCreate``, ``ExpertRead``…)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ic2permed.core.vocab import themes
from ic2permed.core.vocab.regions import REGION_CODES
from ic2permed.experts.delphi import RULES, SCALES

SECTORS = ("academia", "healthcare", "industry", "policy_funding", "patients_citizens", "regulators")
LANGUAGES = ("en", "zh", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "fi", "el", "cs", "hu", "ro", "da")
GENDERS = ("female", "male", "other")
ROLES = ("chair", "co_chair", "member")

Sector = Literal["academia", "healthcare", "industry", "policy_funding", "patients_citizens", "regulators"]
Role = Literal["chair", "co_chair", "member"]


def _region(value: str) -> str:
    if value not in REGION_CODES:
        raise ValueError(f"unknown region {value!r}; one of {', '.join(sorted(REGION_CODES))}")
    return value


def _themes(values: list[str]) -> list[str]:
    unknown = [v for v in values if not themes.is_theme(v)]
    if unknown:
        raise ValueError(f"unknown theme code(s): {', '.join(unknown)}")
    return list(dict.fromkeys(values))


def _languages(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown language code(s): {', '.join(unknown)}")
    return list(dict.fromkeys(values))


class ExpertFields(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    name_zh: str = Field(default="", max_length=100)
    region: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    organisation: str = Field(default="", max_length=300)
    sector: Sector
    expertise: list[str] = Field(default_factory=list, max_length=40)
    languages: list[str] = Field(default_factory=list, max_length=20)
    gender: Literal["female", "male", "other"] | None = None
    max_groups: int = Field(default=2, ge=0, le=7)
    consent_listed: bool = False

    _check_region = field_validator("region")(_region)
    _check_themes = field_validator("expertise")(_themes)
    _check_languages = field_validator("languages")(_languages)


class ExpertCreate(ExpertFields):
    pass


class ExpertUpdate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    name_zh: str | None = Field(default=None, max_length=100)
    region: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    organisation: str | None = Field(default=None, max_length=300)
    sector: Sector | None = None
    expertise: list[str] | None = Field(default=None, max_length=40)
    languages: list[str] | None = Field(default=None, max_length=20)
    gender: Literal["female", "male", "other"] | None = None
    max_groups: int | None = Field(default=None, ge=0, le=7)
    consent_listed: bool | None = None

    @field_validator("region")
    @classmethod
    def _check_region(cls, value: str | None) -> str | None:
        return None if value is None else _region(value)

    @field_validator("expertise")
    @classmethod
    def _check_themes(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _themes(value)

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _languages(value)


class ExpertRead(ExpertFields):
    id: int
    pinyin: str
    user_id: int | None
    demo: bool
    groups: list[str] = Field(default_factory=list)

    def display_name(self, locale: str) -> str:
        return self.name_zh if locale == "zh_Hans" and self.name_zh else self.name


class ExpertQuery(BaseModel):
    q: str = Field(default="", max_length=200)
    theme: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    sector: list[str] = Field(default_factory=list)
    language: list[str] = Field(default_factory=list)
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class ExpertPage(BaseModel):
    total: int
    items: list[ExpertRead]
    hidden: int = 0  # experts matching but not listed, for want of consent (anonymous count only)


class ExpertInvite(BaseModel):
    """A coordinator invites an expert: an account with the expert role, linked to a profile."""

    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=8, max_length=200)
    expert_id: int | None = None  # link an existing profile, or create one from ``profile``
    profile: ExpertCreate | None = None


class MemberRead(BaseModel):
    expert_id: int
    name: str
    name_zh: str
    region: str
    sector: str
    role: Role


class GroupCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    id: str = Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_en: str = Field(min_length=1, max_length=300)
    name_zh: str = Field(default="", max_length=200)
    pillar: str | None = None
    priorities_en: list[str] = Field(default_factory=list)
    priorities_zh: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    min_size: int = Field(default=6, ge=0, le=200)
    max_size: int = Field(default=12, ge=1, le=200)

    _check_themes = field_validator("themes")(_themes)


class GroupRead(BaseModel):
    id: str
    pillar: str | None
    name_en: str
    name_zh: str
    priorities_en: list[str]
    priorities_zh: list[str]
    themes: list[str]
    min_size: int
    max_size: int
    origin: str
    members: list[MemberRead] = Field(default_factory=list)

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh_Hans" and self.name_zh else self.name_en


class MembershipSet(BaseModel):
    expert_id: int
    role: Role = "member"


class MeetingCreate(BaseModel):
    held_on: date
    title: str = Field(min_length=1, max_length=300)
    minutes: str = Field(default="", max_length=100_000)


class MeetingRead(MeetingCreate):
    id: int
    group_id: str


class ActionCreate(BaseModel):
    description: str = Field(min_length=1, max_length=2000)
    owner_id: int | None = None
    due: date
    meeting_id: int | None = None


class ActionRead(ActionCreate):
    id: int
    group_id: str
    done: bool
    owner_name: str = ""
    overdue: bool = False


class ActionUpdate(BaseModel):
    done: bool


def _share(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite() or not 0 <= number <= Decimal("0.5"):
        raise ValueError("each side's minimum share must be between 0 and 0.5")
    return value


class ProposalCreate(BaseModel):
    min_region_share: str = "0.4"
    min_sectors: int = Field(default=2, ge=0, le=6)
    group_ids: list[str] = Field(default_factory=list)  # empty: every group

    _check_share = field_validator("min_region_share")(_share)


class ProposalRead(BaseModel):
    id: int
    status: Literal["draft", "accepted", "infeasible", "discarded"]
    min_region_share: str
    min_sectors: int
    objective: int | None
    groups: dict[str, list[int]]
    reasons: list[str]
    created_at: datetime


class ProposalEdit(BaseModel):
    groups: dict[str, list[int]]


class StatementCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    text_en: str = Field(min_length=1, max_length=2000)
    text_zh: str = Field(default="", max_length=2000)
    priority: str = Field(default="", max_length=300)


class StatementRead(StatementCreate):
    id: int
    code: str
    origin: str
    active: bool

    def text(self, locale: str) -> str:
        return self.text_zh if locale == "zh_Hans" and self.text_zh else self.text_en


class StudyCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    group_id: str
    title_en: str = Field(min_length=1, max_length=300)
    title_zh: str = Field(default="", max_length=300)
    scale: Literal["likert5", "nine", "rank"] = "likert5"
    rule: Literal["cvi", "comet", "iqr"] | None = "cvi"
    statements: list[StatementCreate] = Field(default_factory=list, max_length=200)
    deadline: datetime
    open_round: bool = False  # a first round in which experts propose statements

    @field_validator("scale")
    @classmethod
    def _scale(cls, value: str) -> str:
        assert value in SCALES
        return value

    @field_validator("rule")
    @classmethod
    def _rule(cls, value: str | None) -> str | None:
        assert value is None or value in RULES
        return value


class RoundRead(BaseModel):
    id: int
    number: int
    kind: Literal["rating", "open"]
    deadline: datetime
    status: Literal["open", "closed"]


class StudyRead(BaseModel):
    id: int
    group_id: str
    title_en: str
    title_zh: str
    scale: str
    rule: str | None
    status: Literal["open", "closed"]
    statements: list[StatementRead]
    rounds: list[RoundRead]
    created_at: datetime
    closed_at: datetime | None

    def title(self, locale: str) -> str:
        return self.title_zh if locale == "zh_Hans" and self.title_zh else self.title_en

    @property
    def current_round(self) -> RoundRead | None:
        return self.rounds[-1] if self.rounds else None


class NextRound(BaseModel):
    deadline: datetime
    statements: list[StatementCreate] = Field(default_factory=list)  # added, e.g. from the open round
    drop: list[str] = Field(default_factory=list)  # statement codes not carried into this round


class BallotIn(BaseModel):
    """Ratings by statement code; a missing or null rating is simply not (yet) given: partial saves."""

    ratings: dict[str, int | None] = Field(default_factory=dict, max_length=500)
    comments: dict[str, str] = Field(default_factory=dict, max_length=500)
    suggestions: list[str] = Field(default_factory=list, max_length=50)


class BallotItem(BaseModel):
    statement: StatementRead
    rating: int | None
    comment: str
    previous_rating: int | None
    previous: dict[str, Any] | None  # the group's figures in the previous round (subgroups only where n ≥ 3)


class BallotRead(BaseModel):
    study: StudyRead
    round: RoundRead | None
    items: list[BallotItem]
    answered: int
    can_vote: bool
    reason: str = ""
    reminded_at: datetime | None = None  # when the coordinator last reminded this expert, if still unanswered


class RoundResults(BaseModel):
    round: RoundRead
    statements: list[dict[str, Any]]
    kendall_w: float | None
    pending: list[MemberRead]


class RoadmapEntry(BaseModel):
    pillar: str | None
    group_id: str
    priority: str
    statement: StatementRead
    figures: dict[str, Any]


class RoadmapRead(BaseModel):
    study: StudyRead
    pillar: str | None
    group_id: str
    round_number: int
    entries: list[RoadmapEntry]
    not_reached: list[RoadmapEntry]
