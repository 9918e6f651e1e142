"""Hub use cases: manage the node registry, run federated queries, log them, save and share them."""

from __future__ import annotations

import asyncio
import io
import secrets
from collections.abc import AsyncIterator, Iterable
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ic2permed.biobanks import schemas as biobanks_schemas
from ic2permed.biobanks import service as biobanks
from ic2permed.core.audit import service as audit
from ic2permed.core.database import Database, utcnow
from ic2permed.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from ic2permed.core.exports import csv_writer
from ic2permed.core.i18n import gettext
from ic2permed.core.permissions import Actor, Permission
from ic2permed.core.recent import Changes, Recent
from ic2permed.federation.hub import demo_nodes, readable, repository, signing
from ic2permed.federation.hub.fanout import Caller, ClientPool, Target, fan_out
from ic2permed.federation.hub.models import FederatedQueryLog, FederationNode, NodeProcess, SavedQuery
from ic2permed.federation.hub.schemas import (
    MIN_NODES_PER_STRATUM,
    Criteria,
    FederatedResult,
    NodeAnswer,
    NodeCreate,
    NodeProcessRead,
    NodeRead,
    ProcessState,
    RegionTotal,
    SavedQueryRead,
    Status,
    StratumTotal,
)

HUB_ID = "ic2permed-hub"
NODE_CHANGES = Changes()  # a node added, moved, paused or removed: remembered node lists are stale
PRIVACY_NOTE = (
    "Counts come from each biobank's own node, which suppresses small counts and rounds the rest; "
    "no record-level data left any biobank."
)


def _read(row: FederationNode, process: NodeProcess | None = None) -> NodeRead:
    read = NodeRead.model_validate(row)
    read.signed = bool(row.signing_secret)
    read.process = NodeProcessRead.model_validate(process) if process is not None else None
    demo = demo_nodes.BY_ID.get(row.id)
    if demo is not None:
        read.synthetic, read.name_zh = True, demo.name_zh
    return read


def list_nodes(session: Session) -> list[NodeRead]:
    processes = repository.processes(session)
    return [_read(n, processes.get(n.id)) for n in repository.nodes(session)]


def record_process(
    session: Session, node_id: str, state: ProcessState, restarts: int, exit_code: int | None = None
) -> None:
    """What the demo's supervisor saw of a local node process, for every page and worker to show.

    Not audited: it is the machine's state, not a change anyone made to the registry."""
    row = repository.process(session, node_id)
    if row is None:
        row = NodeProcess(node_id=node_id, state=state.value, restarts=restarts, exit_code=exit_code)
        session.add(row)
    elif (row.state, row.restarts, row.exit_code) != (state.value, restarts, exit_code):
        row.state, row.restarts, row.exit_code, row.since = state.value, restarts, exit_code, utcnow()
    session.commit()


def forget_processes(session: Session, node_ids: Iterable[str]) -> None:
    """The demo stopped its nodes: no page should go on calling them running."""
    for node_id in node_ids:
        row = repository.process(session, node_id)
        if row is not None:
            session.delete(row)
    session.commit()


def add_node(session: Session, actor: Actor, data: NodeCreate) -> NodeRead:
    """Register a node (CLI, API and the admin page all come here, so all check the same things)."""
    actor.require(Permission.MANAGE_NODES)
    if repository.node(session, data.id) is not None:
        raise Conflict("Node exists", [FieldError("id", f"{data.id!r} is already registered")])
    if data.biobank_id is not None:
        try:
            biobanks.get_biobank(session, data.biobank_id)
        except NotFound:
            raise ValidationFailed(
                "Unknown biobank", [FieldError("biobank_id", f"no biobank {data.biobank_id!r} in the directory")]
            ) from None
    row = FederationNode(
        id=data.id,
        name=data.name,
        base_url=str(data.base_url).rstrip("/"),
        jurisdiction=data.jurisdiction,
        region=data.region,
        biobank_id=data.biobank_id,
        signing_secret=data.signing_secret,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "federation.node_add", "federation_node", row.id, None, _read(row).model_dump(mode="json")
    )
    session.commit()
    NODE_CHANGES.happened()
    return _read(row)


def remove_node(session: Session, actor: Actor, node_id: str) -> None:
    """Forget a node: the hub stops asking it; past query logs keep what it answered."""
    actor.require(Permission.MANAGE_NODES)
    row = repository.node(session, node_id)
    if row is None:
        raise NotFound(f"No node {node_id!r}.")
    before = _read(row).model_dump(mode="json")
    session.delete(row)
    audit.record(session, actor, "federation.node_remove", "federation_node", node_id, before, None)
    session.commit()
    NODE_CHANGES.happened()


