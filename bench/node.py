"""Node benchmark: the headline question over N synthetic donors, DuckDB node vs an indexed SQLite row store.

"ICD-10 block E10-E14 + female + age 40-60 at sampling + serum", with the Locator's same-sample rule. Both
stores hold the same rows from the same run and answer the same SQL; the answers must agree (exactness is
checked, not assumed). HTTP end-to-end is timed through a live node on a loopback port. The same question
with a BMI condition (BMI >= 30, a measure) is timed on the node index in the same run and reported as a
ratio to the headline question (target: within 1.5x).
"""

from __future__ import annotations

import platform
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx
import uvicorn

from ic2permed.federation.disclosure import Protection
from ic2permed.federation.node.app import NodeSettings, create_node_app
from ic2permed.federation.node.catalogue import load_holdings
from ic2permed.federation.node.index import DonorIndex
from ic2permed.federation.node.query import Scope, compile_filters, individuals_sql, parse_filters
from ic2permed.federation.node.store import NodeStore
from ic2permed.federation.node.synth import synthesise

QUESTION: list[dict[str, Any]] = [
    {"id": "ICD10:E10-E14", "includeDescendantTerms": True},
    {"id": "NCIT:C16576"},
    {"id": "age", "operator": ">=", "value": "40"},
    {"id": "age", "operator": "<=", "value": "60"},
    {"id": "MIABIS:SERUM"},
]
BMI_QUESTION: list[dict[str, Any]] = [*QUESTION, {"id": "LOINC:39156-5", "operator": ">=", "value": "30"}]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
START, END = "<!-- node-bench:start -->", "<!-- node-bench:end -->"


def timed(fn: Any, repeats: int) -> tuple[list[float], Any]:
    result = fn()  # warm-up
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return runs, result


def sqlite_copy(db: Path, target: Path) -> float:
    """The same rows in SQLite, with the indexes a careful row-store design would have."""
    started = time.perf_counter()
    source = duckdb.connect(str(db), read_only=True)
    sink = sqlite3.connect(target)
    sink.executescript(
        """
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE individuals (pk INTEGER PRIMARY KEY, sex TEXT NOT NULL);
        CREATE TABLE diseases (individual_pk INTEGER NOT NULL, code TEXT NOT NULL, code3 TEXT NOT NULL);
        CREATE TABLE biosamples (individual_pk INTEGER NOT NULL, material TEXT, age INTEGER);
        """
    )
    for table, columns in (
        ("individuals", "pk, sex"),
        ("diseases", "individual_pk, code, code3"),
        ("biosamples", "individual_pk, material, age"),
    ):
        cursor = source.execute(f"SELECT {columns} FROM {table}")
        marks = ", ".join("?" for _ in columns.split(","))
        while rows := cursor.fetchmany(200_000):
            sink.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    sink.executescript(
        """
        CREATE INDEX ix_individuals_sex ON individuals (sex, pk);
        CREATE INDEX ix_diseases_individual ON diseases (individual_pk, code3, code);
        CREATE INDEX ix_diseases_code3 ON diseases (code3, individual_pk);
        CREATE INDEX ix_biosamples_individual ON biosamples (individual_pk, material, age);
        CREATE INDEX ix_biosamples_material ON biosamples (material, age, individual_pk);
        ANALYZE;
        """
    )
    sink.commit()
    sink.close()
    source.close()
    return time.perf_counter() - started


