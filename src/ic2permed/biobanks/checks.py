"""Steward checks: data-quality problems a curator can act on, as a plain list (pure, table-tested)."""

from __future__ import annotations

from collections.abc import Sequence

from ic2permed.biobanks import orpha
from ic2permed.biobanks.codes import BadCode, miabis_code
from ic2permed.biobanks.schemas import BiobankRead, CollectionRead, Problem
from ic2permed.core.i18n import N_
from ic2permed.core.vocab import icd10

STALE_AFTER_YEARS = 5
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
LISTS = ("material_types", "collection_types", "data_categories")
# What each kind of problem means, in words the page translates (the message keeps the specifics).
KINDS = {
    "samples_below_donors": N_("Fewer samples than donors"),
    "no_counts": N_("No donor or sample count"),
    "stale_counts": N_("Counts without a recent year"),
    "unknown_icd10": N_("Disease code not in ICD-10"),
    "unknown_code": N_("Code not on the MIABIS list"),
    "missing_name_zh": N_("No Chinese name"),
    "no_sources": N_("No source cited"),
    "unverified": N_("Not confirmed by a retrieved source"),
}


def _counts(
    kind: str, item: BiobankRead | CollectionRead, this_year: int, stale_after: int
) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    donors, samples, year = item.donors, item.samples, item.count_year
    if donors is not None and samples is not None and samples < donors:
        found.append(("error", "samples_below_donors", f"{samples} samples is fewer than {donors} donors"))
    if donors is None and samples is None:
        found.append(("info", "no_counts", "no donor or sample count"))
    elif year is None:
        found.append(("warning", "stale_counts", "counts have no year"))
    elif this_year - year > stale_after:
        found.append(("warning", "stale_counts", f"counts are from {year}, over {stale_after} years old"))
    return found


def _codes(item: BiobankRead | CollectionRead) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for code in item.diseases:
        if orpha.is_orpha(code):
            continue
        if not icd10.is_known(code):
            found.append(("error", "unknown_icd10", f"{code!r} is not an ICD-10 code"))
    for list_name in LISTS:
        for code in getattr(item, list_name):
            try:
                miabis_code(list_name, code)
            except BadCode as exc:
                found.append(("error", "unknown_code", str(exc)))
    return found


def _provenance(item: BiobankRead | CollectionRead) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    if not item.name_zh:
        found.append(("warning", "missing_name_zh", "no Chinese name"))
    if not item.sources:
        found.append(("warning", "no_sources", "no source cited"))
    if not item.verified:
        found.append(("info", "unverified", "not confirmed by a retrieved source"))
    return found


def check(
    biobanks: Sequence[BiobankRead],
    collections: Sequence[CollectionRead],
    this_year: int,
    stale_after: int = STALE_AFTER_YEARS,
) -> list[Problem]:
    """Every problem, errors first."""
    problems: list[Problem] = []
    items: list[tuple[str, BiobankRead | CollectionRead]] = [("biobank", b) for b in biobanks]
    items += [("collection", c) for c in collections]
    for kind, item in items:
        findings = _counts(kind, item, this_year, stale_after) + _codes(item) + _provenance(item)
        problems.extend(
            Problem(
                severity=severity,
                entity_type=kind,
                entity_id=item.id,
                name=item.name_en,
                code=code,
                message=message,
            )
            for severity, code, message in findings
        )
    problems.sort(key=lambda p: (SEVERITY_ORDER[p.severity], p.entity_type, p.entity_id, p.code))
    return problems
