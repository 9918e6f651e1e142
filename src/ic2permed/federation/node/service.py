"""The node's use cases: answer a Beacon query, list terms, show entries, under the node's policy.

Handlers parse a request into a `BeaconQuery`, call one function here with the `Requester`, and return the
dict it gives back. Disclosure is applied here, once, through `federation.disclosure`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ic2permed.core.errors import Forbidden, NotFound
from ic2permed.core.vocab import icd10, miabis
from ic2permed.federation import disclosure
from ic2permed.federation.beacon import wire
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.policy import BudgetLedger, LogEntry, NodePolicy, QueryLog, Requester
from ic2permed.federation.node.query import (
    ALPHANUMERIC,
    Filter,
    Query,
    Scope,
    biosamples_sql,
    compile_filters,
    individual_conditions,
    individuals_sql,
)
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, SEX_UNKNOWN, NodeStore

SEX_LABELS = {SEX_FEMALE: "female", SEX_MALE: "male", SEX_UNKNOWN: "unknown"}
STRATA = ("sex", "ageBand", "material", "icd10Chapter")
QUERY_ENTRIES = ("individuals", "biosamples")


@dataclass(frozen=True)
class BeaconQuery:
    """A parsed Beacon request for one entry type."""

    entry: str
    filters: list[Filter]
    raw_filters: list[Any]
    granularity: str = "boolean"
    skip: int = 0
    limit: int = 10
    include: str = "HIT"
    scope: Scope = field(default_factory=Scope)
    stratify: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        return wire.received_summary(
            self.raw_filters, self.granularity, self.skip, self.limit, self.entry, self.include
        )


@dataclass(frozen=True)
class TermCount:
    """A filtering term this node holds, with how many donors hold it (never shown, used to hide)."""

    id: str
    label: str | None
    scope: str
    donors: int


class Node:
    """App-wide state made once in the lifespan: store, policy, budget ledger, query log, term catalogue."""

    def __init__(
        self,
        store: NodeStore,
        policy: NodePolicy,
        log: QueryLog,
        beacon_id: str | None = None,
        use_index: bool = True,
        ledger: BudgetLedger | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.log = log
        self.ledger = ledger or BudgetLedger(policy.protection, log.used_today())
        meta = store.meta()
        self.name = meta.get("name", store.path.stem)
        self.beacon_id = beacon_id or f"org.ic2permed.node.{store.path.stem}"
        self.catalogue = build_catalogue(store)
        self.index = DonorIndex.build(store) if use_index else None
        self.disease_ids = frozenset(
            str(c) for (c,) in store.fetchall("SELECT DISTINCT code FROM diseases WHERE code3 = ''")
        )


def _chapter_ranges() -> list[tuple[str, str, str]]:
    ranges = []
    for chapter in icd10.chapters():
        blocks = icd10.children(chapter)
        if blocks:
            ranges.append((chapter, blocks[0].split("-")[0], blocks[-1].split("-")[-1]))
    return ranges


def chapter_case(column: str = "d.code3") -> str:
    """A SQL CASE naming the ICD-10 chapter of a 3-character category."""
    whens = " ".join(f"WHEN {column} BETWEEN '{lo}' AND '{hi}' THEN '{ch}'" for ch, lo, hi in _chapter_ranges())
    return f"CASE {whens} ELSE NULL END"


def build_catalogue(store: NodeStore) -> list[TermCount]:
    """Every ontology term present, with its donor count, computed once at start-up."""
    terms: list[TermCount] = []
    for column, scope, labels in (
        ("sex", "individual", SEX_LABELS),
        ("ethnicity", "individual", {}),
        ("geographic_origin", "individual", {}),
    ):
        rows = store.fetchall(f"SELECT {column}, count(*) FROM individuals WHERE {column} IS NOT NULL GROUP BY 1")
        terms.extend(TermCount(str(v), labels.get(str(v)), scope, int(n)) for v, n in rows)
    material_labels = {t.code: t.label_en for t in miabis.material_types()}
    for column, scope, prefix in (("material", "biosample", "MIABIS:"), ("origin", "biosample", "")):
        rows = store.fetchall(
            f"SELECT {column}, count(DISTINCT individual_pk) FROM biosamples WHERE {column} IS NOT NULL GROUP BY 1"
        )
        for value, n in rows:
            label = material_labels.get(str(value)) if prefix else None
            terms.append(TermCount(f"{prefix}{value}", label, scope, int(n)))
    for code, code3, n in store.fetchall(
        "SELECT code, code3, count(DISTINCT individual_pk) FROM diseases GROUP BY 1, 2"
    ):
        if code3:
            terms.append(TermCount(f"ICD10:{code}", _icd_label(str(code)), "individual", int(n)))
        else:
            terms.append(TermCount(str(code), None, "individual", int(n)))
    listed = {t.id for t in terms}
    for code3, n in store.fetchall(
        "SELECT code3, count(DISTINCT individual_pk) FROM diseases WHERE code3 <> '' GROUP BY 1"
    ):
        if f"ICD10:{code3}" not in listed:
            terms.append(TermCount(f"ICD10:{code3}", _icd_label(str(code3)), "individual", int(n)))
    blocks: set[str] = set()
    for (code3,) in store.fetchall("SELECT DISTINCT code3 FROM diseases WHERE code3 <> ''"):
        blocks.update(a for a in icd10.ancestors(str(code3)) if "-" in a)
    for block in sorted(blocks):
        lo, hi = block.split("-")
        n = store.scalar("SELECT count(DISTINCT individual_pk) FROM diseases WHERE code3 BETWEEN ? AND ?", [lo, hi])
        terms.append(TermCount(f"ICD10:{block}", _icd_label(block), "individual", int(n)))
    for chapter, n in store.fetchall(
        f"SELECT {chapter_case('code3')} AS ch, count(DISTINCT individual_pk) FROM diseases GROUP BY 1"
    ):
        if chapter:
            terms.append(TermCount(f"ICD10:{chapter}", _icd_label(str(chapter)), "individual", int(n)))
    return terms


def _icd_label(code: str) -> str | None:
    try:
        return icd10.label(code)
    except Exception:  # codes outside the WHO list have no label of their own
        return None


def filtering_terms(node: Node) -> dict[str, Any]:
    """Only terms held by at least the threshold of donors are listed; alphanumeric fields always are."""
    shown: list[dict[str, Any]] = []
    for term in node.catalogue:
        if disclosure.listable(term.donors, node.policy.protection):
            item: dict[str, Any] = {"type": "ontologyTerm", "id": term.id, "scopes": [term.scope]}
            if term.label:
                item["label"] = term.label
            shown.append(item)
    for f in ALPHANUMERIC.values():
        shown.append({"type": "alphanumeric", "id": f.id, "label": f.description, "scopes": [f.level]})
    resources = [
        {
            "id": "ICD10",
            "name": "International Classification of Diseases, 10th revision",
            "nameSpacePrefix": "ICD10",
            "url": "https://icd.who.int/browse10/2019/en",
        },
        {
            "id": "NCIT",
            "name": "NCI Thesaurus",
            "nameSpacePrefix": "NCIT",
            "iriPrefix": "http://purl.obolibrary.org/obo/NCIT_",
        },
        {
            "id": "UBERON",
            "name": "Uberon anatomy ontology",
            "nameSpacePrefix": "UBERON",
            "iriPrefix": "http://purl.obolibrary.org/obo/UBERON_",
        },
        {
            "id": "GAZ",
            "name": "Gazetteer",
            "nameSpacePrefix": "GAZ",
            "iriPrefix": "http://purl.obolibrary.org/obo/GAZ_",
        },
        {"id": "MIABIS", "name": "MIABIS material types (BBMRI-ERIC Directory codes)", "nameSpacePrefix": "MIABIS"},
    ]
    return wire.filtering_terms_response(node.beacon_id, shown, resources)


def _count(node: Node, entry: str, query: Query, scope: Scope) -> int:
    """From the in-memory index when it can answer, else from SQL (both exact)."""
    if node.index is not None:
        found = node.index.count(entry, query, scope)
        if found is not None:
            return found
    sql, params = (individuals_sql if entry == "individuals" else biosamples_sql)(query, scope)
    return int(node.store.scalar(sql, params) or 0)


def strata(node: Node, entry: str, query: Query, scope: Scope, wanted: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """True donor counts per stratum of the matching set (sex, age band at sampling, material, chapter)."""
    where, params = individual_conditions(query, scope, with_samples=True)
    sample_where = " AND ".join(["TRUE", *(c for c, _ in query.sample)])
    sample_params = [p for _, ps in query.sample for p in ps]
    result: dict[str, dict[str, int]] = {}
    for name in wanted:
        if name == "sex":
            rows = node.store.fetchall(f"SELECT i.sex, count(*) FROM individuals i WHERE {where} GROUP BY 1", params)
        elif name == "ageBand":
            rows = node.store.fetchall(
                f"SELECT CAST(a // 10 * 10 AS INTEGER), count(*) FROM (SELECT i.pk, min(b.age) AS a FROM individuals i"
                f" JOIN biosamples b ON b.individual_pk = i.pk WHERE {where} AND {sample_where}"
                " AND b.age IS NOT NULL GROUP BY i.pk) GROUP BY 1",
                params + sample_params,
            )
            rows = [(f"{int(lo)}-{int(lo) + 9}", n) for lo, n in rows]
        elif name == "material":
            rows = node.store.fetchall(
                f"SELECT 'MIABIS:' || b.material, count(DISTINCT i.pk) FROM individuals i JOIN biosamples b"
                f" ON b.individual_pk = i.pk WHERE {where} AND {sample_where} GROUP BY 1",
                params + sample_params,
            )
        elif name == "icd10Chapter":
            rows = node.store.fetchall(
                f"SELECT 'ICD10:' || {chapter_case()}, count(DISTINCT i.pk) FROM individuals i JOIN diseases d"
                f" ON d.individual_pk = i.pk WHERE {where} GROUP BY 1",
                params,
            )
        else:
            continue
        result[name] = {str(k): int(n) for k, n in rows if k is not None}
    return result


def run_query(node: Node, requester: Requester, q: BeaconQuery, endpoint: str) -> dict[str, Any]:
    """Answer one Beacon query at the granularity the requester may have, charging their budget."""
    ceiling = node.policy.ceiling(requester)
    granularity = disclosure.cap_granularity(q.granularity, ceiling)
    budget = node.ledger.charge(requester.id)
    query = compile_filters(q.filters, node.disease_ids)
    warnings = list(query.warnings)
    if granularity != q.granularity and q.granularity in disclosure.GRANULARITIES:
        warnings.append(
            f"Granularity {q.granularity!r} is not available to this requester; answered as {granularity!r}."
        )
    true = 0 if query.impossible else _count(node, q.entry, query, q.scope)
    protection = node.policy.protection
    meta = wire.response_meta(node.beacon_id, q.entry, granularity, q.summary())
    info: dict[str, Any] = {"privacy": disclosure.describe(protection), "warnings": warnings}
    if budget is not None:
        info["budgetLeftToday"] = budget
    if granularity == "record":
        info["countPrecision"] = disclosure.EXACT
        response = wire.resultsets_response(
            meta, node.beacon_id, true, records(node, q.entry, query, q.scope, q.skip, q.limit), info
        )
        answer: dict[str, Any] = {"count": true, "records": min(max(true - q.skip, 0), q.limit)}
    else:
        shown = disclosure.disclose_count(true, protection, requester.id, q.entry)
        info["countPrecision"] = shown.precision
        if shown.adjustments:
            info["adjustments"] = list(shown.adjustments)
        if q.stratify and granularity == "count":
            counts = strata(node, q.entry, query, q.scope, q.stratify)
            info["strata"] = {
                name: {
                    k: {"count": d.count, "countPrecision": d.precision}
                    for k, d in disclosure.disclose_strata(v, protection, requester.id, f"{q.entry}:{name}").items()
                }
                for name, v in counts.items()
            }
        if granularity == "count":
            response = wire.count_response(meta, shown.exists, shown.count, info)
            answer = {"count": shown.count, "precision": shown.precision}
        else:
            response = wire.boolean_response(meta, shown.exists, info)
            answer = {"exists": shown.exists}
    node.log.add(LogEntry(datetime.now(UTC), requester.id, endpoint, granularity, query.key or "(all)", answer))
    return response


def records(node: Node, entry: str, query: Query, scope: Scope, skip: int, limit: int) -> list[dict[str, Any]]:
    if query.impossible or limit <= 0:
        return []
    if entry == "individuals":
        sql, params = individuals_sql(query, scope, "i.pk, i.id, i.sex, i.ethnicity, i.geographic_origin, i.extra")
        rows = node.store.fetchall(f"{sql} ORDER BY i.pk LIMIT ? OFFSET ?", [*params, limit, skip])
        return individual_records(node, rows)
    sql, params = biosamples_sql(
        query, scope, "b.id, i.id, b.material, b.origin, b.sampling_date, b.age, b.storage_temperature, b.extra"
    )
    rows = node.store.fetchall(f"{sql} ORDER BY b.pk LIMIT ? OFFSET ?", [*params, limit, skip])
    return [biosample_record(row) for row in rows]


def _term(term_id: str | None, label: str | None = None) -> dict[str, str] | None:
    if not term_id:
        return None
    return {"id": term_id, "label": label} if label else {"id": term_id}


def individual_records(node: Node, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    pks = [int(r[0]) for r in rows]
    diseases: dict[int, list[dict[str, Any]]] = {pk: [] for pk in pks}
    if pks:
        for pk, code, age, _day in node.store.fetchall(
            "SELECT individual_pk, code, age_at_diagnosis, diagnosis_date FROM diseases"
            " WHERE individual_pk IN (SELECT unnest(?)) ORDER BY individual_pk, code",
            [pks],
        ):
            item: dict[str, Any] = {"diseaseCode": _term(f"ICD10:{code}", _icd_label(str(code)))}
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


def require_records(node: Node, requester: Requester) -> None:
    if node.policy.ceiling(requester) != "record":
        raise Forbidden("record-level data is not available to this requester")


def single_entry(node: Node, requester: Requester, entry: str, ident: str) -> dict[str, Any]:
    """One individual or biosample by id: records only, so only for requesters allowed records."""
    require_records(node, requester)
    node.ledger.charge(requester.id)
    if entry == "individuals":
        rows = node.store.fetchall(
            "SELECT i.pk, i.id, i.sex, i.ethnicity, i.geographic_origin, i.extra FROM individuals i WHERE i.id = ?",
            [ident],
        )
        results = individual_records(node, rows)
    else:
        rows = node.store.fetchall(
            "SELECT b.id, i.id, b.material, b.origin, b.sampling_date, b.age, b.storage_temperature, b.extra"
            " FROM biosamples b JOIN individuals i ON i.pk = b.individual_pk WHERE b.id = ?",
            [ident],
        )
        results = [biosample_record(r) for r in rows]
    if not results:
        raise NotFound(f"no {wire.ENTRY_TYPES[entry]['id']} with id {ident!r}")
    summary = wire.received_summary([], "record", 0, 1, entry)
    meta = wire.response_meta(node.beacon_id, entry, "record", summary)
    node.log.add(LogEntry(datetime.now(UTC), requester.id, f"{entry}/{ident}", "record", f"id={ident}", {"count": 1}))
    return wire.resultsets_response(meta, node.beacon_id, 1, results, {})


def individual_exists(node: Node, ident: str) -> None:
    if node.store.scalar("SELECT count(*) FROM individuals WHERE id = ?", [ident]) == 0:
        raise NotFound(f"no individual with id {ident!r}")


def collections(node: Node, entry: str, ident: str | None, skip: int, limit: int) -> dict[str, Any]:
    """Datasets and cohorts are descriptions, not donor data: listed to every requester."""
    kind = wire.ENTRY_TYPES[entry]["id"]
    sql = "SELECT body FROM collections WHERE kind = ?"
    params: list[Any] = [kind]
    if ident is not None:
        sql += " AND id = ?"
        params.append(ident)
    bodies = [json.loads(b) for (b,) in node.store.fetchall(sql + " ORDER BY id", params)]
    if ident is not None and not bodies:
        raise NotFound(f"no {kind} with id {ident!r}")
    summary = wire.received_summary([], "record", skip, limit, entry)
    meta = wire.response_meta(node.beacon_id, entry, "record", summary)
    return wire.collections_response(meta, bodies[skip : skip + limit], len(bodies))


def collection_exists(node: Node, entry: str, ident: str) -> None:
    kind = wire.ENTRY_TYPES[entry]["id"]
    if node.store.scalar("SELECT count(*) FROM collections WHERE kind = ? AND id = ?", [kind, ident]) == 0:
        raise NotFound(f"no {kind} with id {ident!r}")


def info_document(node: Node) -> dict[str, Any]:
    return {
        "privacy": disclosure.describe(node.policy.protection),
        "countPrecision": disclosure.describe(node.policy.protection)["countPrecision"],
        "jurisdiction": node.policy.jurisdiction,
        "maxGranularityForAnonymous": "count",
        "filteringSemantics": "AND; sample-level filters must hold for one and the same sample",
        "strata": list(STRATA),
    }


def default_log_path(db: Path) -> Path:
    return Path(db).with_name(Path(db).name + ".querylog.sqlite")
