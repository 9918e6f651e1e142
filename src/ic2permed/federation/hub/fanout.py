"""Ask every node at once and yield each answer as it arrives; a dead node never blocks the others.

This module applies no privacy rule: nodes protect their own counts, and the hub reports per node what
it was told (status, count, declared precision).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ic2permed.federation.hub import beacon_request, signing
from ic2permed.federation.hub.schemas import Criteria, NodeAnswer, Status


@dataclass(frozen=True)
class Target:
    """What the fan-out needs to know of a node (no database row leaves the service)."""

    id: str
    name: str
    base_url: str
    region: str
    biobank_id: str | None = None
    signing_secret: str | None = None


@dataclass(frozen=True)
class Caller:
    hub_id: str
    user: str


async def ask(
    client: httpx.AsyncClient,
    target: Target,
    body: bytes,
    caller: Caller,
    timeout: float,
    entry: str = "individuals",
) -> NodeAnswer:
    url = target.base_url.rstrip("/") + "/" + entry
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if target.signing_secret:
        headers |= signing.sign(caller.hub_id, target.signing_secret, "POST", urlsplit(url).path, body, caller.user)
    started = time.perf_counter()

    def answer(status: Status, **fields: object) -> NodeAnswer:
        return NodeAnswer(
            node_id=target.id,
            name=target.name,
            region=target.region,
            status=status,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
            biobank_id=target.biobank_id,
            **fields,
        )

    try:
        response = await client.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return answer(Status.TIMEOUT, reason=f"no answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        return answer(Status.ERROR, reason=f"{type(exc).__name__}: {exc}"[:300])
    try:
        payload = response.json()
    except ValueError:
        return answer(Status.ERROR, reason=f"HTTP {response.status_code}: not JSON")
    if response.status_code in (401, 403, 429):
        return answer(Status.REFUSED, reason=_beacon_error(payload) or f"HTTP {response.status_code}")
    if response.status_code >= 400:
        return answer(Status.ERROR, reason=_beacon_error(payload) or f"HTTP {response.status_code}")
    exists, count, precision, notes = beacon_request.read_count(payload if isinstance(payload, dict) else {})
    if exists is None and count is None:
        return answer(Status.ERROR, reason="the response has no responseSummary")
    return answer(Status.OK, exists=exists, count=count, precision=precision, notes=notes)


def _beacon_error(payload: object) -> str | None:
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        return str(payload["error"].get("errorMessage") or payload["error"].get("errorCode"))
    return None


async def fan_out(
    targets: Sequence[Target],
    question: Criteria | dict[str, Any],
    caller: Caller,
    timeout: float = 5.0,
    client: httpx.AsyncClient | None = None,
    entry: str = "individuals",
) -> AsyncIterator[NodeAnswer]:
    """Yield answers in the order they arrive; each node has its own timeout.

    ``question`` is the platform's criteria, or a Beacon request body passed on as it came."""
    request = beacon_request.body(question) if isinstance(question, Criteria) else question
    body = json.dumps(request).encode()
    own = client is None
    http = client or httpx.AsyncClient(limits=httpx.Limits(max_connections=200))
    try:
        tasks = [asyncio.create_task(ask(http, t, body, caller, timeout, entry)) for t in targets]
        for finished in asyncio.as_completed(tasks):
            yield await finished
    finally:
        if own:
            await http.aclose()
