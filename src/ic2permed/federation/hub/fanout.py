"""Ask every node at once and yield each answer as it arrives; a dead node never blocks the others.

This module applies no privacy rule: nodes protect their own counts, and the hub reports per node what
it was told (status, count, declared precision).
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
import urllib.request
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

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
    client: ClientPool,
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
        status_code, content = await client.post(url, body, headers, timeout)
    except TimeoutError:
        return answer(Status.TIMEOUT, reason=f"no answer within {timeout:g} s")
    except aiohttp.ClientError as exc:
        return answer(Status.ERROR, reason=failure_reason(exc))
    try:
        payload = json.loads(content)
    except ValueError:
        return answer(Status.ERROR, reason=f"HTTP {status_code}: not JSON")
    if status_code in (401, 403, 429):
        return answer(Status.REFUSED, reason=_beacon_error(payload) or f"HTTP {status_code}")
    if status_code >= 400:
        return answer(Status.ERROR, reason=_beacon_error(payload) or f"HTTP {status_code}")
    exists, count, precision, notes = beacon_request.read_count(payload if isinstance(payload, dict) else {})
    if exists is None and count is None:
        return answer(Status.ERROR, reason="the response has no responseSummary")
    strata = beacon_request.read_strata(payload if isinstance(payload, dict) else {})
    return answer(Status.OK, exists=exists, count=count, precision=precision, notes=notes, strata=strata)


# aiohttp's exception names, as the hub reports them: "ConnectError" and the like are what the pages
# translate into words (`readable`), whatever client library sits underneath.
_FAILURES: tuple[tuple[type[Exception], str], ...] = (
    (aiohttp.ClientSSLError, "SSLError"),
    (aiohttp.ClientConnectorError, "ConnectError"),
    (aiohttp.ServerDisconnectedError, "RemoteProtocolError"),
    (aiohttp.ClientPayloadError, "RemoteProtocolError"),
    (aiohttp.ClientResponseError, "RemoteProtocolError"),
    (aiohttp.ClientOSError, "NetworkError"),
    (aiohttp.InvalidURL, "InvalidURL"),
)


def failure_reason(exc: Exception) -> str:
    """A node failure as one short line: a stable kind, then the library's own words (for tooltips and logs)."""
    kind = next((name for cls, name in _FAILURES if isinstance(exc, cls)), type(exc).__name__)
    return f"{kind}: {exc}"[:300]


def _beacon_error(payload: object) -> str | None:
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        return str(payload["error"].get("errorMessage") or payload["error"].get("errorCode"))
    return None


def _timed_out(target: Target, timeout: float) -> NodeAnswer:
    return NodeAnswer(
        node_id=target.id,
        name=target.name,
        region=target.region,
        status=Status.TIMEOUT,
        reason=f"no answer within {timeout:g} s",
        elapsed_ms=round(timeout * 1000, 1),
        biobank_id=target.biobank_id,
    )


class ClientPool:
    """The hub's HTTP client for its nodes: one aiohttp session, its connections kept alive between queries.

    The client is the hub's largest cost under load. Measured on this machine (docs/performance.md), a
    4-node fan-out cost about 7.5 ms of CPU with httpx and 2.5 ms with aiohttp, so the hub uses aiohttp
    for the nodes and keeps httpx where speed does not matter (CLI, tests). A session belongs to one event
    loop, so one made on another loop (a test's) is replaced rather than reused."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tls: ssl.SSLContext | None = None

    def session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            if self._tls is None:  # building a TLS context costs ~20 ms; made once
                self._tls = ssl.create_default_context()
            connector = aiohttp.TCPConnector(limit=0, limit_per_host=128, ssl=self._tls, keepalive_timeout=30)
            # proxies from the environment, as httpx honoured them; looked up per request only when one is set
            proxied = bool(urllib.request.getproxies())
            self._session = aiohttp.ClientSession(connector=connector, trust_env=proxied)
            self._loop = loop
        return self._session

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
        return await self._fetch("POST", url, timeout, body, headers)

    async def get(self, url: str, timeout: float) -> tuple[int, bytes]:
        return await self._fetch("GET", url, timeout)

    async def _fetch(
        self, method: str, url: str, timeout: float, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Status and whole body; raises TimeoutError or aiohttp.ClientError."""
        limit = aiohttp.ClientTimeout(total=timeout)
        request = self.session().request(method, url, data=body, headers=headers, timeout=limit, allow_redirects=False)
        async with request as response:
            return response.status, await response.read()

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()


async def fan_out(
    targets: Sequence[Target],
    question: Criteria | dict[str, Any],
    caller: Caller,
    timeout: float = 5.0,
    pool: ClientPool | None = None,
    entry: str = "individuals",
) -> AsyncIterator[NodeAnswer]:
    """Yield answers in the order they arrive; each node has its own timeout.

    ``question`` is the platform's criteria, or a Beacon request body passed on as it came."""
    request = beacon_request.body(question) if isinstance(question, Criteria) else question
    body = json.dumps(request).encode()
    own = pool is None
    clients = pool or ClientPool()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout + 0.02
    of_task = {asyncio.create_task(ask(clients, t, body, caller, timeout, entry)): t for t in targets}
    pending = set(of_task)
    try:
        while pending:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
        # A hard deadline: a node that never answers must not hold the others back while the client tidies up.
        for task in pending:
            task.cancel()
            yield _timed_out(of_task[task], timeout)
    finally:
        if own:
            await clients.aclose()
