"""The compliance engine: which legal steps one collection's cross-border transfer needs, on a given day.

The rules are data (``data/compliance_rules.yaml``), not code branches: each rule names a step, the dates it
applies between, its conditions, authority, legal basis and the landscape items it cites. This module only
loads, validates and matches them. Guidance, not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.i18n import N_
from ic2permed.core.vocab.jurisdictions import CODES

MATERIAL = "material"
DATA = "data"
MOVES = (MATERIAL, DATA)
DATA_KINDS = ("genetic", "clinical")
IDENTIFIABILITY = ("identifiable", "pseudonymised", "anonymous")
PURPOSES = ("research", "clinical-trial", "commercial")
DEFAULT_SUBJECTS = 1000

# Codes shown to users; labels go through the catalogue (docs/compliance.md fixes the codes).
AUTHORITIES: dict[str, str] = {
    "MOST": N_("Ministry of Science and Technology (China)"),
    "NHC": N_("National Health Commission (China)"),
    "CAC": N_("Cyberspace Administration of China"),
    "PROVINCIAL_CAC": N_("Provincial cyberspace administration (China)"),
    "GACC": N_("General Administration of Customs (China)"),
    "EU_DPA": N_("Data protection supervisory authority (EU/EEA)"),
    "ICO": N_("Information Commissioner's Office (UK)"),
    "FDPIC": N_("Federal Data Protection and Information Commissioner (Switzerland)"),
    "ETHICS_EU": N_("Research ethics committee (EU/EEA)"),
    "ETHICS_CN": N_("Ethics committee (China)"),
    "ETHICS_LOCAL": N_("Research ethics committee (local)"),
    "IMPORT_AUTHORITY": N_("Customs of the receiving state"),
    "NONE": N_("No authority: the parties act"),
}
ACTORS: dict[str, str] = {
    "PROVIDER": N_("Provider (biobank)"),
    "RECIPIENT": N_("Recipient (requester)"),
    "BOTH": N_("Provider and recipient"),
}
# The request's own codes (purpose, what moves, kind of data, identifiability), labelled for pages and dossiers.
VALUE_LABELS: dict[str, str] = {
    "research": N_("Research"),
    "clinical-trial": N_("Clinical trial"),
    "commercial": N_("Commercial"),
    MATERIAL: N_("Material (samples)"),
    DATA: N_("Data"),
    "genetic": N_("Genetic"),
    "clinical": N_("Clinical only"),
    "identifiable": N_("Identifiable"),
    "pseudonymised": N_("Pseudonymised"),
    "anonymous": N_("Anonymous"),
}
CONDITION_KEYS = frozenset(
    {
        "provider",
        "provider_not",
        "recipient",
        "recipient_not",
        "cross_border",
        "moves",
        "moves_not",
        "data_kind",
        "identifiability",
        "purpose",
        "purpose_not",
        "ciio",
        "subjects_min",
        "subjects_below",
        "important_data",
    }
)


@dataclass(frozen=True)
class Transfer:
    """One collection's transfer, as the engine is asked about it."""

    provider: str
    recipient: str
    moves: frozenset[str]
    on: date
    data_kind: str = "genetic"
    identifiability: str = "identifiable"
    subjects: int = DEFAULT_SUBJECTS
    ciio: bool = False
    purpose: str = "research"
    important_data: bool = False  # notified or published as "important data" (DSL Art. 21; CBDF Provisions Art. 2)


@dataclass(frozen=True)
class Step:
    id: str
    title_en: str
    title_zh: str
    legal_basis: str
    citations: tuple[str, ...]
    authority: str
    actor: str
    rule: str
    legal_basis_zh: str = ""

    def title(self, locale: str) -> str:
        return self.title_zh if locale == "zh_Hans" else self.title_en

    def as_json(self) -> dict[str, Any]:
        """The command-line contract's step object (keep these keys stable)."""
        return {
            "id": self.id,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "legal_basis": self.legal_basis,
            "citations": list(self.citations),
            "authority": self.authority,
            "actor": self.actor,
        }


@dataclass(frozen=True)
class StepDef:
    id: str
    title_en: str
    title_zh: str
    actor: str


@dataclass(frozen=True)
class Rule:
    id: str
    step: str
    valid_from: date
    valid_to: date | None
    when: Mapping[str, Any]
    authority: str
    legal_basis: str
    citations: tuple[str, ...]
    legal_basis_zh: str = ""

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def applies(self, t: Transfer) -> bool:
        return self.in_force(t.on) and all(_holds(key, value, t) for key, value in self.when.items())


def _holds(key: str, value: Any, t: Transfer) -> bool:
    data = DATA in t.moves
    match key:
        case "provider":
            return t.provider in value
        case "provider_not":
            return t.provider not in value
        case "recipient":
            return t.recipient in value
        case "recipient_not":
            return t.recipient not in value
        case "cross_border":
            return (t.provider != t.recipient) is bool(value)
        case "moves":
            return value in t.moves
        case "moves_not":
            return value not in t.moves
        case "data_kind":
            return data and t.data_kind in value
        case "identifiability":
            return data and t.identifiability in value
        case "purpose":
            return t.purpose in value
        case "purpose_not":
            return t.purpose not in value
        case "ciio":
            return t.ciio is bool(value)
        case "subjects_min":
            return t.subjects >= int(value)
        case "subjects_below":
            return t.subjects < int(value)
        case "important_data":
            return data and t.important_data is bool(value)
    raise ValueError(f"unknown condition {key!r}")  # pragma: no cover - load() rejects unknown keys


