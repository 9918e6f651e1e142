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

from ic2permed.federation.node.query import RELATED_TABLES, AnyOf, Cond, Query, Related, Scope
from ic2permed.federation.node.store import NodeStore

Bool = npt.NDArray[np.bool_]
EPOCH = date(1970, 1, 1)

INDIVIDUAL_TEXT = ("sex", "ethnicity", "geographic_origin", "dataset_id", "cohort_id")
DISEASE_TEXT = ("code", "code3")
DISEASE_NUMBERS = {"age_at_diagnosis": "age_at_diagnosis", "diagnosis_date": "epoch(diagnosis_date) / 86400"}
SAMPLE_TEXT = ("material", "origin")
RELATED_TEXT = {
    "m": ("assay", "value_term", "unit"),
    "sm": ("assay", "value_term", "unit"),
    "p": ("code",),
    "t": ("code",),
    "x": ("code",),
    "f": ("term",),
    "k": ("field", "term"),
    "st": ("field", "term"),
}
# Measured values stay in float64: they are compared with the same doubles the SQL compares.
RELATED_NUMBERS = {"m": {"value": "value"}, "sm": {"value": "value"}, "f": {"excluded": "CAST(excluded AS INTEGER)"}}
WIDE = frozenset({"value"})
# Measures are held sorted by assay, so one assay's rows are one slice ("numpy arrays per assay").
BY_ASSAY = frozenset({"m", "sm", "si"})
SHARED = {"si": "sm"}  # same table and row order, another owner: the columns are shared
ORDER = {
    "individuals": "pk",
    "biosamples": "pk",
    "measures": "assay, individual_pk, rowid",
    "measurements": "assay, biosample_pk, rowid",
}
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

    def where(self, test: Any, part: slice | npt.NDArray[np.intp] = slice(None)) -> Bool:
        codes = self.codes[part]
        allowed = np.flatnonzero([bool(test(v)) for v in self.vocab]) + 1
        if allowed.size == 0:
            return np.zeros(codes.shape, dtype=np.bool_)
        first, last = int(allowed[0]), int(allowed[-1])
        if last - first + 1 == allowed.size:
            if first == last:
                same: Bool = np.equal(codes, first)
                return same
            run: Bool = np.greater_equal(codes, first)
            run &= np.less_equal(codes, last)
            return run
        table = np.zeros(len(self.vocab) + 1, dtype=np.bool_)
        table[allowed] = True
        picked: Bool = table[codes]
        return picked


def _code_type(size: int) -> str:
    return "UTINYINT" if size < 255 else "USMALLINT" if size < 65535 else "UINTEGER"


