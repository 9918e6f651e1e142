"""Hub fan-out benchmark: 50 nodes over real loopback HTTP (one process serves them all).

Reports the hub's overhead over the slowest node (median of repeated runs) and the answer time when 5
nodes never answer (target: the per-node timeout + 50 ms, with those 5 flagged).

    python -m bench.hub
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from tests.fakes.servers import free_port

from ic2permed.federation.hub.fanout import Caller, ClientPool, Target, fan_out
from ic2permed.federation.hub.schemas import Criteria, Status

NODES = 50
DEAD = 5


def delays_for(dead: int) -> dict[int, float]:
    rng = random.Random(3)
    delays = {i: 0.010 + rng.random() * 0.040 for i in range(NODES)}
    return delays | {i: 3600.0 for i in range(dead)}


def app_factory() -> FastAPI:
    """What the node process serves (uvicorn --factory); BENCH_DEAD nodes never answer."""
    return many_nodes(delays_for(int(os.environ.get("BENCH_DEAD", "0"))))


@contextmanager
def node_process(dead: int) -> Iterator[str]:
    """The 50 nodes run in their own process, as real nodes would, so they do not share the hub's CPU."""
    port = free_port()
    env = os.environ | {"BENCH_DEAD": str(dead)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.hub:app_factory",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.post(url + "/n99/api/individuals", timeout=0.2)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.kill()  # nodes that never answer would hold a graceful shutdown forever
        process.wait(timeout=10)


def many_nodes(delays: dict[int, float]) -> FastAPI:
    app = FastAPI()

    @app.post("/n{number}/api/individuals")
    async def answer(number: int) -> JSONResponse:
        await asyncio.sleep(delays.get(number, 0.0))
        return JSONResponse(
            {
                "meta": {"beaconId": f"n{number}", "apiVersion": "v2.0", "returnedSchemas": []},
                "responseSummary": {"exists": True, "numTotalResults": 10 * number},
                "info": {"countPrecision": "rounded"},
            }
        )

    return app


async def rounds(url: str, timeout: float, count: int) -> list[tuple[float, list[Any]]]:
    """Several federated queries through one client, as the hub keeps its connections alive."""
    targets = [Target(f"n{i}", f"n{i}", f"{url}/n{i}/api", "EU" if i % 2 else "China") for i in range(NODES)]
    question = Criteria(diseases=["E10-E14"], sex="female")  # type: ignore[arg-type]
    results = []
    pool = ClientPool()
    try:
        for _ in range(count):
            started = time.perf_counter()
            answers = [a async for a in fan_out(targets, question, Caller("bench", "u"), timeout, pool)]
            results.append((time.perf_counter() - started, answers))
    finally:
        await pool.aclose()
    return results


def run(repeats: int = 15) -> dict[str, Any]:
    slowest = max(delays_for(0).values())
    with node_process(dead=0) as url:
        measured = asyncio.run(rounds(url, 2.0, repeats + 1))[1:]  # the first round opens the connections
    assert all(a.status is Status.OK for _elapsed, answers in measured for a in answers)
    overheads = [(elapsed - slowest) * 1000 for elapsed, _answers in measured]
    timeout = 1.0
    with node_process(dead=DEAD) as url:
        elapsed, answers = asyncio.run(rounds(url, timeout, 1))[0]
    flagged = sorted(a.node_id for a in answers if a.status is Status.TIMEOUT)
    return {
        "nodes": NODES,
        "slowest_node_ms": round(slowest * 1000, 1),
        "overhead_over_slowest_median_ms": round(statistics.median(overheads), 1),
        "overhead_over_slowest_p95_ms": round(sorted(overheads)[int(0.95 * (len(overheads) - 1))], 1),
        "target_overhead_ms": 30,
        "dead_nodes": DEAD,
        "timeout_ms": timeout * 1000,
        "answer_with_dead_nodes_ms": round(elapsed * 1000, 1),
        "target_with_dead_nodes_ms": timeout * 1000 + 50,
        "dead_flagged": flagged,
        "all_dead_flagged": len(flagged) == DEAD,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
