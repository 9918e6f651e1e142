"""Units of measure a node converts, and the assay codes it treats as one.

A measure is stored in its dimension's canonical unit (mass in kilograms, length in centimetres) so that
one filter value compares every row; a unit the node does not know is kept as given and compared as is.
Units are recognised by NCIT id (as Beacon data carries them), by UCUM code, or by label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ic2permed.core.vocab import locator

KILOGRAM = "NCIT:C28252"
CENTIMETER = "NCIT:C49668"
KG_PER_M2 = "NCIT:C49671"


@dataclass(frozen=True)
class Unit:
    canonical: str  # the unit id stored
    factor: float  # value in this unit x factor = value in the canonical unit
    label: str  # the canonical unit's label


_KG = ("Kilogram", KILOGRAM)
_CM = ("Centimeter", CENTIMETER)
_BMI = ("Kilogram per Square Meter", KG_PER_M2)
# name (NCIT id, UCUM code or lower-case label) -> (canonical, factor)
_TABLE: dict[str, tuple[tuple[str, str], float]] = {
    KILOGRAM: (_KG, 1.0),
    "kg": (_KG, 1.0),
    "kilogram": (_KG, 1.0),
    "g": (_KG, 1e-3),
    "NCIT:C48155": (_KG, 1e-3),  # Gram (core/vocab/data/locator.json)
    "gram": (_KG, 1e-3),
    "NCIT:C28253": (_KG, 1e-6),  # Milligram
    "mg": (_KG, 1e-6),
    "milligram": (_KG, 1e-6),
    "[lb_av]": (_KG, 0.45359237),
    "lb": (_KG, 0.45359237),
    "pound": (_KG, 0.45359237),
    CENTIMETER: (_CM, 1.0),
    "cm": (_CM, 1.0),
    "centimeter": (_CM, 1.0),
    "centimetre": (_CM, 1.0),
    "m": (_CM, 100.0),
    "NCIT:C41139": (_CM, 100.0),  # Meter (core/vocab/data/locator.json)
    "meter": (_CM, 100.0),
    "metre": (_CM, 100.0),
    "mm": (_CM, 0.1),
    "millimeter": (_CM, 0.1),
    "millimetre": (_CM, 0.1),
    "[in_i]": (_CM, 2.54),
    "in": (_CM, 2.54),
    "inch": (_CM, 2.54),
    KG_PER_M2: (_BMI, 1.0),
    "kg/m2": (_BMI, 1.0),
    "kg/m^2": (_BMI, 1.0),
    "kilogram per square meter": (_BMI, 1.0),
}


_WITH_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z\[\]_/^0-9 ]+?)\s*$")


def unit(name: str | None, label: str | None = None) -> Unit | None:
    """The conversion for a unit given by id, UCUM code or label; None when the node does not know it."""
    for key in (name, (name or "").lower(), (label or "").strip().lower()):
        if key and key in _TABLE:
            (canonical_label, canonical), factor = _TABLE[key]
            return Unit(canonical, factor, canonical_label)
    return None


def canonical(value: float, name: str | None, label: str | None = None) -> tuple[float, str | None]:
    """(value, unit id) in the canonical unit when the unit is known, else as given."""
    found = unit(name, label)
    if found is None:
        return value, name
    return _exact(value * found.factor), found.canonical


def _exact(value: float) -> float:
    """Drop the binary noise of a conversion (50 mg is 5e-05 kg, not 4.9999999999999996e-05)."""
    return float(f"{value:.12g}")


def value_with_unit(text: str) -> tuple[float, str] | None:
    """``"70 kg"``, ``"1.75m"`` → (value in the canonical unit, canonical unit id); None if no known unit."""
    match = _WITH_UNIT.match(text)
    if not match:
        return None
    found = unit(match.group(2).strip())
    if found is None:
        return None
    return _exact(float(match.group(1)) * found.factor), found.canonical


def assays(code: str) -> tuple[str, ...]:
    """Assay codes that name one quantity (the Locator vocabulary's equivalents), sorted.

    Beacon reference data (CINECA synthetic cohort, beacon2-ri) codes BMI as LOINC:35925-4, which in LOINC
    is the *part* LP35925-4 "Body mass index"; the observation code is 39156-5 "Body mass index (BMI)
    [Ratio]". A filter on either answers both, and the same for weight and height.
    """
    return tuple(sorted(locator.matching_ids(code)))


def values(assay: str, value: str) -> tuple[str, ...]:
    """Stored ontology values that answer `value` of `assay` (e.g. "current smoker" covers daily smokers)."""
    return tuple(sorted(locator.matching_values(assay, value)))
