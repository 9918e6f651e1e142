"""The node's DuckDB file: its schema, the one write door and pooled read-only cursors.

DuckDB allows one writing process per file, so writers never touch the served file: they build a new
file beside it and swap it in with an atomic rename (STYLE §9). Serving opens the file read-only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from ic2permed.core.errors import NotFound

SEX_FEMALE = "NCIT:C16576"
SEX_MALE = "NCIT:C20197"
SEX_UNKNOWN = "NCIT:C17998"
SEXES = (SEX_FEMALE, SEX_MALE, SEX_UNKNOWN)

# Integer surrogate keys (`pk`) carry the joins; `id` is the Beacon identifier shown at the wire.
# The one-to-many parts of the Beacon v2 individual and biosample each have a table keyed by the owner's pk;
# CONTRACT: docs/node-storage.md describes every table, column and unit (other writers rely on it).
SCHEMA_SQL = """
CREATE TABLE individuals (
    pk INTEGER PRIMARY KEY, id VARCHAR NOT NULL UNIQUE, sex VARCHAR NOT NULL, ethnicity VARCHAR,
    geographic_origin VARCHAR, dataset_id VARCHAR, cohort_id VARCHAR, extra JSON
);
CREATE TABLE diseases (
    individual_pk INTEGER NOT NULL, code VARCHAR NOT NULL, code3 VARCHAR NOT NULL,
    age_at_diagnosis SMALLINT, diagnosis_date DATE
);
CREATE TABLE biosamples (
    pk INTEGER PRIMARY KEY, id VARCHAR NOT NULL, individual_pk INTEGER NOT NULL, material VARCHAR,
    origin VARCHAR, sampling_date DATE, age SMALLINT, storage_temperature SMALLINT, extra JSON
);
CREATE TABLE individual_terms (individual_pk INTEGER NOT NULL, field VARCHAR NOT NULL, term VARCHAR NOT NULL);
CREATE TABLE sample_terms (
    biosample_pk INTEGER NOT NULL, individual_pk INTEGER NOT NULL, field VARCHAR NOT NULL, term VARCHAR NOT NULL
);
CREATE TABLE measures (
    individual_pk INTEGER NOT NULL, assay VARCHAR NOT NULL, value DOUBLE, value_term VARCHAR, unit VARCHAR,
    date DATE, age SMALLINT
);
CREATE TABLE measurements (
    biosample_pk INTEGER NOT NULL, individual_pk INTEGER NOT NULL, assay VARCHAR NOT NULL, value DOUBLE,
    value_term VARCHAR, unit VARCHAR, date DATE, age SMALLINT
);
CREATE TABLE procedures (
    individual_pk INTEGER NOT NULL, code VARCHAR NOT NULL, body_site VARCHAR, date DATE, age SMALLINT
);
CREATE TABLE treatments (individual_pk INTEGER NOT NULL, code VARCHAR NOT NULL, route VARCHAR, age SMALLINT);
CREATE TABLE phenotypes (
    individual_pk INTEGER NOT NULL, biosample_pk INTEGER, term VARCHAR NOT NULL, excluded BOOLEAN NOT NULL,
    age SMALLINT
);
CREATE TABLE exposures (
    individual_pk INTEGER NOT NULL, code VARCHAR NOT NULL, value DOUBLE, unit VARCHAR, date DATE, age SMALLINT,
    duration VARCHAR
);
CREATE TABLE collections (id VARCHAR NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, body JSON);
CREATE TABLE node_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""


