"""The node's use cases: answer a Beacon query, list terms, show entries, under the node's policy.

Handlers parse a request into a `BeaconQuery`, call one function here with the `Requester`, and return the
dict it gives back. Disclosure is applied here, once, through `federation.disclosure`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ic2permed.core.errors import Forbidden, NotFound
from ic2permed.federation import disclosure
from ic2permed.federation.beacon import wire
from ic2permed.federation.node.catalogue import (
    build_catalogue,
    chapter_case,
    filtering_terms_document,
    load_holdings,
)
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.policy import BudgetLedger, LogEntry, NodePolicy, QueryLog, Requester
from ic2permed.federation.node.query import (
    Filter,
    Query,
    Scope,
    biosamples_sql,
    compile_filters,
    individual_conditions,
    individuals_sql,
    sample_conditions,
)
from ic2permed.federation.node.records import SAMPLE_COLUMNS, biosample_records, individual_records, records
from ic2permed.federation.node.store import NodeStore

STRATA = ("sex", "ageBand", "material", "icd10Chapter")
QUERY_ENTRIES = ("individuals", "biosamples")
# Donors and samples up to which a count is answered on the event loop: about half a millisecond of numpy
# work at most (measured: 0.2 ms for 52,000 samples); larger nodes answer in a worker thread.
INLINE_MAX_ROWS = 150_000


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
        self.holdings = load_holdings(store)
        self.disease_ids = frozenset(
            str(c) for (c,) in store.fetchall("SELECT DISTINCT code FROM diseases WHERE code3 = ''")
        )


def filtering_terms(node: Node) -> dict[str, Any]:
    return filtering_terms_document(node.beacon_id, node.catalogue, node.policy.protection)


def _count_in_memory(node: Node, entry: str, query: Query, scope: Scope) -> tuple[int, int] | None:
    """The exact count and the answered set's fingerprint from the in-memory index, or None when it
    cannot answer this query."""
    if query.impossible:
        return 0, 0
    return node.index.count_and_fingerprint(entry, query, scope) if node.index is not None else None


def _count(node: Node, entry: str, query: Query, scope: Scope) -> tuple[int, int]:
    """The exact count and the answered set's fingerprint (XOR of its rows' pk hashes), from the
    in-memory index when it can answer, else from SQL; both give the same pair."""
    found = _count_in_memory(node, entry, query, scope)
    if found is not None:
        return found
    if entry == "individuals":
        sql, params = individuals_sql(query, scope, "count(*), bit_xor(hash(i.pk))")
    else:
        sql, params = biosamples_sql(query, scope, "count(*), bit_xor(hash(b.pk))")
    count, answered = node.store.fetchall(sql, params)[0]
    return int(count or 0), int(answered or 0)


def strata(
    node: Node, entry: str, query: Query, scope: Scope, wanted: tuple[str, ...]
) -> dict[str, dict[str, tuple[int, int]]]:
    """True donor counts per stratum of the matching set (sex, age band at sampling, material, chapter),
    each with its donors' fingerprint, so a stratum gets the noise its set of donors gets anywhere."""
    where, params = individual_conditions(query, scope, with_samples=True)
    sample_where, sample_params = sample_conditions(query)
    result: dict[str, dict[str, tuple[int, int]]] = {}
    for name in wanted:
        if name == "sex":
            rows = node.store.fetchall(
                f"SELECT i.sex, count(*), bit_xor(hash(i.pk)) FROM individuals i WHERE {where} GROUP BY 1", params
            )
        elif name == "ageBand":
            rows = node.store.fetchall(
                "SELECT CAST(a // 10 * 10 AS INTEGER), count(*), bit_xor(hash(pk))"
                " FROM (SELECT i.pk, min(b.age) AS a FROM individuals i"
                f" JOIN biosamples b ON b.individual_pk = i.pk WHERE {where} AND {sample_where}"
                " AND b.age IS NOT NULL GROUP BY i.pk) GROUP BY 1",
                params + sample_params,
            )
            rows = [(f"{int(lo)}-{int(lo) + 9}", n, h) for lo, n, h in rows]
        elif name == "material":
            rows = node.store.fetchall(
                f"SELECT 'MIABIS:' || b.material, count(DISTINCT i.pk), bit_xor(DISTINCT hash(i.pk))"
                " FROM individuals i JOIN biosamples b"
                f" ON b.individual_pk = i.pk WHERE {where} AND {sample_where} GROUP BY 1",
                params + sample_params,
            )
        elif name == "icd10Chapter":
            rows = node.store.fetchall(
                f"SELECT 'ICD10:' || {chapter_case()}, count(DISTINCT i.pk), bit_xor(DISTINCT hash(i.pk))"
                " FROM individuals i JOIN diseases d"
                f" ON d.individual_pk = i.pk WHERE {where} GROUP BY 1",
                params,
            )
        else:
            continue
        result[name] = {str(k): (int(n), int(h or 0)) for k, n, h in rows if k is not None}
    return result


