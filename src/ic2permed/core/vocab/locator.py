"""The BBMRI-ERIC Locator's measure and status criteria, and the Beacon v2 filter each one becomes.

Data and sources in ``data/locator.json`` (the Locator's own criterion → FHIR mapping, the BBMRI FHIR
profiles, HL7 and the Beacon reference-tools cohort). Shared by the hub, which builds the filters, and the
node, which answers them: ``matching_ids`` and ``matching_values`` say which stored codes answer a filter,
``to_unit`` converts a stored quantity into the unit the hub sends. Chinese labels are our translations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from ic2permed.core.i18n import pick

Kind = Literal["measure", "choice"]
Scope = Literal["individual", "biosample"]


@dataclass(frozen=True)
class Unit:
    ucum: str
    ncit: str
    factor: float  # multiply a value in this unit by factor to get the criterion's unit


@dataclass(frozen=True)
class Choice:
    key: str
    value: str  # the CURIE the hub sends
    label_en: str
    label_zh: str
    matches: tuple[str, ...]  # other stored values that answer this choice

    def label(self, locale: str) -> str:
        return pick(locale, self.label_en, self.label_zh)


@dataclass(frozen=True)
class Criterion:
    key: str
    kind: Kind
    scope: Scope
    label_en: str
    label_zh: str
    beacon_id: str
    beacon_label: str
    equivalent_ids: tuple[str, ...]
    unit: Unit | None
    unit_en: str
    unit_zh: str
    units: tuple[Unit, ...]
    low: float | None
    high: float | None
    step: float | None
    choices: tuple[Choice, ...]
    locator: str | None
    fhir: str
    sources: tuple[str, ...]

    def label(self, locale: str) -> str:
        return pick(locale, self.label_en, self.label_zh)

    def unit_label(self, locale: str) -> str:
        return pick(locale, self.unit_en, self.unit_zh)

    def choice(self, key_or_value: str) -> Choice:
        wanted = key_or_value.strip().lower()
        for option in self.choices:
            if wanted in (option.key, option.value.lower(), option.value.lower().partition(":")[2]):
                return option
        raise KeyError(f"{key_or_value!r} is not a {self.label_en.lower()} option")


@cache
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (files("ic2permed.core.vocab") / "data" / "locator.json").read_text(encoding="utf-8")
    )
    return data


def _unit(row: dict[str, Any]) -> Unit:
    return Unit(str(row["ucum"]), str(row["ncit"]), float(row.get("factor", 1)))


@cache
def criteria() -> tuple[Criterion, ...]:
    found: list[Criterion] = []
    for row in raw()["criteria"]:
        unit = row.get("unit")
        low, high = row.get("range") or (None, None)
        found.append(
            Criterion(
                key=row["key"],
                kind=row["kind"],
                scope=row["scope"],
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                beacon_id=row["beacon_id"],
                beacon_label=row["beacon_label"],
                equivalent_ids=tuple(row.get("equivalent_ids") or ()),
                unit=_unit({**unit, "factor": 1}) if unit else None,
                unit_en=unit["label_en"] if unit else "",
                unit_zh=unit["label_zh"] if unit else "",
                units=tuple(_unit(u) for u in row.get("units") or ()),
                low=None if low is None else float(low),
                high=None if high is None else float(high),
                step=row.get("step"),
                choices=tuple(
                    Choice(c["key"], c["value"], c["label_en"], c["label_zh"], tuple(c.get("matches") or ()))
                    for c in row.get("choices") or ()
                ),
                locator=row["locator"].get("criterion"),
                fhir=row["locator"]["fhir"],
                sources=tuple(row["sources"]),
            )
        )
    return tuple(found)


def criterion(key: str) -> Criterion:
    for row in criteria():
        if row.key == key:
            return row
    raise KeyError(f"{key!r} is not a Locator criterion")


def measures() -> tuple[Criterion, ...]:
    return tuple(c for c in criteria() if c.kind == "measure")


def choice_criteria() -> tuple[Criterion, ...]:
    return tuple(c for c in criteria() if c.kind == "choice")


def by_beacon_id(beacon_id: str) -> Criterion | None:
    """The criterion a filter id names, by its own id or an equivalent one (case-insensitive)."""
    wanted = beacon_id.strip().upper()
    for row in criteria():
        if wanted in {row.beacon_id.upper(), *(i.upper() for i in row.equivalent_ids)}:
            return row
    return None


def matching_ids(beacon_id: str) -> frozenset[str]:
    """Assay codes a node must treat as the filter's: itself and its equivalents."""
    row = by_beacon_id(beacon_id)
    return frozenset({beacon_id, *((row.beacon_id, *row.equivalent_ids) if row else ())})


def matching_values(beacon_id: str, value: str) -> frozenset[str]:
    """Stored values that answer ``value`` of a choice criterion: itself and the codes it covers."""
    row = by_beacon_id(beacon_id)
    if row is None:
        return frozenset({value})
    for option in row.choices:
        if option.value.upper() == value.strip().upper():
            return frozenset({option.value, *option.matches})
    return frozenset({value})


def to_unit(criterion_: Criterion, value: float, unit: str) -> float | None:
    """A stored quantity in the criterion's unit; None when the unit (UCUM or NCIT id) is unknown."""
    wanted = unit.strip()
    for candidate in criterion_.units:
        if wanted in (candidate.ucum, candidate.ncit):
            return value * candidate.factor
    return None


def source(key: str) -> dict[str, str]:
    data: dict[str, str] = raw()["sources"][key]
    return data
