"""Criteria → a Beacon v2 request body, and a Beacon count response → a node answer.

The filter ids are the contract between hub and nodes: sex by NCIT id, diseases as ``ICD10:`` terms with
descendants, MIABIS material types as ``MIABIS:`` terms, the alphanumeric filters ``age`` (at
sampling) and ``samplingDate``, and the Locator's criteria (core/vocab/locator.py): measures as
alphanumeric filters on their LOINC assay code with values in the criterion's unit (BMI kg/m², weight kg,
height cm), smoking and fasting status as ``=`` filters whose value is the answer's CURIE.
"""

from __future__ import annotations

from typing import Any

from ic2permed.core.vocab import locator
from ic2permed.federation.hub.schemas import CHOICES, MEASURES, Criteria, Sex

SEX_TERMS = {Sex.FEMALE: "NCIT:C16576", Sex.MALE: "NCIT:C20197"}
SCHEMA = "beacon-individual-v2.0.0"


def filters(criteria: Criteria) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if criteria.sex is not None:
        found.append({"id": SEX_TERMS[criteria.sex], "scope": "individual"})
    for code in criteria.diseases:
        found.append({"id": f"ICD10:{code}", "includeDescendantTerms": True, "scope": "individual"})
    for material in criteria.materials:
        found.append({"id": f"MIABIS:{material}", "scope": "biosample"})
    if criteria.age_min is not None:
        found.append({"id": "age", "operator": ">=", "value": str(criteria.age_min), "scope": "biosample"})
    if criteria.age_max is not None:
        found.append({"id": "age", "operator": "<=", "value": str(criteria.age_max), "scope": "biosample"})
    if criteria.sampled_from is not None:
        found.append({"id": "samplingDate", "operator": ">=", "value": criteria.sampled_from.isoformat()})
    if criteria.sampled_to is not None:
        found.append({"id": "samplingDate", "operator": "<=", "value": criteria.sampled_to.isoformat()})
    found.extend(locator_filters(criteria))
    return found


def locator_filters(criteria: Criteria) -> list[dict[str, Any]]:
    """The Locator's measures (a range is two filters) and statuses, at the level the value belongs to."""
    found: list[dict[str, Any]] = []
    for key in MEASURES:
        measure = locator.criterion(key)
        for operator, value in zip((">=", "<="), criteria.measure_range(key), strict=True):
            if value is not None:
                found.append(
                    {"id": measure.beacon_id, "operator": operator, "value": f"{value:g}", "scope": measure.scope}
                )
    for key in CHOICES:
        chosen: str | None = getattr(criteria, key)
        if chosen is not None:
            status = locator.criterion(key)
            found.append(
                {"id": status.beacon_id, "operator": "=", "value": status.choice(chosen).value, "scope": status.scope}
            )
    return found


def body(criteria: Criteria) -> dict[str, Any]:
    request: dict[str, Any] = {
        "meta": {"apiVersion": "v2.0", "requestedSchemas": [{"entityType": "individual", "schema": SCHEMA}]},
        "query": {
            "filters": filters(criteria),
            "requestedGranularity": "count",
            "includeResultsetResponses": "HIT",
            "pagination": {"skip": 0, "limit": 0},
            "testMode": False,
        },
    }
    if criteria.stratify:
        request["query"]["requestParameters"] = {"stratify": list(criteria.stratify)}
    return request


def read_strata(payload: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``info.strata[name][value] = {count, countPrecision}`` as the nodes send it, reduced to counts."""
    info = payload.get("info")
    raw = info.get("strata") if isinstance(info, dict) else None
    found: dict[str, dict[str, int]] = {}
    if isinstance(raw, dict):
        for name, values in raw.items():
            if isinstance(values, dict):
                found[str(name)] = {
                    str(value): int(cell["count"] if isinstance(cell, dict) else cell)
                    for value, cell in values.items()
                    if isinstance(cell, dict | int) and (not isinstance(cell, dict) or "count" in cell)
                }
    return found


def read_count(payload: dict[str, Any]) -> tuple[bool | None, int | None, str | None, list[str]]:
    """(exists, count, precision, notes) from a Beacon boolean or count response."""
    summary = payload.get("responseSummary") or {}
    exists = summary.get("exists")
    count = summary.get("numTotalResults")
    info = payload.get("info") or {}
    precision = None
    notes: list[str] = []
    if isinstance(info, dict):
        precision = info.get("countPrecision") or (info.get("privacy") or {}).get("countPrecision")
        for key in ("warnings", "notes", "messages"):
            values = info.get(key)
            if isinstance(values, list):
                notes.extend(str(v if not isinstance(v, dict) else v.get("message", v)) for v in values)
        privacy = info.get("privacy")
        if isinstance(privacy, dict) and privacy.get("description"):
            notes.append(str(privacy["description"]))
    return (
        bool(exists) if exists is not None else None,
        int(count) if isinstance(count, int | float) else None,
        str(precision) if precision else None,
        notes,
    )
