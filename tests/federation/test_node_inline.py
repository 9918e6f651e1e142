"""Counts answered on the node's event loop (issue 15) are the answers the worker-thread path gives:
same disclosure, one budget charge, every query logged, and nothing on the loop that needs the file."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ic2permed.federation.disclosure import Protection
from ic2permed.federation.node import app as node_app
from ic2permed.federation.node import service
from ic2permed.federation.node.policy import BudgetExhausted, LogEntry, NodePolicy, QueryLog, Requester
from ic2permed.federation.node.query import Scope, parse_filters
from ic2permed.federation.node.store import NodeStore
from ic2permed.federation.node.synth import synthesise
from ic2permed.federation.signing import SignedBy, TrustedHub
from tests.federation.node_helpers import QUESTION, body, node_client
from tests.federation.test_index import TERMS

ANONYMOUS = Requester.of(None, "198.51.100.7")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inline") / "synth.duckdb"
    synthesise(path, 2000, "eu", seed=5)
    return path


def _node(db: Path, tmp: Path, protection: Protection, allow_records: bool = False) -> service.Node:
    policy = NodePolicy("EU", protection, allow_records, {})
    return service.Node(NodeStore(db), policy, QueryLog(tmp / "log.sqlite"))


def _query(entry: str, filters: list[Any], granularity: str = "count", **more: Any) -> service.BeaconQuery:
    return service.BeaconQuery(entry, parse_filters(filters), filters, granularity, **more)


def test_the_event_loop_answer_is_the_worker_thread_answer(db: Path, tmp_path: Path) -> None:
    """Default protection (threshold, rounding, noise fixed by the answered set, coarse dates): the two
    paths must disclose exactly the same thing for the same question."""
    protection = Protection(budget_per_day=0)
    quick, slow = _node(db, tmp_path, protection), _node(db, tmp_path, protection)
    chooser = random.Random(15)
    answered = 0
    for _ in range(60):
        filters = chooser.sample(TERMS, chooser.randint(0, 3))
        for entry in ("individuals", "biosamples"):
            for granularity in ("boolean", "count"):
                q = _query(entry, filters, granularity)
                inline = service.answer_in_memory(quick, ANONYMOUS, q, entry)
                if inline is not None:
                    answered += 1
                    assert inline == service.run_query(slow, ANONYMOUS, q, entry), (entry, filters)
    assert answered > 150, "the index should answer most of these counts on the event loop"


def test_what_needs_the_file_is_left_to_the_thread_and_charged_nothing(db: Path, tmp_path: Path) -> None:
    node = _node(db, tmp_path, Protection(budget_per_day=2), allow_records=True)
    stratified = _query("individuals", [], stratify=("sex",))
    assert service.answer_in_memory(node, ANONYMOUS, stratified, "individuals") is None
    records = _query("individuals", [], "record")
    same_jurisdiction = Requester.of(SignedBy(TrustedHub("hub-a", "s" * 32, "EU"), "pseudonym"), "10.0.0.1")
    assert service.answer_in_memory(node, same_jurisdiction, records, "individuals") is None
    # The same question capped to counts for an anonymous client is answered from the index.
    assert service.answer_in_memory(node, ANONYMOUS, records, "individuals") is not None
    assert service.answer_in_memory(node, same_jurisdiction, _query("individuals", []), "individuals") is not None
    # Only the answered queries were charged: the anonymous client has one query left, the hub's user one.
    assert service.run_query(node, ANONYMOUS, stratified, "individuals")["info"]["budgetLeftToday"] == 0
    with pytest.raises(BudgetExhausted):
        service.run_query(node, ANONYMOUS, stratified, "individuals")
    assert service.run_query(node, same_jurisdiction, records, "individuals")["info"]["budgetLeftToday"] == 0


def test_a_large_node_answers_in_the_thread(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    node = _node(db, tmp_path, Protection(budget_per_day=0))
    q = _query("individuals", QUESTION)
    assert service.answer_in_memory(node, ANONYMOUS, q, "individuals") is not None
    monkeypatch.setattr(service, "INLINE_MAX_ROWS", node.index.rows - 1 if node.index else 0)
    assert service.answer_in_memory(node, ANONYMOUS, q, "individuals") is None


def test_over_http_each_query_is_charged_once_and_logged(db: Path) -> None:
    log = db.with_name("budget-log.sqlite")
    with node_client(db, protection=Protection(budget_per_day=5), log_path=log) as client:
        answers = [client.post("/api/individuals", json=body(QUESTION)) for _ in range(6)]
        assert [a.status_code for a in answers[:5]] == [200] * 5
        assert [a.json()["info"]["budgetLeftToday"] for a in answers[:5]] == [4, 3, 2, 1, 0]
        assert answers[5].status_code == 429
        entries = client.app.state.holder.log.entries()  # type: ignore[attr-defined]
    assert len(entries) == 5
    assert all(e["endpoint"] == "individuals" for e in entries)


def test_a_query_log_batch_is_not_written_on_the_event_loop(tmp_path: Path) -> None:
    log = QueryLog(tmp_path / "log.sqlite")
    entry = LogEntry(datetime.now(UTC), "r", "individuals", "count", "(all)", {})
    for _ in range(QueryLog.BATCH + 5):
        log.add(entry, flush_when_full=False)
    assert log.flush() == QueryLog.BATCH + 5  # all still pending: none was written on the way
    for _ in range(QueryLog.BATCH):
        log.add(entry)
    assert log.flush() == 0  # the thread path writes a full batch at once


def test_scope_is_respected(db: Path, tmp_path: Path) -> None:
    node = _node(db, tmp_path, Protection(budget_per_day=0))
    q = _query("biosamples", [], "count", scope=Scope())
    assert service.answer_in_memory(node, ANONYMOUS, q, "biosamples") == service.run_query(
        node, ANONYMOUS, q, "biosamples"
    )


@pytest.mark.parametrize(("fresh_seconds", "in_threads"), [(3600.0, 0), (0.0, 5)])
def test_the_server_answers_small_counts_on_its_event_loop(
    db: Path, monkeypatch: pytest.MonkeyPatch, fresh_seconds: float, in_threads: int
) -> None:
    """With the file looked at lately, counts skip the worker thread; once the look is stale, each query
    goes to the thread, which looks for a swapped file first."""
    calls: list[str] = []
    real = node_app._answer

    def spy(holder: node_app.NodeHolder, who: Requester, q: service.BeaconQuery, endpoint: str) -> dict[str, Any]:
        calls.append(endpoint)
        return real(holder, who, q, endpoint)

    monkeypatch.setattr(node_app, "_answer", spy)
    monkeypatch.setattr(node_app.NodeHolder, "FRESH_SECONDS", fresh_seconds)
    with node_client(db) as client:
        answers = [client.post("/api/individuals", json=body(QUESTION)).json() for _ in range(5)]
    assert len({a["responseSummary"]["numTotalResults"] for a in answers}) == 1
    assert len(calls) == in_threads