def run_query(node: Node, requester: Requester, q: BeaconQuery, endpoint: str) -> dict[str, Any]:
    """Answer one Beacon query at the granularity the requester may have, charging their budget."""
    response = _respond(node, requester, q, endpoint, in_memory=False)
    assert response is not None  # with the file at hand every query is answered
    return response


def answer_in_memory(node: Node, requester: Requester, q: BeaconQuery, endpoint: str) -> dict[str, Any] | None:
    """As `run_query`, for a query the in-memory index answers cheaply; else None, charging nothing.

    A count over a small node's index costs a few hundredths of a millisecond, less than handing it to a
    worker thread, so the node answers such queries on its event loop (issue 15). Records, strata, a
    filter the index cannot answer, or a node too large for the answer to stay cheap need the DuckDB file
    or more time: then None, and the caller goes to the thread pool. Nothing here touches a file: the
    query log is only buffered (its flusher writes it)."""
    if node.index is None or node.index.rows > INLINE_MAX_ROWS:
        return None
    return _respond(node, requester, q, endpoint, in_memory=True)


def _respond(node: Node, requester: Requester, q: BeaconQuery, endpoint: str, in_memory: bool) -> dict[str, Any] | None:
    ceiling = node.policy.ceiling(requester)
    granularity = disclosure.cap_granularity(q.granularity, ceiling)
    protection = node.policy.protection
    coarse = protection.coarse if ceiling != "record" else None
    if in_memory:
        if granularity == "record" or q.stratify:
            return None
        query = compile_filters(q.filters, node.disease_ids, coarse, node.holdings)
        found = _count_in_memory(node, q.entry, query, q.scope)
        if found is None:
            return None
        budget = node.ledger.charge(requester.id)
        true, answered_set = found
    else:
        budget = node.ledger.charge(requester.id)
        query = compile_filters(q.filters, node.disease_ids, coarse, node.holdings)
        true, answered_set = _count(node, q.entry, query, q.scope)
    warnings = list(query.warnings)
    if granularity != q.granularity and q.granularity in disclosure.GRANULARITIES:
        warnings.append(
            f"Granularity {q.granularity!r} is not available to this requester; answered as {granularity!r}."
        )
    if coarse is not None and any(f.operator is not None for f in q.filters):
        warnings.append(
            f"Dates are compared by {coarse.date_unit} and ages in bands of {coarse.age_band} years for this requester."
        )
    meta = wire.response_meta(node.beacon_id, q.entry, granularity, q.summary())
    info: dict[str, Any] = {"privacy": disclosure.describe(protection), "warnings": warnings}
    if budget is not None:
        info["budgetLeftToday"] = budget
    if granularity == "record":
        info["countPrecision"] = disclosure.EXACT
        response = wire.resultsets_response(
            meta, node.beacon_id, true, records(node.store, q.entry, query, q.scope, q.skip, q.limit), info
        )
        answer: dict[str, Any] = {"count": true, "records": min(max(true - q.skip, 0), q.limit)}
    else:
        shown = disclosure.disclose_count(true, protection, answered_set, q.entry)
        info["countPrecision"] = shown.precision
        if shown.adjustments:
            info["adjustments"] = list(shown.adjustments)
        if q.stratify and granularity == "count":
            counts = strata(node, q.entry, query, q.scope, q.stratify)
            info["strata"] = {
                name: {
                    k: {"count": d.count, "countPrecision": d.precision}
                    for k, d in disclosure.disclose_strata(v, protection, q.entry).items()
                }
                for name, v in counts.items()
            }
        if granularity == "count":
            response = wire.count_response(meta, shown.exists, shown.count, info)
            answer = {"count": shown.count, "precision": shown.precision}
        else:
            response = wire.boolean_response(meta, shown.exists, info)
            answer = {"exists": shown.exists}
    entry = LogEntry(datetime.now(UTC), requester.id, endpoint, granularity, query.key or "(all)", answer)
    node.log.add(entry, flush_when_full=not in_memory)
    return response


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
        results = individual_records(node.store, rows)
    else:
        rows = node.store.fetchall(
            f"SELECT {SAMPLE_COLUMNS} FROM biosamples b JOIN individuals i ON i.pk = b.individual_pk WHERE b.id = ?",
            [ident],
        )
        results = biosample_records(node.store, rows)
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
