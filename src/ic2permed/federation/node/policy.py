"""Who is asking, what they may see, how much they have asked today, and the log of it all.

The ledger and the log are the node's only mutable state; both are built in the app's lifespan and
passed in, never held on a class or module.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ic2permed.core.errors import DomainError
from ic2permed.federation.disclosure import Protection, budget_left
from ic2permed.federation.signing import SignedBy, TrustedHub

JURISDICTIONS = ("EU", "CN")


class BudgetExhausted(DomainError):
    status = 429
    title = "Query budget exhausted"
    slug = "budget-exhausted"


@dataclass(frozen=True)
class Requester:
    """An anonymous client (by address) or a trusted hub's pseudonymous end user."""

    id: str
    hub: TrustedHub | None = None

    @classmethod
    def of(cls, signed: SignedBy | None, client: str) -> Requester:
        if signed is None:
            return cls(f"anon:{client}")
        return cls(f"hub:{signed.hub.id}:{signed.user}", signed.hub)


@dataclass(frozen=True)
class NodePolicy:
    """A node's rules: jurisdiction, disclosure protection and whether records may ever be shown."""

    jurisdiction: str = "EU"
    protection: Protection = field(default_factory=Protection)
    allow_records: bool = False
    trusted_hubs: dict[str, TrustedHub] = field(default_factory=dict)

    def ceiling(self, requester: Requester) -> str:
        """Anonymous: counts. Hubs: counts; records only from a same-jurisdiction hub when allowed.

        Record-level data never crosses a border, and a CN node gives foreign hubs counts only.
        """
        if requester.hub is None:
            return "count"
        if self.allow_records and requester.hub.jurisdiction == self.jurisdiction:
            return "record"
        return "count"


class BudgetLedger:
    """Queries per requester per UTC day, checked before a query runs."""

    def __init__(self, protection: Protection, used: dict[tuple[str, str], int] | None = None) -> None:
        self._protection = protection
        self._used: dict[tuple[str, str], int] = dict(used or {})
        self._lock = threading.Lock()

    def charge(self, requester: str, now: datetime | None = None) -> int | None:
        """Count one query; raise BudgetExhausted when none is left. Returns what remains (None: off)."""
        day = (now or datetime.now(UTC)).date().isoformat()
        with self._lock:
            used = self._used.get((requester, day), 0)
            left = budget_left(used, self._protection)
            if left is None:
                return None
            if left <= 0:
                raise BudgetExhausted(
                    f"the daily budget of {self._protection.budget_per_day} queries is used up; try again tomorrow"
                )
            self._used[(requester, day)] = used + 1
            return left - 1


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    requester: str
    endpoint: str
    granularity: str
    query: str
    answer: dict[str, Any]


class QueryLog:
    """Per-requester query log in its own SQLite file, written in batches (never in the DuckDB file)."""

    BATCH = 50

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._pending: list[LogEntry] = []
        self._lock = threading.Lock()
        with self._connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS query_log (at TEXT NOT NULL, requester TEXT NOT NULL,"
                " endpoint TEXT NOT NULL, granularity TEXT NOT NULL, query TEXT NOT NULL, answer TEXT NOT NULL)"
            )
            con.execute("CREATE INDEX IF NOT EXISTS ix_query_log_requester_at ON query_log (requester, at)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, entry: LogEntry, flush_when_full: bool = True) -> None:
        """Buffer an entry; a full batch is written at once, unless the caller runs on the event loop
        (`flush_when_full=False`), which leaves the writing to the node's periodic flusher."""
        with self._lock:
            self._pending.append(entry)
            full = len(self._pending) >= self.BATCH
        if full and flush_when_full:
            self.flush()

    def flush(self) -> int:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return 0
        rows = [
            (e.at.isoformat(), e.requester, e.endpoint, e.granularity, e.query, json.dumps(e.answer)) for e in batch
        ]
        with self._connect() as con:
            con.executemany("INSERT INTO query_log VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def entries(self, requester: str | None = None) -> list[dict[str, Any]]:
        self.flush()
        sql = "SELECT at, requester, endpoint, granularity, query, answer FROM query_log"
        params: tuple[str, ...] = ()
        if requester is not None:
            sql += " WHERE requester = ?"
            params = (requester,)
        with self._connect() as con:
            rows = con.execute(sql + " ORDER BY at", params).fetchall()
        keys = ("at", "requester", "endpoint", "granularity", "query", "answer")
        return [dict(zip(keys, (*r[:5], json.loads(r[5])), strict=True)) for r in rows]

    def used_today(self, now: datetime | None = None) -> dict[tuple[str, str], int]:
        """Today's counts per requester, so a restarted node keeps charging the same budgets."""
        day = (now or datetime.now(UTC)).date().isoformat()
        with self._connect() as con:
            rows = con.execute(
                "SELECT requester, count(*) FROM query_log WHERE substr(at, 1, 10) = ? GROUP BY requester", (day,)
            ).fetchall()
        return {(str(r), day): int(n) for r, n in rows}