@dataclass(frozen=True)
class VolumeWindow:
    """Between these dates the CAC thresholds count people cumulatively since 1 January of `since`'s year."""

    valid_from: date
    valid_to: date | None
    since: str  # "previous_year" | "current_year"


@dataclass(frozen=True)
class RuleSet:
    version: str
    covers_from: date
    steps: tuple[StepDef, ...]
    rules: tuple[Rule, ...]
    sources: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    volume_counting: tuple[VolumeWindow, ...] = field(default_factory=tuple)

    def counted_since(self, on: date) -> date | None:
        """The first day from which the CAC volume thresholds count an exporter's people cumulatively for a transfer
        on `on` (1 January of the previous or the current year, as the rules in force say); None: no cumulative
        count (only this transfer's people)."""
        for window in self.volume_counting:
            if window.valid_from <= on and (window.valid_to is None or on <= window.valid_to):
                return date(on.year - (1 if window.since == "previous_year" else 0), 1, 1)
        return None

    def step_def(self, step_id: str) -> StepDef:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def legal_basis_zh(self, legal_basis: str) -> str:
        """The Chinese legal basis of the rule whose English text a stored checklist step carries ("" if none)."""
        wanted = " ".join(legal_basis.split())
        for rule in self.rules:
            if rule.legal_basis == wanted:
                return rule.legal_basis_zh
        return ""

    def matching(self, t: Transfer) -> list[Rule]:
        return [rule for rule in self.rules if rule.applies(t)]

    def steps_for(self, t: Transfer) -> list[Step]:
        """The steps required for `t`, in catalogue order; a step that does not apply is absent."""
        if t.on < self.covers_from:
            raise ValidationFailed(
                "Date before the rules",
                [FieldError("on", f"the rules start on {self.covers_from.isoformat()}; {t.on.isoformat()} is earlier")],
            )
        by_step: dict[str, Rule] = {}
        for rule in self.matching(t):
            if rule.step in by_step:  # the rules file promises one rule per step; a test checks every combination
                raise ValueError(f"rules {by_step[rule.step].id} and {rule.id} both decide step {rule.step}")
            by_step[rule.step] = rule
        out = []
        for definition in self.steps:
            if definition.id not in by_step:
                continue
            rule = by_step[definition.id]
            out.append(
                Step(
                    id=definition.id,
                    title_en=definition.title_en,
                    title_zh=definition.title_zh,
                    legal_basis=rule.legal_basis,
                    citations=rule.citations,
                    authority=rule.authority,
                    actor=definition.actor,
                    rule=rule.id,
                    legal_basis_zh=rule.legal_basis_zh,
                )
            )
        return out

    def cited_ids(self) -> set[str]:
        return {cid for rule in self.rules for cid in rule.citations}


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date") from None


def _check_when(rule_id: str, when: Mapping[str, Any]) -> None:
    unknown = set(when) - CONDITION_KEYS
    if unknown:
        raise ValueError(f"rule {rule_id}: unknown condition(s) {sorted(unknown)}")
    for key in ("provider", "provider_not", "recipient", "recipient_not"):
        bad = [j for j in when.get(key, []) if j not in CODES]
        if bad:
            raise ValueError(f"rule {rule_id}: unknown jurisdiction(s) {bad}")
    for key in ("moves", "moves_not"):
        if key in when and when[key] not in MOVES:
            raise ValueError(f"rule {rule_id}: {key} must be one of {MOVES}")
    for key, allowed in (
        ("data_kind", DATA_KINDS),
        ("identifiability", IDENTIFIABILITY),
        ("purpose", PURPOSES),
        ("purpose_not", PURPOSES),
    ):
        bad = [v for v in when.get(key, []) if v not in allowed]
        if bad:
            raise ValueError(f"rule {rule_id}: {key} has unknown value(s) {bad}")