def register_local_node(session: Session, actor: Actor, data: NodeCreate) -> NodeRead:
    """Register a node the platform started itself (the demo), or point its entry at the new address and secret.

    Its directory link is kept only when that entry exists: the demo also runs with the bundled data off."""
    if data.biobank_id is not None:
        try:
            biobanks.get_biobank(session, data.biobank_id)
        except NotFound:
            data = data.model_copy(update={"biobank_id": None})
    row = repository.node(session, data.id)
    if row is None:
        return add_node(session, actor, data)
    address, secret = str(data.base_url).rstrip("/"), data.signing_secret
    if row.base_url != address or row.signing_secret != secret or row.biobank_id != data.biobank_id:
        actor.require(Permission.MANAGE_NODES)
        row.base_url, row.signing_secret, row.biobank_id = address, secret, data.biobank_id
        audit.record(
            session,
            actor,
            "federation.node_moved",
            "federation_node",
            row.id,
            None,
            {"base_url": address, "biobank_id": data.biobank_id},
        )
        session.commit()
        NODE_CHANGES.happened()
    return _read(row)


def set_enabled(session: Session, actor: Actor, node_id: str, enabled: bool) -> NodeRead:
    actor.require(Permission.MANAGE_NODES)
    row = repository.node(session, node_id)
    if row is None:
        raise NotFound(f"No node {node_id!r}.")
    if row.enabled != enabled:
        audit.record(
            session,
            actor,
            "federation.node_enable" if enabled else "federation.node_disable",
            "federation_node",
            row.id,
            {"enabled": row.enabled},
            {"enabled": enabled},
        )
        row.enabled = enabled
        session.commit()
        NODE_CHANGES.happened()
    return _read(row)


def targets(session: Session, state: Any = None) -> list[Target]:
    """The enabled nodes; with the app's `state`, also kept for `remembered_targets`."""
    seen = NODE_CHANGES.count
    found = [Target(*row) for row in repository.enabled_targets(session)]
    if state is not None:
        _recent_targets(state).put("enabled", found, seen)
    return found


def remembered_targets(state: Any) -> list[Target] | None:
    """The enabled nodes as this worker read them in the last seconds (see `core.recent`), or None.

    A node added, moved, paused or removed through this worker is seen at once; through another worker
    or the command line, within `RECENT_SECONDS`."""
    return _recent_targets(state).get("enabled")


def _recent_targets(state: Any) -> Recent[str, list[Target]]:
    recent = getattr(state, "recent_targets", None)
    if not isinstance(recent, Recent):
        recent = state.recent_targets = Recent(NODE_CHANGES)
    return recent


def client_pool(state: Any) -> ClientPool:
    """The app's long-lived per-node HTTP clients (made on first use, closed at shutdown)."""
    pool = getattr(state, "node_clients", None)
    if not isinstance(pool, ClientPool):
        pool = state.node_clients = ClientPool()
    return pool


async def close_pool(state: Any) -> None:
    pool = getattr(state, "node_clients", None)
    if isinstance(pool, ClientPool):
        await pool.aclose()


REGION_ORDER = ["EU", "Europe (non-EU)", "China", "International"]


def caller(actor: Actor, hub_secret: str, client_address: str) -> Caller:
    """The user's pseudonym as the nodes see it: stable per account, or per client address when anonymous."""
    key = f"user:{actor.id}" if actor.id is not None else f"address:{client_address}"
    return Caller(HUB_ID, signing.pseudonym(hub_secret, key))


def totals(answers: Iterable[NodeAnswer]) -> list[RegionTotal]:
    found: dict[str, RegionTotal] = {}
    for answer in answers:
        if answer.status is not Status.OK or answer.count is None:
            continue
        total = found.setdefault(answer.region, RegionTotal(region=answer.region, count=0, nodes=0, exact=True))
        total.count += answer.count
        total.nodes += 1
        total.exact = total.exact and answer.precision == "exact"
    return sorted(found.values(), key=lambda t: REGION_ORDER.index(t.region) if t.region in REGION_ORDER else 99)


