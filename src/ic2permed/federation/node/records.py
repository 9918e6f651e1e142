"""Beacon records of individuals and biosamples, for requesters a node's policy allows them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ic2permed.core.vocab import miabis
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
    sql, params = biosamples_sql(
        query, scope, "b.id, i.id, b.material, b.origin, b.sampling_date, b.age, b.storage_temperature, b.extra"
    )
    rows = store.fetchall(f"{sql} ORDER BY b.pk LIMIT ? OFFSET ?", [*params, limit, skip])
    return [biosample_record(row) for row in rows]


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
    found = []
    for pk, ident, sex, ethnicity, geo, extra in rows:
        record: dict[str, Any] = {"id": ident, "sex": _term(sex, SEX_LABELS.get(sex))}
        if ethnicity:
            record["ethnicity"] = _term(ethnicity)
        if geo:
            record["geographicOrigin"] = _term(geo)
        if diseases[int(pk)]:
            record["diseases"] = diseases[int(pk)]
        if extra:
            record["info"] = {"asImported": json.loads(extra)}
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