def parse_rules(raw: Mapping[str, Any]) -> RuleSet:
    """Validate a rules document; every mistake is an error at load time, not a silent non-match."""
    steps = tuple(
        StepDef(id=str(s["id"]), title_en=str(s["title_en"]), title_zh=str(s["title_zh"]), actor=str(s["actor"]))
        for s in raw["steps"]
    )
    step_ids = {s.id for s in steps}
    if len(step_ids) != len(steps):
        raise ValueError("duplicate step ids")
    for s in steps:
        if s.actor not in ACTORS:
            raise ValueError(f"step {s.id}: unknown actor {s.actor!r}")
    rules: list[Rule] = []
    for r in raw["rules"]:
        rule_id = str(r["id"])
        when = dict(r.get("when") or {})
        _check_when(rule_id, when)
        valid_from = _as_date(r["valid_from"], rule_id)
        valid_to = None if r.get("valid_to") is None else _as_date(r["valid_to"], rule_id)
        if valid_to is not None and valid_to < valid_from:
            raise ValueError(f"rule {rule_id}: valid_to is before valid_from")
        if r["step"] not in step_ids:
            raise ValueError(f"rule {rule_id}: unknown step {r['step']!r}")
        if r["authority"] not in AUTHORITIES:
            raise ValueError(f"rule {rule_id}: unknown authority {r['authority']!r}")
        rules.append(
            Rule(
                id=rule_id,
                step=str(r["step"]),
                valid_from=valid_from,
                valid_to=valid_to,
                when=when,
                authority=str(r["authority"]),
                legal_basis=" ".join(str(r["legal_basis"]).split()),
                legal_basis_zh=" ".join(str(r.get("legal_basis_zh") or "").split()),
                citations=tuple(str(c) for c in r.get("citations") or ()),
            )
        )
    if len({r.id for r in rules}) != len(rules):
        raise ValueError("duplicate rule ids")
    covers_from = _as_date(raw["covers_from"], "covers_from")
    if any(r.valid_from < covers_from for r in rules):
        raise ValueError("a rule starts before covers_from")
    windows = []
    for number, w in enumerate(raw.get("volume_counting") or (), start=1):
        where = f"volume_counting[{number}]"
        if w.get("since") not in ("previous_year", "current_year"):
            raise ValueError(f"{where}: since must be previous_year or current_year")
        end = None if w.get("valid_to") is None else _as_date(w["valid_to"], where)
        windows.append(VolumeWindow(_as_date(w["valid_from"], where), end, str(w["since"])))
    return RuleSet(
        version=str(raw["version"]),
        covers_from=covers_from,
        steps=steps,
        rules=tuple(rules),
        sources=tuple(raw.get("sources") or ()),
        volume_counting=tuple(windows),
    )


def raw_rules() -> dict[str, Any]:
    """The bundled rules document as YAML gives it (tests alter copies of it)."""
    text = (files("ic2permed.access") / "data" / "compliance_rules.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def rules() -> RuleSet:
    """The bundled rules (loaded once per process)."""
    return parse_rules(raw_rules())


def _one_of(field_name: str, value: str | None, allowed: Iterable[str], normal: str = "lower") -> str:
    allowed = tuple(allowed)
    text = (value or "").strip()
    text = text.upper() if normal == "upper" else text.lower()
    if text not in allowed:
        shown = repr(value) if value else "nothing"
        raise ValidationFailed(
            "Invalid question", [FieldError(field_name, f"{shown} is not one of {', '.join(allowed)}")]
        )
    return text


def parse_transfer(
    *,
    provider: str | None,
    recipient: str | None,
    moves: Iterable[str] | None,
    identifiability: str | None,
    purpose: str | None,
    data_kind: str | None = None,
    subjects: int | str | None = None,
    ciio: bool = False,
    on: date | str | None = None,
    today: date | None = None,
    important_data: bool = False,
) -> Transfer:
    """Turn loose input (CLI, API, form) into a `Transfer`, or raise ValidationFailed naming the field."""
    src = _one_of("from", provider, CODES, "upper")
    dst = _one_of("to", recipient, CODES, "upper")
    wanted: set[str] = set()
    for item in moves or ():
        for part in str(item).split(","):
            if part.strip():
                wanted.add(_one_of("moves", part, MOVES))
    if not wanted:
        raise ValidationFailed("Invalid question", [FieldError("moves", "give material and/or data")])
    ident = _one_of("identifiability", identifiability, IDENTIFIABILITY)
    use = _one_of("purpose", purpose, PURPOSES)
    kind = "genetic" if data_kind in (None, "") else _one_of("data_kind", data_kind, DATA_KINDS)
    if subjects in (None, ""):
        count = DEFAULT_SUBJECTS
    else:
        try:
            count = int(str(subjects).strip())
        except ValueError:
            raise ValidationFailed(
                "Invalid question", [FieldError("subjects", f"{subjects!r} is not a whole number")]
            ) from None
        if count < 1:
            raise ValidationFailed("Invalid question", [FieldError("subjects", "must be at least 1")])
    if on in (None, ""):
        day = today or date.today()
    elif isinstance(on, date):
        day = on
    else:
        try:
            day = date.fromisoformat(str(on).strip())
        except ValueError:
            raise ValidationFailed("Invalid question", [FieldError("on", f"{on!r} is not a YYYY-MM-DD date")]) from None
    return Transfer(
        provider=src,
        recipient=dst,
        moves=frozenset(wanted),
        on=day,
        data_kind=kind,
        identifiability=ident,
        subjects=count,
        ciio=bool(ciio),
        purpose=use,
        important_data=bool(important_data),
    )


def answer(transfer: Transfer, ruleset: RuleSet | None = None) -> dict[str, Any]:
    """The command-line contract's JSON document for one transfer."""
    active = ruleset or rules()
    steps = active.steps_for(transfer)
    return {
        "rules_version": active.version,
        "on": transfer.on.isoformat(),
        "steps": [step.as_json() for step in steps],
    }
