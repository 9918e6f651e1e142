"""Landscape benchmarks: ranking quality (nDCG@10 on the labelled queries) and search latency on 100 k
synthetic items against a plain LIKE scan over the same rows, in the same run, on SQLite and PostgreSQL.

    python -m bench.landscape [--items 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from ic2permed.core.database import Database
from ic2permed.core.migrate import upgrade
from ic2permed.core.vocab import themes
from ic2permed.landscape import bundle, repository
from ic2permed.landscape.indexing import item_terms
from ic2permed.landscape.models import LandscapeItem, LandscapeTerm, LandscapeTheme
from ic2permed.landscape.schemas import SearchQuery

HERE = Path(__file__).resolve().parent
QUERIES = json.loads((HERE / "landscape_queries.json").read_text(encoding="utf-8"))["queries"]
MIXED = [
    "data protection",
    "生物样本库",
    "GDPR",
    "人工智能 伦理",
    "rare disease registry",
    "罕見病",
    "GB/T 37864",
    "clinical trials",
    "基因组 数据 共享",
    "cancer screening",
    "健康医疗大数据",
    "interoperability standard",
]


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    gains = [relevant.get(item, 0) for item in ranked[:10]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def quality(database: Database) -> dict[str, Any]:
    bundle.load(database, force=True)
    scores: dict[str, float] = {}
    with database.session() as session:
        known = {i.id for i in repository.all_items(session)}
        for query in QUERIES:
            relevant = {k: v for k, v in query["relevant"].items() if k in known}
            if not relevant:
                continue
            ids, _ = repository.ranked_ids(session, SearchQuery(q=query["q"], limit=10))
            scores[query["q"]] = ndcg_at_10(ids, relevant)
    by_type: dict[str, list[float]] = {}
    for query in QUERIES:
        if query["q"] in scores:
            by_type.setdefault(query["type"], []).append(scores[query["q"]])
    return {
        "queries": len(scores),
        "ndcg_at_10": round(statistics.mean(scores.values()), 4),
        "by_type": {k: round(statistics.mean(v), 4) for k, v in sorted(by_type.items())},
        "worst": sorted(((round(v, 3), q) for q, v in scores.items()))[:5],
    }


def synthetic_items(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    topics = themes.of_kind(themes.TOPIC)
    kinds = ["law", "policy", "programme", "infrastructure", "standard"]
    regions = ["EU", "Europe (non-EU)", "China", "International"]
    rows = []
    for n in range(count):
        chosen = rng.sample(topics, 3)
        region = rng.choice(regions)
        rows.append(
            {
                "id": f"synth-{n:06d}",
                "kind": rng.choice(kinds),
                "region": region,
                "status": rng.choice(["in_force", "in_force", "planned", "ended"]),
                "year": rng.randint(1995, 2026),
                "identifier": f"SYN {rng.randint(1000, 99999)}-{rng.randint(1995, 2026)}",
                "title_en": f"Synthetic {chosen[0].term.label_en} and {chosen[1].term.label_en} measure {n}",
                "title_zh": f"合成{chosen[0].term.label_zh}与{chosen[1].term.label_zh}措施{n}",
                "summary_en": f"A made-up item about {chosen[2].term.label_en.lower()} for benchmarking only.",
                "summary_zh": f"仅用于基准测试的虚构条目，涉及{chosen[2].term.label_zh}。",
                "themes": [t.code for t in chosen],
                "acronyms": [],
                "sources": [],
                "verified": False,
                "issuing_body": "Benchmark generator",
            }
        )
    return rows


def bulk_load(database: Database, rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    with database.engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            conn.execute(insert(LandscapeItem), [{**r, "origin": "bench", "curated_fields": []} for r in chunk])
            conn.execute(insert(LandscapeTheme), [{"item_id": r["id"], "theme": t} for r in chunk for t in r["themes"]])
            conn.execute(
                insert(LandscapeTerm),
                [{"item_id": r["id"], "term": term, "weight": w} for r in chunk for term, w in item_terms(r).items()],
            )
    with database.session() as session:
        repository.touch(session)
        session.commit()
    if database.dialect == "postgresql":
        with database.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return time.perf_counter() - started


def latency(database: Database, rounds: int = 5) -> dict[str, Any]:
    ranked: list[float] = []
    baseline: list[float] = []
    with database.session() as session:
        started = time.perf_counter()
        repository.ranked_ids(session, SearchQuery(q="warm up", limit=1))  # builds the in-memory index once
        build_ms = (time.perf_counter() - started) * 1000
        for _ in range(rounds):
            for q in MIXED:
                started = time.perf_counter()
                repository.ranked_ids(session, SearchQuery(q=q, limit=20))
                ranked.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                repository.like_scan(session, q.split(), 20)
                baseline.append((time.perf_counter() - started) * 1000)

    def pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)

    return {
        "index_build_ms": round(build_ms, 1),
        "queries": len(ranked),
        "p50_ms": pct(ranked, 0.5),
        "p95_ms": pct(ranked, 0.95),
        "like_scan_p50_ms": pct(baseline, 0.5),
        "like_scan_p95_ms": pct(baseline, 0.95),
        "ratio_p95_ranked_to_like": round(pct(ranked, 0.95) / max(pct(baseline, 0.95), 1e-6), 3),
    }


def run(items: int = 100_000, postgres: str | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = Database(f"sqlite:///{tmp}/quality.db")
        upgrade(small.engine)
        results["quality"] = quality(small)
        small.dispose()
        rows = synthetic_items(items)
        engines = {"sqlite": f"sqlite:///{tmp}/latency.db"}
        if postgres:
            engines["postgresql"] = fresh_schema(postgres, "bench_landscape")
        for name, url in engines.items():
            database = Database(url)
            upgrade(database.engine)
            load_seconds = bulk_load(database, rows)
            results[f"latency_{name}"] = {"items": items, "load_seconds": round(load_seconds, 1), **latency(database)}
            database.dispose()
    return results


def fresh_schema(url: str, schema: str) -> str:
    """An empty PostgreSQL schema for this run, and the URL that uses it."""
    admin = Database(url)
    with admin.engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("IC2PERMED_BENCH_POSTGRES_URL"))
    args = parser.parse_args()
    print(json.dumps(run(args.items, args.postgres), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