# Column types of every table, in order: the writers' contract (`insert_columns` checks names against it).
TABLES: dict[str, dict[str, str]] = {
    "individuals": {
        "pk": "INTEGER",
        "id": "VARCHAR",
        "sex": "VARCHAR",
        "ethnicity": "VARCHAR",
        "geographic_origin": "VARCHAR",
        "dataset_id": "VARCHAR",
        "cohort_id": "VARCHAR",
        "extra": "JSON",
    },
    "diseases": {
        "individual_pk": "INTEGER",
        "code": "VARCHAR",
        "code3": "VARCHAR",
        "age_at_diagnosis": "SMALLINT",
        "diagnosis_date": "DATE",
    },
    "biosamples": {
        "pk": "INTEGER",
        "id": "VARCHAR",
        "individual_pk": "INTEGER",
        "material": "VARCHAR",
        "origin": "VARCHAR",
        "sampling_date": "DATE",
        "age": "SMALLINT",
        "storage_temperature": "SMALLINT",
        "extra": "JSON",
    },
    "individual_terms": {"individual_pk": "INTEGER", "field": "VARCHAR", "term": "VARCHAR"},
    "sample_terms": {"biosample_pk": "INTEGER", "individual_pk": "INTEGER", "field": "VARCHAR", "term": "VARCHAR"},
    "measures": {
        "individual_pk": "INTEGER",
        "assay": "VARCHAR",
        "value": "DOUBLE",
        "value_term": "VARCHAR",
        "unit": "VARCHAR",
        "date": "DATE",
        "age": "SMALLINT",
    },
    "measurements": {
        "biosample_pk": "INTEGER",
        "individual_pk": "INTEGER",
        "assay": "VARCHAR",
        "value": "DOUBLE",
        "value_term": "VARCHAR",
        "unit": "VARCHAR",
        "date": "DATE",
        "age": "SMALLINT",
    },
    "procedures": {
        "individual_pk": "INTEGER",
        "code": "VARCHAR",
        "body_site": "VARCHAR",
        "date": "DATE",
        "age": "SMALLINT",
    },
    "treatments": {"individual_pk": "INTEGER", "code": "VARCHAR", "route": "VARCHAR", "age": "SMALLINT"},
    "phenotypes": {
        "individual_pk": "INTEGER",
        "biosample_pk": "INTEGER",
        "term": "VARCHAR",
        "excluded": "BOOLEAN",
        "age": "SMALLINT",
    },
    "exposures": {
        "individual_pk": "INTEGER",
        "code": "VARCHAR",
        "value": "DOUBLE",
        "unit": "VARCHAR",
        "date": "DATE",
        "age": "SMALLINT",
        "duration": "VARCHAR",
    },
}


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL)


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, Any], chunk: int = 500_000) -> int:
    """Bulk insert column-wise: `columns` maps column names to equal-length lists or numpy arrays.

    Columns left out are NULL. Dates are `datetime.date` values or numpy ``datetime64[D]``; a column
    holding one scalar (not a list or array) is repeated for every row. Returns the number of rows.
    One statement per chunk (DuckDB's executemany goes row by row).
    """
    types = TABLES.get(table)
    if types is None:
        raise ValueError(f"no table {table!r}")
    unknown = sorted(set(columns) - set(types))
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(unknown)}")
    lengths = {len(v) for v in columns.values() if isinstance(v, (list, tuple, np.ndarray))}
    if len(lengths) > 1:
        raise ValueError(f"{table}: columns of different lengths {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    if n == 0:
        return 0
    names = list(columns)
    for start in range(0, n, chunk):
        params: dict[str, Any] = {}
        select = []
        for k, name in enumerate(names):
            value = columns[name]
            if isinstance(value, (list, tuple, np.ndarray)):
                params[f"c{k}"] = value[start : start + chunk]
                select.append(f"CAST(unnest($c{k}) AS {types[name]})")
            else:
                params[f"c{k}"] = value
                select.append(f"CAST($c{k} AS {types[name]})")
        con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(select)}", params)
    return n


@contextmanager
def write_new(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one write door: build a fresh file next to `path`, then swap it in atomically.

    On any error the half-built file is removed and the served file is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute("SET enable_progress_bar = false")
    try:
        create_schema(con)
        yield con
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)


class NodeStore:
    """Read-only access to a node file; one cursor per thread, made from one shared connection."""

    def __init__(self, path: Path) -> None:
        if not Path(path).exists():
            raise NotFound(f"no node database at {path}")
        self.path = Path(path)
        self.identity = self._stat()
        self._con = duckdb.connect(str(path), read_only=True)
        self._con.execute("SET enable_progress_bar = false")
        self._local = threading.local()

    def _stat(self) -> tuple[int, int]:
        stat = self.path.stat()
        return stat.st_ino, stat.st_mtime_ns

    def replaced(self) -> bool:
        """True once an import or synth has swapped a new file in at this path."""
        try:
            return self._stat() != self.identity
        except FileNotFoundError:
            return False

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    def fetchall(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.cursor().execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.fetchall("SELECT key, value FROM node_meta")}

    def close(self) -> None:
        self._con.close()
