"""A denormalised in-memory index of the columns filters use (numpy), built once when a node starts.

Counts are the hot path of a federated search; this answers them with vectorised scans instead of SQL
joins, and exactly: it evaluates the same structured conditions (`query.Cond`) the SQL is made from,
with SQL's NULL semantics (a missing value never matches), and the test suite checks it against the SQL
on random queries. Anything it does not hold (e.g. a single individual's scope) falls back to SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from ic2permed.federation.node.query import Cond, Query, Scope
from ic2permed.federation.node.store import NodeStore

Bool = npt.NDArray[np.bool_]
EPOCH = date(1970, 1, 1)

INDIVIDUAL_TEXT = ("sex", "ethnicity", "geographic_origin", "dataset_id", "cohort_id")
DISEASE_TEXT = ("code", "code3")
DISEASE_NUMBERS = {"age_at_diagnosis": "age_at_diagnosis", "diagnosis_date": "epoch(diagnosis_date) / 86400"}
SAMPLE_TEXT = ("material", "origin")
SAMPLE_NUMBERS = {
    "age": "age",
    "storage_temperature": "storage_temperature",
    "sampling_date": "epoch(sampling_date) / 86400",
}


@dataclass
class Categorical:
    """Dictionary-encoded text over a sorted vocabulary: code 0 is NULL, code k is vocab[k - 1].

    Because the vocabulary is sorted, an equality, a range (ICD-10 blocks and chapters) or a prefix
    (a category and its subcategories) selects one contiguous run of codes: two integer comparisons.
    """

    vocab: list[str]
    codes: npt.NDArray[np.unsignedinteger[Any]]

    def where(self, test: Any) -> Bool:
        allowed = np.flatnonzero([bool(test(v)) for v in self.vocab]) + 1
        if allowed.size == 0:
            return np.zeros(self.codes.shape, dtype=np.bool_)
        first, last = int(allowed[0]), int(allowed[-1])
        if last - first + 1 == allowed.size:
            if first == last:
                same: Bool = np.equal(self.codes, first)
                return same
            run: Bool = np.greater_equal(self.codes, first)
            run &= np.less_equal(self.codes, last)
            return run
        table = np.zeros(len(self.vocab) + 1, dtype=np.bool_)
        table[allowed] = True
        picked: Bool = table[self.codes]
        return picked


def _code_type(size: int) -> str:
    return "UTINYINT" if size < 255 else "USMALLINT" if size < 65535 else "UINTEGER"


def _categorical(store: NodeStore, table: str, column: str) -> Categorical:
    vocab = [str(v) for (v,) in store.fetchall(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")]
    vocab.sort()
    if not vocab:
        n = int(store.scalar(f"SELECT count(*) FROM {table}") or 0)
        return Categorical([], np.zeros(n, dtype=np.uint8))
    order = "pk" if table in ("individuals", "biosamples") else "rowid"
    result = store.cursor().execute(
        f"SELECT CAST(coalesce(list_position(?, {column}), 0) AS {_code_type(len(vocab))}) AS c"
        f" FROM {table} ORDER BY {order}",
        [vocab],
    )
    return Categorical(vocab, np.asarray(result.fetchnumpy()["c"]))


def _numbers(store: NodeStore, table: str, expression: str) -> npt.NDArray[np.float32]:
    """Numbers and dates (as days) in float32, NULL as NaN.

    Stored values are small integers (ages, °C, days since 1970), all exact in float32.
    """
    order = "pk" if table in ("individuals", "biosamples") else "rowid"
    result = store.cursor().execute(f"SELECT CAST({expression} AS FLOAT) AS v FROM {table} ORDER BY {order}")
    column = result.fetchnumpy()["v"]
    return np.ma.filled(np.ma.asarray(column, dtype=np.float32), np.nan)


def _owner(store: NodeStore, table: str) -> npt.NDArray[np.int32]:
    order = "pk" if table == "biosamples" else "rowid"
    result = store.cursor().execute(f"SELECT individual_pk AS p FROM {table} ORDER BY {order}")
    return np.asarray(result.fetchnumpy()["p"], dtype=np.int32)


def _hashes(store: NodeStore, table: str) -> npt.NDArray[np.uint64]:
    """DuckDB's hash of each row's pk, so a set's fingerprint (XOR) here equals SQL's ``bit_xor(hash(pk))``."""
    result = store.cursor().execute(f"SELECT hash(pk) AS h FROM {table} ORDER BY pk")
    return np.asarray(result.fetchnumpy()["h"], dtype=np.uint64)


def fingerprint(hashes: npt.NDArray[np.uint64]) -> int:
    return int(np.bitwise_xor.reduce(hashes)) if hashes.size else 0


def _value(value: Any) -> float:
    return float((value - EPOCH).days) if isinstance(value, date) else float(value)


_OPERATORS = {
    "=": np.equal,
    "<>": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}


def _compare(values: npt.NDArray[np.float32], op: str, target: float, upper: float = 0.0) -> Bool:
    """SQL semantics: a NULL (NaN) never matches, not even ``<>`` (NaN compares false to anything)."""
    if op == "outside":
        outside: Bool = np.less(values, target)
        outside |= np.greater_equal(values, upper)
        return outside
    result: Bool = _OPERATORS[op](values, target)
    if op == "<>":
        result &= ~np.isnan(values)
    return result


class DonorIndex:
    """Columns of individuals, diagnoses and samples as numpy arrays, positioned by the donors' pk."""

    def __init__(self, store: NodeStore) -> None:
        self.donors = int(store.scalar("SELECT count(*) FROM individuals") or 0)
        self.text: dict[str, dict[str, Categorical]] = {
            "i": {c: _categorical(store, "individuals", c) for c in INDIVIDUAL_TEXT},
            "d": {c: _categorical(store, "diseases", c) for c in DISEASE_TEXT},
            "b": {c: _categorical(store, "biosamples", c) for c in SAMPLE_TEXT},
        }
        self.numbers: dict[str, dict[str, npt.NDArray[np.float32]]] = {
            "i": {},
            "d": {c: _numbers(store, "diseases", e) for c, e in DISEASE_NUMBERS.items()},
            "b": {c: _numbers(store, "biosamples", e) for c, e in SAMPLE_NUMBERS.items()},
        }
        self.owner = {"d": _owner(store, "diseases"), "b": _owner(store, "biosamples")}
        self.hashes = {"i": _hashes(store, "individuals"), "b": _hashes(store, "biosamples")}

    @classmethod
    def build(cls, store: NodeStore) -> DonorIndex | None:
        """None when donors' pks are not 0..n-1 (then every count goes to SQL)."""
        row = store.fetchall("SELECT count(*), min(pk), max(pk) FROM individuals")[0]
        if row[0] and (row[1] != 0 or row[2] != row[0] - 1):
            return None
        return cls(store)

    def _mask(self, cond: Cond) -> Bool | None:
        """The cond over every row of its table (None when the index does not hold the column)."""
        text = self.text[cond.alias].get(cond.column)
        if text is not None:
            if cond.op == "=":
                wanted = cond.values[0]
                return text.where(lambda v: v == wanted)
            if cond.op == "between":
                lo, hi = cond.values
                return text.where(lambda v: lo <= v <= hi)
            if cond.op == "prefix":
                code = str(cond.values[0])
                stem = code + ("." if len(code) == 3 else "")
                return text.where(lambda v: v == code or v.startswith(stem))
            return None
        numbers = self.numbers[cond.alias].get(cond.column)
        if numbers is None:
            return None
        upper = _value(cond.values[1]) if cond.op == "outside" else 0.0
        return _compare(numbers, cond.op, _value(cond.values[0]), upper)

    def _rows(self, conds: list[Cond], alias: str) -> npt.NDArray[np.intp] | None:
        """Row numbers of `alias`'s table meeting every cond, None if one is not held."""
        mask: Bool | None = None
        for cond in conds:
            part = self._mask(cond)
            if part is None:
                return None
            mask = part if mask is None else np.logical_and(mask, part, out=mask)
        if mask is None:
            return np.arange(len(self.owner[alias]), dtype=np.intp)
        return np.flatnonzero(mask)

    def _donors_with(self, rows: npt.NDArray[np.intp], alias: str) -> Bool:
        has = np.zeros(self.donors, dtype=np.bool_)
        has[self.owner[alias][rows]] = True
        return has

    def individual_mask(self, query: Query, scope: Scope, with_samples: bool) -> Bool | None:
        if scope.individual_id is not None:
            return None
        conds = list(query.individual)
        if scope.dataset_id is not None:
            conds.append(Cond("i", "dataset_id", "=", (scope.dataset_id,)))
        if scope.cohort_id is not None:
            conds.append(Cond("i", "cohort_id", "=", (scope.cohort_id,)))
        mask = np.ones(self.donors, dtype=np.bool_)
        for cond in conds:
            part = self._mask(cond)
            if part is None:
                return None
            mask &= part
        terms: list[list[Cond]] = [[t, *query.disease_values] for t in query.diseases]
        if not terms and query.disease_values:
            terms = [list(query.disease_values)]
        for group in terms:
            rows = self._rows(group, "d")
            if rows is None:
                return None
            mask &= self._donors_with(rows, "d")
        if with_samples and query.sample:
            rows = self._rows(list(query.sample), "b")
            if rows is None:
                return None
            rows = rows[mask[self.owner["b"][rows]]]
            mask = self._donors_with(rows, "b")
        return mask

    def count(self, entry: str, query: Query, scope: Scope) -> int | None:
        """The exact count, or None when this query needs SQL."""
        found = self.count_and_fingerprint(entry, query, scope)
        return None if found is None else found[0]

    def count_and_fingerprint(self, entry: str, query: Query, scope: Scope) -> tuple[int, int] | None:
        """The exact count and the answered set's fingerprint, or None when this query needs SQL."""
        if query.impossible:
            return 0, 0
        if entry == "individuals":
            mask = self.individual_mask(query, scope, with_samples=True)
            if mask is None:
                return None
            return int(np.count_nonzero(mask)), fingerprint(self.hashes["i"][mask])
        donors = self.individual_mask(query, scope, with_samples=False)
        rows = self._rows(list(query.sample), "b") if donors is not None else None
        if donors is None or rows is None:
            return None
        rows = rows[donors[self.owner["b"][rows]]]
        return int(rows.size), fingerprint(self.hashes["b"][rows])