def strata(answers: Iterable[NodeAnswer], split: bool = False) -> tuple[dict[str, list[StratumTotal]], int]:
    """Sum each stratum over the nodes (per region when `split`); keep it only when enough nodes contributed.

    Split or not, a value is shown only when at least `MIN_NODES_PER_STRATUM` nodes contributed to that very
    sum, so splitting EU vs China never shows one biobank's breakdown."""
    sums: dict[str, dict[tuple[str, str], list[int]]] = {}
    for answer in answers:
        if answer.status is not Status.OK:
            continue
        group = answer.region if split else ""
        for name, values in answer.strata.items():
            for value, count in values.items():
                if count > 0:
                    sums.setdefault(name, {}).setdefault((group, value), []).append(count)
    order = [*REGION_ORDER, ""]
    shown: dict[str, list[StratumTotal]] = {}
    hidden = 0
    for name, by_value in sums.items():
        keys = sorted(by_value, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[0], k[1]))
        for group, value in keys:
            counts = by_value[(group, value)]
            if len(counts) >= MIN_NODES_PER_STRATUM:
                shown.setdefault(name, []).append(
                    StratumTotal(value=value, count=sum(counts), nodes=len(counts), region=group or None)
                )
            else:
                hidden += 1
    return shown, hidden


def result(criteria: Criteria, answers: list[NodeAnswer], asked: int, split: bool = False) -> FederatedResult:
    region_totals = totals(answers)
    shown, hidden = strata(answers, split)
    return FederatedResult(
        criteria=criteria,
        answers=answers,
        totals=region_totals,
        total=sum(t.count for t in region_totals),
        answered=sum(1 for a in answers if a.status is Status.OK),
        asked=asked,
        strata=shown,
        strata_hidden=hidden,
        split=split,
    )


async def stream(
    chosen: list[Target], criteria: Criteria, who: Caller, timeout: float, pool: ClientPool | None = None
) -> AsyncIterator[NodeAnswer]:
    async for answer in fan_out(chosen, criteria, who, timeout, pool):
        yield answer


def load_targets(database: Database) -> list[Target]:
    with database.session() as session:
        return targets(session)


async def run(
    database: Database,
    actor: Actor,
    criteria: Criteria,
    who: Caller,
    timeout: float,
    pool: ClientPool | None = None,
    chosen: list[Target] | None = None,
    writer: QueryLogWriter | None = None,
    split: bool = False,
) -> FederatedResult:
    """Fan out and log; the database is only touched in worker threads, never on the event loop."""
    if chosen is None:
        chosen = await asyncio.to_thread(load_targets, database)
    answers = [a async for a in fan_out(chosen, criteria, who, timeout, pool)]
    answers.sort(key=lambda a: (a.region, a.name))
    await (writer or QueryLogWriter(database)).write(actor, criteria, answers)
    return result(criteria, answers, len(chosen), split)


async def refresh_directory(session: Session, actor: Actor, who: Caller, timeout: float = 10.0) -> list[str]:
    """Copy each linked node's total donors and samples into its directory biobank, dated this year.

    Only nodes that answered both questions update their biobank; returns a line per biobank. The demo's
    synthetic nodes are left out: their made-up donors must never become a real biobank's figures."""
    linked = [t for t in targets(session) if t.biobank_id and not demo_nodes.is_synthetic(t.id)]
    everyone = Criteria()
    donors = {a.node_id: a async for a in fan_out(linked, everyone, who, timeout)}
    samples = {a.node_id: a async for a in fan_out(linked, everyone, who, timeout, entry="biosamples")}
    report = []
    for target in linked:
        people, tubes = donors[target.id], samples[target.id]
        if people.status is not Status.OK or tubes.status is not Status.OK or people.count is None:
            report.append(f"{target.biobank_id}: not updated ({people.status.value}/{tubes.status.value})")
            continue
        assert target.biobank_id is not None
        change = biobanks_schemas.BiobankUpdate(donors=people.count, samples=tubes.count, count_year=date.today().year)
        biobanks.update_biobank(session, actor, target.biobank_id, change)
        report.append(f"{target.biobank_id}: {people.count} donors, {tubes.count} samples ({people.precision})")
    return report


def _log_row(actor: Actor, criteria: Criteria, answers: list[NodeAnswer]) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor_id": actor.id,
        "actor_name": actor.username,
        "criteria": criteria.model_dump(mode="json"),
        "answers": [{"node": a.node_id, "status": a.status.value, "count": a.count} for a in answers],
    }


LogEntry = tuple[Actor, Criteria, list[NodeAnswer]]


def log_many(database: Database, entries: list[LogEntry]) -> None:
    """Many queries' log rows in one transaction (see `QueryLogWriter`); a plain INSERT, no ORM objects."""
    with database.session() as session:
        session.execute(insert(FederatedQueryLog), [_log_row(*entry) for entry in entries])
        session.commit()