def _categorical(store: NodeStore, table: str, column: str) -> Categorical:
    vocab = [str(v) for (v,) in store.fetchall(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")]
    vocab.sort()
    if not vocab:
        n = int(store.scalar(f"SELECT count(*) FROM {table}") or 0)
        return Categorical([], np.zeros(n, dtype=np.uint8))
    order = ORDER.get(table, "rowid")
    result = store.cursor().execute(
        f"SELECT CAST(coalesce(list_position(?, {column}), 0) AS {_code_type(len(vocab))}) AS c"
        f" FROM {table} ORDER BY {order}",
        [vocab],
    )
    return Categorical(vocab, np.asarray(result.fetchnumpy()["c"]))


def _numbers(store: NodeStore, table: str, expression: str, wide: bool = False) -> npt.NDArray[Any]:
    """Numbers and dates (as days) in float32 (float64 when `wide`), NULL as NaN.

    Stored ages, °C and days since 1970 are small integers, all exact in float32; measured values are not.
    """
    order = ORDER.get(table, "rowid")
    kind, dtype = ("DOUBLE", np.float64) if wide else ("FLOAT", np.float32)
    result = store.cursor().execute(f"SELECT CAST({expression} AS {kind}) AS v FROM {table} ORDER BY {order}")
    column = result.fetchnumpy()["v"]
    return np.ma.filled(np.ma.asarray(column, dtype=dtype), np.nan)


def _owner(store: NodeStore, table: str, column: str = "individual_pk") -> npt.NDArray[np.int32]:
    order = ORDER.get(table, "rowid")
    result = store.cursor().execute(f"SELECT {column} AS p FROM {table} ORDER BY {order}")
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


def _compare(values: npt.NDArray[Any], op: str, target: float, upper: float = 0.0) -> Bool:
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
        for alias, (table, owner) in RELATED_TABLES.items():
            if alias in SHARED:
                self.text[alias], self.numbers[alias] = self.text[SHARED[alias]], self.numbers[SHARED[alias]]
            else:
                self.text[alias] = {c: _categorical(store, table, c) for c in RELATED_TEXT[alias]}
                self.numbers[alias] = {
                    c: _numbers(store, table, e, wide=c in WIDE) for c, e in RELATED_NUMBERS.get(alias, {}).items()
                }
            self.owner[alias] = _owner(store, table, owner)
        self.samples = len(self.owner["b"])
        self.rows = self.donors + self.samples  # what a count scans: how long it takes grows with it
        # Each assay's rows are one slice of its (assay-sorted) table: bounds computed once.
        self.slices: dict[str, dict[str, tuple[int, int]]] = {}
        for alias in BY_ASSAY:
            codes = self.text[alias]["assay"]
            bounds = np.searchsorted(codes.codes, np.arange(1, len(codes.vocab) + 2, dtype=codes.codes.dtype))
            self.slices[alias] = {name: (int(bounds[k]), int(bounds[k + 1])) for k, name in enumerate(codes.vocab)}
        self.hashes = {"i": _hashes(store, "individuals"), "b": _hashes(store, "biosamples")}

    @classmethod
    def build(cls, store: NodeStore) -> DonorIndex | None:
        """None when donors' pks are not 0..n-1 (then every count goes to SQL)."""
        row = store.fetchall("SELECT count(*), min(pk), max(pk) FROM individuals")[0]
        if row[0] and (row[1] != 0 or row[2] != row[0] - 1):
            return None
        return cls(store)

    def _mask(self, cond: Cond, part: slice | npt.NDArray[np.intp] = slice(None)) -> Bool | None:
        """The cond over the rows `part` of its table (None when the index does not hold the column)."""
        text = self.text[cond.alias].get(cond.column)
        if text is not None:
            if cond.op == "=":
                wanted = cond.values[0]
                return text.where(lambda v: v == wanted, part)
            if cond.op == "<>":
                other = cond.values[0]
                return text.where(lambda v: v != other, part)
            if cond.op in ("in", "notin"):
                among, inside = frozenset(cond.values), cond.op == "in"
                return text.where(lambda v: (v in among) == inside, part)
            if cond.op == "between":
                lo, hi = cond.values
                return text.where(lambda v: lo <= v <= hi, part)
            if cond.op == "prefix":
                code = str(cond.values[0])
                stem = code + ("." if len(code) == 3 else "")
                return text.where(lambda v: v == code or v.startswith(stem), part)
            return None
        numbers = self.numbers[cond.alias].get(cond.column)
        if numbers is None:
            return None
        upper = _value(cond.values[1]) if cond.op == "outside" else 0.0
        return _compare(numbers[part], cond.op, _value(cond.values[0]), upper)

    def _rows(self, conds: list[Cond], alias: str, part: slice = slice(None)) -> npt.NDArray[np.intp] | None:
        """Row numbers of `alias`'s table (within `part`) meeting every cond, None if one is not held."""
        if alias in BY_ASSAY and part == slice(None):
            return self._assay_rows(conds, alias)
        mask: Bool | None = None
        for cond in conds:
            found = self._mask(cond, part)
            if found is None:
                return None
            mask = found if mask is None else np.logical_and(mask, found, out=mask)
        start = part.start or 0
        if mask is None:
            stop = len(self.owner[alias]) if part.stop is None else part.stop
            return np.arange(start, stop, dtype=np.intp)
        return np.flatnonzero(mask) + start

    def _assay_rows(self, conds: list[Cond], alias: str) -> npt.NDArray[np.intp] | None:
        """Measures: only the slices of the wanted assays are scanned (rows are sorted by assay)."""
        assay = next((c for c in conds if c.column == "assay" and c.op in ("=", "in")), None)
        if assay is None:
            return self._rows(conds, alias, slice(0, len(self.owner[alias])))
        rest = [c for c in conds if c is not assay]
        pieces = []
        for name, (lo, hi) in self.slices[alias].items():
            if name in assay.values:
                rows = self._rows(rest, alias, slice(lo, hi))
                if rows is None:
                    return None
                pieces.append(rows)
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)

    def _donors_with(self, rows: npt.NDArray[np.intp], alias: str) -> Bool:
        has = np.zeros(self.donors, dtype=np.bool_)
        has[self.owner[alias][rows]] = True
        return has

    def _sample_rows(self, query: Query) -> npt.NDArray[np.intp] | None:
        """Samples meeting every sample-level condition themselves (the same-sample rule)."""
        rows = self._rows(list(query.sample), "b")
        if rows is None or not query.sample_related:
            return rows
        keep = np.zeros(self.samples, dtype=np.bool_)
        keep[rows] = True
        for group in query.sample_related:
            found = self._rows(list(group.conds), group.alias)
            if found is None:
                return None
            has = np.zeros(self.samples, dtype=np.bool_)
            has[self.owner[group.alias][found]] = True
            keep &= has
        return np.flatnonzero(keep)

    def _related(self, mask: Bool, groups: list[Related | AnyOf]) -> bool:
        """AND each group's donors into `mask`; False when the index cannot answer one."""
        for group in groups:
            either = np.zeros(self.donors, dtype=np.bool_)
            for one in group.groups if isinstance(group, AnyOf) else (group,):
                found = self._candidates_meeting(one, mask)
                if found is None:
                    rows = self._rows(list(one.conds), one.alias)
                    if rows is None:
                        return False
                    found = self._donors_with(rows, one.alias)
                either |= found
            mask &= either
        return True

    def _candidates_meeting(self, group: Related, mask: Bool) -> Bool | None:
        """Which donors still in `mask` meet an individual measure group, looking up only their rows.

        Individual measures are sorted by assay, then donor: each candidate's rows in an assay's slice are
        found by binary search, so a BMI condition costs O(candidates x log rows), not a scan of every
        donor's BMI. None when the group is not of that kind (the caller scans instead)."""
        assay = next((c for c in group.conds if c.column == "assay" and c.op in ("=", "in")), None)
        if group.alias != "m" or assay is None:
            return None
        rest = [c for c in group.conds if c is not assay]
        candidates = np.flatnonzero(mask).astype(np.int32)
        found = np.zeros(self.donors, dtype=np.bool_)
        owners = self.owner["m"]
        for name, (lo, hi) in self.slices["m"].items():
            if name not in assay.values:
                continue
            piece = owners[lo:hi]
            left = np.searchsorted(piece, candidates, "left")
            count = np.searchsorted(piece, candidates, "right") - left
            total = int(count.sum())
            if total == 0:
                continue
            starts = np.repeat(left + lo, count)
            rows = starts + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
            keep = np.ones(total, dtype=np.bool_)
            for cond in rest:
                part = self._mask(cond, rows)
                if part is None:
                    return None
                keep &= part
            found[owners[rows[keep]]] = True
        return found

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
        if with_samples and (query.sample or query.sample_related):
            rows = self._sample_rows(query)
            if rows is None:
                return None
            rows = rows[mask[self.owner["b"][rows]]]
            mask = self._donors_with(rows, "b")
        # Last, when the fewest donors are left: measures look up only those donors' rows.
        if not self._related(mask, query.related):
            return None
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
        rows = self._sample_rows(query) if donors is not None else None
        if donors is None or rows is None:
            return None
        rows = rows[donors[self.owner["b"][rows]]]
        return int(rows.size), fingerprint(self.hashes["b"][rows])
