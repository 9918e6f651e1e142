"""Requested use against a collection's DUO access conditions, by the DUO hierarchy (not set equality).

A collection's permission covers a requested use that is the same term or below it (NRES covers all;
GRU covers HMB covers DS); a disease-specific permission (``DS:<ICD-10>``) covers requests within that
disease. Modifiers either conflict with the request (NCU, NPU, NPUNCU, GSO, NMDS, NPOA) or are conditions the
requester must meet (IRB, COL, PUB, MOR, RTN, TS, US, PS, IS, GS).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ic2permed.core.i18n import N_
from ic2permed.core.vocab import duo, icd10

PERMISSIONS = frozenset({"NRES", "GRU", "HMB", "DS", "POA"})
CONDITIONS_TO_MEET = frozenset({"IRB", "COL", "PUB", "MOR", "RTN", "TS", "US", "PS", "IS", "GS"})


@dataclass(frozen=True)
class Use:
    """What the requester will do: DUO permission terms (e.g. ``HMB``, ``DS:E11``) and facts that modifiers test."""

    terms: tuple[str, ...]
    commercial: bool = False
    for_profit: bool = False
    genetic: bool = True
    methods_development: bool = False
    ancestry: bool = False


@dataclass(frozen=True)
class Finding:
    code: str
    kind: str  # "mismatch" (blocks a clean match) or "condition" (to be met)
    message: str


def _split(code: str) -> tuple[str, str | None]:
    head, _, disease = code.partition(":")
    if head.upper().startswith("DUO"):
        return duo.term(code).shorthand or code, None
    return head.strip().upper(), (disease.strip().upper() or None)


def _ancestors(shorthand: str) -> list[str]:
    """The shorthand and its ancestors' shorthands, following DUO's parent links."""
    by_id = {t.id: t for t in duo.terms()}
    chain: list[str] = []
    current = duo.term(shorthand)
    while True:
        if current.shorthand:
            chain.append(current.shorthand)
        parent = _parent(current.id)
        if parent is None or parent not in by_id:
            return chain
        current = by_id[parent]


@cache
def _parents() -> dict[str, str]:
    data = json.loads((files("ic2permed.core.vocab") / "data" / "duo.json").read_text(encoding="utf-8"))
    return {row["id"]: row["parent"] for row in data["terms"] if row.get("parent")}


def _parent(term_id: str) -> str | None:
    return _parents().get(term_id)


def is_known(code: str) -> bool:
    """A DUO permission term a request may name: GRU, HMB, POA, NRES, DS or DS:<ICD-10 code or range>."""
    try:
        head, disease = _split(code)
    except KeyError:
        return False
    if head not in PERMISSIONS:
        return False
    if disease is None:
        return True
    if head != "DS":
        return False
    return all(icd10.try_normalise(part) is not None for part in disease.split("-"))


def covers(granted: str, requested: str) -> bool:
    """Does the collection's permission `granted` cover the requested use `requested`?"""
    g, g_disease = _split(granted)
    r, r_disease = _split(requested)
    if g == "NRES":
        return True
    if g not in _ancestors(r):
        return False
    if g == "DS" and g_disease:
        if r != "DS" or not r_disease:
            return False
        return r_disease == g_disease or _within(r_disease, g_disease)
    return True


def _within(code: str, ancestor: str) -> bool:
    try:
        return icd10.is_within(code, ancestor)
    except (KeyError, ValueError):
        return False


def match(conditions: list[str], use: Use) -> list[Finding]:
    """Findings for one collection; no findings of kind "mismatch" means the use fits its conditions."""
    findings: list[Finding] = []
    permissions = [c for c in conditions if _split(c)[0] in PERMISSIONS]
    modifiers = [_split(c)[0] for c in conditions if _split(c)[0] not in PERMISSIONS]
    if permissions and use.terms:
        for requested in use.terms:
            if not any(covers(granted, requested) for granted in permissions):
                findings.append(
                    Finding(requested, "mismatch", N_("The requested use is not covered by the collection's consent."))
                )
    rules = (
        ("NCU", use.commercial, N_("Non-commercial use only, but the use is commercial.")),
        ("NPUNCU", use.commercial or use.for_profit, N_("Not-for-profit, non-commercial use only.")),
        ("NPU", use.for_profit, N_("Use by not-for-profit organisations only.")),
        ("GSO", not use.genetic, N_("Genetic studies only, but the use is not a genetic study.")),
        ("NMDS", use.methods_development, N_("No general methods research.")),
        ("NPOA", use.ancestry, N_("Population origins or ancestry research is prohibited.")),
    )
    for code, broken, message in rules:
        if code in modifiers and broken:
            findings.append(Finding(code, "mismatch", message))
    for code in modifiers:
        if code in CONDITIONS_TO_MEET:
            findings.append(Finding(code, "condition", duo.term(code).label_en))
    return findings


def mismatches(conditions: list[str], use: Use) -> list[Finding]:
    return [f for f in match(conditions, use) if f.kind == "mismatch"]


def label(code: str, locale: str) -> str:
    """A DUO code's label in `locale` (DS:<ICD-10> keeps its disease code), or the code when DUO lacks it."""
    try:
        head, disease = _split(code)
        text = duo.term(head).label(locale)
    except KeyError:
        return code
    return f"{text} ({disease})" if disease else text