class QueryLogWriter:
    """Group commit for the query log: one writer at a time, each commit takes everything waiting.

    Every query is still logged before its answer is returned, but 50 concurrent queries no longer make
    50 SQLite writers queue on the file lock (each sleeping in SQLite's busy handler: seconds of
    latency under load, issue 15). Used from the event loop only, so it needs no lock."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: list[tuple[LogEntry, asyncio.Future[None]]] = []
        self._writing = False
        self._task: asyncio.Task[None] | None = None

    async def write(self, actor: Actor, criteria: Criteria, answers: list[NodeAnswer]) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(((actor, criteria, answers), done))
        if not self._writing:
            self._writing = True
            self._task = asyncio.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    await asyncio.to_thread(log_many, self.database, [entry for entry, _ in batch])
                except Exception as exc:  # every waiting query learns its log row failed
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                else:
                    for _, done in batch:
                        if not done.done():
                            done.set_result(None)
        finally:
            self._writing = False


def log_writer(state: Any, database: Database) -> QueryLogWriter:
    writer = getattr(state, "query_log_writer", None)
    if not isinstance(writer, QueryLogWriter) or writer.database is not database:
        writer = state.query_log_writer = QueryLogWriter(database)
    return writer


def save_query(session: Session, actor: Actor, name: str, criteria: Criteria) -> SavedQueryRead:
    actor.require(Permission.SAVE_QUERIES)
    assert actor.id is not None
    row = SavedQuery(
        id=secrets.token_urlsafe(9),
        owner_id=actor.id,
        name=name.strip() or "query",
        criteria=criteria.model_dump(mode="json"),
    )
    session.add(row)
    audit.record(
        session,
        actor,
        "federation.save_query",
        "saved_query",
        row.id,
        None,
        {"name": row.name, "criteria": row.criteria},
    )
    session.commit()
    return SavedQueryRead.model_validate(row)


def saved_query(session: Session, query_id: str) -> SavedQueryRead:
    """Anyone holding the link may run a saved query (it holds criteria, never results)."""
    row = repository.saved(session, query_id)
    if row is None:
        raise NotFound(f"No saved query {query_id!r}.")
    return SavedQueryRead.model_validate(row)


def my_queries(session: Session, actor: Actor) -> list[SavedQueryRead]:
    if actor.id is None:
        return []
    return [SavedQueryRead.model_validate(r) for r in repository.saved_by(session, actor.id)]


CSV_COLUMNS = (
    "node",
    "node_name",
    "region",
    "breakdown",
    "breakdown_label",
    "value_code",
    "label",
    "count",
    "nodes",
    "status",
    "precision",
    "note",
)
ALL_NODES = "*"


def results_csv(outcome: FederatedResult, locale: str = "en") -> str:
    """One table a spreadsheet can filter: a row per node, per region total and per breakdown value.

    `breakdown` is ``total`` for counts of everyone matching, else the stratum (``sex``, ``ageBand``, …) with
    the value's code and its label in `locale`; `node` is ``*`` for sums over several nodes (per `region`
    when the breakdowns are split EU vs China). Written through the formula-safe writer: node names and
    reasons come from outside."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    protected = gettext(locale, readable.PROTECTED)
    everyone = gettext(locale, readable.EVERYONE)
    total_label = gettext(locale, readable.TOTAL)
    for a in outcome.answers:
        writer.writerow(
            [
                a.node_id,
                demo_nodes.node_label(a.node_id, a.name, locale),
                a.region,
                "total",
                total_label,
                "",
                everyone,
                "" if a.count is None else a.count,
                1,
                a.status.value,
                a.precision or "",
                readable.explain(a, locale),
            ]
        )
    for total in outcome.totals:
        writer.writerow(
            [
                ALL_NODES,
                readable.region_label(total.region, locale),
                total.region,
                "total",
                total_label,
                "",
                everyone,
                total.count,
                total.nodes,
                "",
                "exact" if total.exact else "protected",
                "" if total.exact else protected,
            ]
        )
    for name, rows in outcome.strata.items():
        for row in rows:
            writer.writerow(
                [
                    ALL_NODES,
                    readable.region_label(row.region, locale) if row.region else gettext(locale, readable.ALL),
                    row.region or "",
                    name,
                    readable.breakdown_label(name, locale),
                    row.value,
                    readable.value_label(row.value, locale),
                    row.count,
                    row.nodes,
                    "",
                    "protected",
                    protected,
                ]
            )
    return "\ufeff" + buffer.getvalue()


def nodes_for_biobank(session: Session, biobank_id: str) -> list[NodeRead]:
    """The enabled nodes that count this directory biobank's donors (what its page links to)."""
    return [_read(n) for n in repository.nodes(session, enabled_only=True) if n.biobank_id == biobank_id]