def http_times(db: Path, repeats: int, question: list[dict[str, Any]] | None = None) -> list[float]:
    app = create_node_app(NodeSettings(db=db, protection=Protection(budget_per_day=0), log_path=db.with_suffix(".log")))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/api/individuals"
    filters = QUESTION if question is None else question
    payload = {"meta": {"apiVersion": "v2.0"}, "query": {"filters": filters, "requestedGranularity": "count"}}
    try:
        with httpx.Client(timeout=60) as client:
            runs, _ = timed(lambda: client.post(url, json=payload).raise_for_status(), repeats)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return runs


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def import_seconds(db: Path, folder: Path, donors: int = 100_000) -> float:
    """Time `node import --format beacon-csv` of `donors` donors exported from a synthetic node."""
    from ic2permed.federation.node.importers import import_directory

    csv = folder / "csv"
    csv.mkdir()
    con = duckdb.connect(str(db), read_only=True)
    con.execute(
        f"""COPY (SELECT i.id AS "id", i.sex AS "sex|id", i.ethnicity AS "ethnicity|id",
            i.geographic_origin AS "geographicOrigin|id",
            string_agg('ICD10:' || d.code, '|') AS "diseases|diseaseCode|id",
            string_agg('P' || d.age_at_diagnosis || 'Y', '|') AS "diseases|ageOfOnset|iso8601duration"
          FROM individuals i LEFT JOIN diseases d ON d.individual_pk = i.pk WHERE i.pk < {donors}
          GROUP BY ALL ORDER BY i.id) TO '{csv / "individuals.csv"}' (HEADER)"""
    )
    con.execute(
        f"""COPY (SELECT b.id AS "id", i.id AS "individualId", 'EFO:0009654' AS "biosampleStatus|id",
            b.origin AS "sampleOriginType|id", b.sampling_date AS "collectionDate",
            'P' || b.age || 'Y' AS "collectionMoment", b.material AS "materialType",
            b.storage_temperature AS "storageTemperature"
          FROM biosamples b JOIN individuals i ON i.pk = b.individual_pk WHERE i.pk < {donors}
          ORDER BY b.pk) TO '{csv / "biosamples.csv"}' (HEADER)"""
    )
    con.close()
    started = time.perf_counter()
    import_directory("beacon-csv", csv, folder / "imported.duckdb", show_progress=False)
    return time.perf_counter() - started


def ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def run(sizes: list[int], repeats: int = 9) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "question": "ICD10:E10-E14 + NCIT:C16576 + age 40-60 at sampling + MIABIS:SERUM (same sample)",
        "bmi_question": "the same + LOINC:39156-5 (BMI) >= 30",
        "machine": {"cpus": _cpus(), "python": platform.python_version(), "duckdb": duckdb.__version__},
        "sizes": {},
    }
    query = compile_filters(parse_filters(QUESTION))
    sql, params = individuals_sql(query, Scope())
    for donors in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "node.duckdb"
            started = time.perf_counter()
            summary = synthesise(db, donors, "eu", seed=1)
            synth_s = time.perf_counter() - started
            store = NodeStore(db)
            duck_runs, duck_count = timed(lambda store=store: store.scalar(sql, params), repeats)
            started = time.perf_counter()
            index = DonorIndex.build(store)
            index_s = time.perf_counter() - started
            assert index is not None
            index_runs, index_count = timed(lambda index=index: index.count("individuals", query, Scope()), repeats)
            bmi_query = compile_filters(parse_filters(BMI_QUESTION), holdings=load_holdings(store))
            bmi_sql, bmi_params = individuals_sql(bmi_query, Scope())
            bmi_runs, bmi_count = timed(
                lambda index=index, q=bmi_query: index.count("individuals", q, Scope()), repeats
            )
            bmi_duck_runs, bmi_duck = timed(
                lambda store=store, sql=bmi_sql, params=bmi_params: store.scalar(sql, params), repeats
            )
            assert bmi_count == bmi_duck, (bmi_count, bmi_duck)
            assert 0 < bmi_count < index_count, "the synthetic node must hold BMI measures"
            del index
            store.close()
            lite = Path(tmp) / "baseline.sqlite"
            load_s = sqlite_copy(db, lite)
            con = sqlite3.connect(lite)
            lite_runs, lite_count = timed(lambda con=con: con.execute(sql, params).fetchone()[0], max(3, repeats // 3))
            con.close()
            assert duck_count == lite_count == index_count, (duck_count, lite_count, index_count)
            http_runs = http_times(db, repeats)
            bmi_http_runs = http_times(db, repeats, BMI_QUESTION)
            imported = import_seconds(db, Path(tmp), min(donors, 100_000))
            figures["sizes"][str(donors)] = {
                "donors": donors,
                "samples": summary.samples,
                "diagnoses": summary.diagnoses,
                "answer": int(duck_count),
                "synth_seconds": round(synth_s, 1),
                "index_build_seconds": round(index_s, 1),
                "index_median_ms": ms(index_runs),
                "index_donors_per_second": round(donors / statistics.median(index_runs)),
                "index_speedup_vs_sqlite": round(statistics.median(lite_runs) / statistics.median(index_runs), 1),
                "duckdb_median_ms": ms(duck_runs),
                "duckdb_donors_per_second": round(donors / statistics.median(duck_runs)),
                "sqlite_load_seconds": round(load_s, 1),
                "sqlite_median_ms": ms(lite_runs),
                "sqlite_donors_per_second": round(donors / statistics.median(lite_runs)),
                "speedup_vs_sqlite": round(statistics.median(lite_runs) / statistics.median(duck_runs), 1),
                "http_median_ms": ms(http_runs),
                "import_100k_donors_seconds": round(imported, 1),
                "http_p95_ms": round(sorted(http_runs)[max(0, int(len(http_runs) * 0.95) - 1)] * 1000, 2),
                "bmi_answer": int(bmi_count),
                "bmi_index_median_ms": ms(bmi_runs),
                "bmi_vs_headline_index": round(statistics.median(bmi_runs) / statistics.median(index_runs), 2),
                "bmi_duckdb_median_ms": ms(bmi_duck_runs),
                "bmi_http_median_ms": ms(bmi_http_runs),
                "bmi_vs_headline_http": round(statistics.median(bmi_http_runs) / statistics.median(http_runs), 2),
            }
    return figures


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def write_docs(figures: dict[str, Any]) -> None:
    """Replace the node table in docs/performance.md (between its markers), keeping the rest."""
    rows = [
        "| donors | samples | answer | node index (median) | donors/s | DuckDB SQL (median) | donors/s"
        " | SQLite indexed (median) | index vs SQLite | HTTP end to end (median / p95) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in figures["sizes"].values():
        rows.append(
            f"| {size['donors']:,} | {size['samples']:,} | {size['answer']:,}"
            f" | {size['index_median_ms']} ms | {size['index_donors_per_second'] / 1e6:.0f} M"
            f" | {size['duckdb_median_ms']} ms | {size['duckdb_donors_per_second'] / 1e6:.0f} M"
            f" | {size['sqlite_median_ms']} ms | {size['index_speedup_vs_sqlite']}×"
            f" | {size['http_median_ms']} / {size['http_p95_ms']} ms |"
        )
    rows += [
        "",
        f"With a BMI condition ({figures.get('bmi_question', 'the same + BMI >= 30')}), same run:",
        "",
        "| donors | answer | node index (median) | vs headline | DuckDB SQL (median) | HTTP (median) | vs headline |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in figures["sizes"].values():
        if "bmi_index_median_ms" not in size:
            continue
        rows.append(
            f"| {size['donors']:,} | {size['bmi_answer']:,} | {size['bmi_index_median_ms']} ms"
            f" | {size['bmi_vs_headline_index']}× | {size['bmi_duckdb_median_ms']} ms"
            f" | {size['bmi_http_median_ms']} ms | {size['bmi_vs_headline_http']}× |"
        )
    machine = figures["machine"]
    block = "\n".join(
        [
            START,
            f"Question: {figures['question']}. Machine: {machine['cpus']} CPUs (shared), Python {machine['python']},"
            f" DuckDB {machine['duckdb']}.",
            "",
            *rows,
            END,
        ]
    )
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n## Beacon node\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")
