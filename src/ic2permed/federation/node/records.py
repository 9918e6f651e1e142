"""Beacon records of individuals and biosamples, for requesters a node's policy allows them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ic2permed.core.vocab import locator, miabis
from ic2permed.federation.node import units
from ic2permed.federation.node.catalogue import SEX_LABELS, icd_label
from ic2permed.federation.node.query import Query, Scope, biosamples_sql, individuals_sql
from ic2permed.federation.node.store import NodeStore


def records(store: NodeStore, entry: str, query: Query, scope: Scope, skip: int, limit: int) -> list[dict[str, Any]]:
    if query.impossible or limit <= 0:
        return []
    if entry == "individuals":
        sql, params = individuals_sql(query, scope, "i.pk, i.id, i.sex, i.ethnicity, i.geographic_origin, i.extra")
        rows = store.fetchall(f"{sql} ORDER BY i.pk LIMIT ? OFFSET ?", [*params, limit, skip])
        return individual_records(store, rows)
    sql, params = biosamples_sql(query, scope, SAMPLE_COLUMNS)
    rows = store.fetchall(f"{sql} ORDER BY b.pk LIMIT ? OFFSET ?", [*params, limit, skip])
    return biosample_records(store, rows)


SAMPLE_COLUMNS = "b.pk, b.id, i.id, b.material, b.origin, b.sampling_date, b.age, b.storage_temperature, b.extra"


def _by_owner(store: NodeStore, sql: str, owners: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows of a one-to-many table for these owners (the first selected column is the owner's pk)."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in owners}
    if owners:
        for row in store.fetchall(sql, [owners]):
            found[int(row[0])].append(row[1:])
    return found


def _age(years: Any) -> dict[str, str] | None:
    return None if years is None else {"iso8601duration": f"P{int(years)}Y"}


def _unit_term(unit_id: str | None) -> dict[str, str] | None:
    found = units.unit(unit_id)
    if found is not None and found.canonical == unit_id:
        return {"id": unit_id, "label": found.label}
    return _term(unit_id)


def _measure(assay: str, value: Any, value_term: Any, unit_id: Any, day: Any, age: Any) -> dict[str, Any] | None:
    """A Beacon measurement; None when its value cannot be written as one (a number without a unit)."""
    criterion = locator.by_beacon_id(str(assay))
    item: dict[str, Any] = {"assayCode": _term(str(assay), criterion.beacon_label if criterion else None)}
    if value_term is not None:
        item["measurementValue"] = {"id": str(value_term)}
    elif value is not None and unit_id is not None:
        item["measurementValue"] = {"value": float(value), "unit": _unit_term(str(unit_id))}
    else:
        return None
    if isinstance(day, date):
        item["date"] = day.isoformat()
    if age is not None:
        item["observationMoment"] = _age(age)
    return item


def _phenotype(term: Any, excluded: Any, age: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"featureType": {"id": str(term)}, "excluded": bool(excluded)}
    if age is not None:
        item["onset"] = _age(age)
    return item


def individual_parts(store: NodeStore, pks: list[int]) -> dict[int, dict[str, list[Any]]]:
    """Measures, procedures, treatments, phenotypic features, exposures and karyotypic sex, per individual."""
    found: dict[int, dict[str, list[Any]]] = {pk: {} for pk in pks}
    where = "WHERE individual_pk IN (SELECT unnest(?))"
    parts: dict[str, tuple[str, Any]] = {
        "measures": (
            f"SELECT individual_pk, assay, value, value_term, unit, date, age FROM measures {where}"
            " ORDER BY individual_pk, assay, date",
            lambda r: _measure(*r),
        ),
        "interventionsOrProcedures": (
            f"SELECT individual_pk, code, body_site, date, age FROM procedures {where} ORDER BY individual_pk, code",
            lambda r: {
                "procedureCode": {"id": r[0]},
                **({"bodySite": {"id": r[1]}} if r[1] else {}),
                **({"dateOfProcedure": r[2].isoformat()} if isinstance(r[2], date) else {}),
                **({"ageAtProcedure": _age(r[3])} if r[3] is not None else {}),
            },
        ),
        "treatments": (
            f"SELECT individual_pk, code, route, age FROM treatments {where} ORDER BY individual_pk, code",
            lambda r: {
                "treatmentCode": {"id": r[0]},
                **({"routeOfAdministration": {"id": r[1]}} if r[1] else {}),
                **({"ageAtOnset": _age(r[2])} if r[2] is not None else {}),
            },
        ),
        "phenotypicFeatures": (
            f"SELECT individual_pk, term, excluded, age FROM phenotypes {where} AND biosample_pk IS NULL"
            " ORDER BY individual_pk, term",
            lambda r: _phenotype(*r),
        ),
        # The schema requires age, unit and duration of an exposure; one without them stays in info.asImported.
        "exposures": (
            f"SELECT individual_pk, code, value, unit, date, age, duration FROM exposures {where}"
            " AND age IS NOT NULL AND unit IS NOT NULL AND duration IS NOT NULL ORDER BY individual_pk, code",
            lambda r: {
                "exposureCode": {"id": r[0]},
                **({"value": float(r[1])} if r[1] is not None else {}),
                "unit": _unit_term(r[2]),
                **({"date": r[3].isoformat()} if isinstance(r[3], date) else {}),
                "ageAtExposure": _age(r[4]),
                "duration": str(r[5]),
            },
        ),
    }
    for name, (sql, make) in parts.items():
        for pk, rows in _by_owner(store, sql, pks).items():
            items = [item for item in (make(r) for r in rows) if item is not None]
            if items:
                found[pk][name] = items
    for pk, rows in _by_owner(
        store, f"SELECT individual_pk, term FROM individual_terms {where} AND field = 'karyotypicSex'", pks
    ).items():
        if rows:
            found[pk]["karyotypicSex"] = [rows[0][0]]
    return found


def _term(term_id: str | None, label: str | None = None) -> dict[str, str] | None:
    if not term_id:
        return None
    return {"id": term_id, "label": label} if label else {"id": term_id}


def individual_records(store: NodeStore, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    pks = [int(r[0]) for r in rows]
    diseases: dict[int, list[dict[str, Any]]] = {pk: [] for pk in pks}
    if pks:
        for pk, code, age, _day in store.fetchall(
            "SELECT individual_pk, code, age_at_diagnosis, diagnosis_date FROM diseases"
            " WHERE individual_pk IN (SELECT unnest(?)) ORDER BY individual_pk, code",
            [pks],
        ):
            item: dict[str, Any] = {"diseaseCode": _term(f"ICD10:{code}", icd_label(str(code)))}
            if age is not None:
                item["ageOfOnset"] = {"iso8601duration": f"P{int(age)}Y"}
            diseases[int(pk)].append(item)
    parts = individual_parts(store, pks)
    found = []
    for pk, ident, sex, ethnicity, geo, extra in rows:
        record: dict[str, Any] = {"id": ident, "sex": _term(sex, SEX_LABELS.get(sex))}
        if ethnicity:
            record["ethnicity"] = _term(ethnicity)
        if geo:
            record["geographicOrigin"] = _term(geo)
        if diseases[int(pk)]:
            record["diseases"] = diseases[int(pk)]
        for name, items in parts[int(pk)].items():
            record[name] = items[0] if name == "karyotypicSex" else items
        if extra:
            record["info"] = {"asImported": json.loads(extra)}
        found.append(record)
    return found


ARRAY_TERMS = frozenset({"pathologicalTnmFinding", "diagnosticMarkers"})


def biosample_records(store: NodeStore, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Records of samples (rows as SAMPLE_COLUMNS), with their terms, measurements and phenotypic features."""
    pks = [int(r[0]) for r in rows]
    where = "WHERE biosample_pk IN (SELECT unnest(?))"
    terms = _by_owner(store, f"SELECT biosample_pk, field, term FROM sample_terms {where} ORDER BY ALL", pks)
    measured = _by_owner(
        store,
        f"SELECT biosample_pk, assay, value, value_term, unit, date, age FROM measurements {where} ORDER BY ALL",
        pks,
    )
    phenotypes = _by_owner(store, f"SELECT biosample_pk, term, excluded, age FROM phenotypes {where} ORDER BY ALL", pks)
    found = []
    for row in rows:
        pk = int(row[0])
        record = biosample_record(row[1:])
        for name, term in terms[pk]:
            if name == "obtentionProcedure":
                record[name] = {"procedureCode": {"id": term}}
            elif name in ARRAY_TERMS:
                record.setdefault(name, []).append({"id": term})
            else:
                record[name] = {"id": term}
        measurements = [m for m in (_measure(*r) for r in measured[pk]) if m is not None]
        if measurements:
            record["measurements"] = measurements
        if phenotypes[pk]:
            record["phenotypicFeatures"] = [_phenotype(*r) for r in phenotypes[pk]]
        found.append(record)
    return found


def biosample_record(row: tuple[Any, ...]) -> dict[str, Any]:
    ident, individual, material, origin, day, age, temperature, extra = row
    record: dict[str, Any] = {
        "id": ident,
        "individualId": individual,
        "biosampleStatus": {"id": "EFO:0009654", "label": "reference sample"},
        "sampleOriginType": _term(origin) or {"id": "OBI:0001479", "label": "specimen from organism"},
    }
    if isinstance(day, date):
        record["collectionDate"] = day.isoformat()
    if age is not None:
        record["collectionMoment"] = f"P{int(age)}Y"
    info: dict[str, Any] = {}
    if material:
        info["materialType"] = {"id": f"MIABIS:{material}", "label": _material_label(str(material))}
    if temperature is not None:
        info["storageTemperature"] = int(temperature)
    if extra:
        info["asImported"] = json.loads(extra)
    if info:
        record["info"] = info
    return record


def _material_label(code: str) -> str:
    try:
        return miabis.material_type(code).label_en
    except KeyError:
        return code
