"""What every hub endpoint that fans out shares, written once: admission, the requester, the caller.

A fan-out waits seconds on remote nodes, so it must hold nothing scarce while it waits: no database
connection (the requester and the node list are read in a worker thread with a short session that is
closed before the first node is asked) and no event-loop time. The number of fan-outs in flight is
bounded per worker; beyond the bound a request is turned away at once with 503 and ``Retry-After``
instead of queueing behind the others (issue 15: 30 queued queries took the whole server down).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.http.deps import RequestContext, remembered_context, request_context
from ic2permed.core.http.session import request_locale
from ic2permed.core.http.state import app_state
from ic2permed.core.i18n import N_, gettext
from ic2permed.federation.hub import service
from ic2permed.federation.hub.fanout import Caller, ClientPool, Target

T = TypeVar("T")
BUSY = N_("The hub is answering as many federated queries as it can; please try again in a few seconds.")


class Ticket:
    """One admitted fan-out; releasing twice is harmless (a stream may end in more than one way)."""

    def __init__(self, admission: Admission) -> None:
        self._admission = admission
        self.started = time.monotonic()
        self.released = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self._admission.held.discard(self)


class Admission:
    """At most `limit` fan-outs at once in this worker (only touched from the event loop, so no lock).

    A ticket older than `stale_after` no longer counts: a stream abandoned without running its cleanup
    cannot shrink the hub's capacity for good."""

    def __init__(self, limit: int, stale_after: float) -> None:
        self.limit = limit
        self.stale_after = stale_after
        self.held: set[Ticket] = set()

    def enter(self) -> Ticket | None:
        horizon = time.monotonic() - self.stale_after
        for old in [t for t in self.held if t.started < horizon]:
            old.release()
        if len(self.held) >= self.limit:
            return None
        ticket = Ticket(self)
        self.held.add(ticket)
        return ticket


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def admission(request: Request) -> Admission:
    state = request.app.state
    found = getattr(state, "fanout_admission", None)
    if not isinstance(found, Admission):
        settings = settings_of(request)
        found = state.fanout_admission = Admission(
            settings.federation_max_inflight, stale_after=4 * settings.federation_timeout + 30
        )
    return found


def retry_after(request: Request) -> str:
    return str(math.ceil(settings_of(request).federation_timeout))


def busy(request: Request, beacon: bool = False) -> Response:
    """The 503 a request over the bound gets at once: problem+json, a Beacon error, or a short page."""
    locale = request_locale(request, settings_of(request).default_locale)
    detail = gettext(locale, BUSY)
    headers = {"Retry-After": retry_after(request)}
    if beacon:
        from ic2permed.federation.beacon import wire

        summary = wire.received_summary([], "boolean", 0, 0, "individuals")
        document = wire.error_response("org.ic2permed.hub", 503, detail, summary)
        return JSONResponse(document, status_code=503, headers=headers)
    if request.url.path.startswith("/api/"):
        body = {
            "type": "/problems/busy",
            "title": "Service unavailable",
            "status": 503,
            "detail": detail,
            "instance": request.url.path,
        }
        return JSONResponse(body, status_code=503, media_type="application/problem+json", headers=headers)
    return Response(
        f'<!doctype html><html lang="{locale.replace("_", "-")}"><meta charset="utf-8"><title>503</title>'
        f"<p>{detail}</p></html>",
        status_code=503,
        media_type="text/html; charset=utf-8",
        headers=headers,
    )


def caller(request: Request, ctx: RequestContext) -> Caller:
    """The user as the nodes see them: a pseudonym per account, else per client address.

    The address is the socket's peer: uvicorn rewrites it from ``X-Forwarded-For`` only when the peer is
    one of ``IC2PERMED_TRUSTED_PROXIES``, so a header cannot buy a fresh identity (and budget)."""
    address = request.client.host if request.client else "unknown"
    return service.caller(ctx.actor, app_state(request.app).secret_key, address)


@dataclass(frozen=True)
class HubCall:
    """Everything a fan-out needs, read before it starts; holds no database connection."""

    ctx: RequestContext
    who: Caller
    targets: list[Target]
    database: Database
    pool: ClientPool
    timeout: float
    log: service.QueryLogWriter


def _resolve(request: Request, extra: Callable[[Session, RequestContext], T]) -> tuple[HubCall, T]:
    database: Database = request.app.state.database
    with database.session() as session:
        ctx = request_context(request, session)
        chosen = service.targets(session, request.app.state)
        more = extra(session, ctx)
    return _call(request, ctx, chosen), more


def _remembered(request: Request) -> HubCall | None:
    """The call from what this worker read in the last seconds (`core.recent`), without a thread or the
    database; None when either the requester or the node list has to be read again."""
    chosen = service.remembered_targets(request.app.state)
    ctx = remembered_context(request) if chosen is not None else None
    return _call(request, ctx, chosen) if ctx is not None and chosen is not None else None


def _call(request: Request, ctx: RequestContext, chosen: list[Target]) -> HubCall:
    database: Database = request.app.state.database
    return HubCall(
        ctx=ctx,
        who=caller(request, ctx),
        targets=chosen,
        database=database,
        pool=service.client_pool(request.app.state),
        timeout=settings_of(request).federation_timeout,
        log=service.log_writer(request.app.state, database),
    )


def _nothing(session: Session, ctx: RequestContext) -> None:
    return None


async def open_call(request: Request) -> HubCall:
    """Who asks and which nodes to ask: remembered from the last seconds, else read in a worker thread
    (it reads the database and a file).

    Both skip Starlette's ``run_in_threadpool``: anyio's capacity limiter and cancel scopes cost more than
    the read itself on this hot path, and the trip to a thread and the two queries cost the hub about a
    third of its CPU per query under load (issue 15)."""
    remembered = _remembered(request)
    if remembered is not None:
        return remembered
    call, _ = await asyncio.to_thread(_resolve, request, _nothing)
    return call


async def open_call_with(request: Request, extra: Callable[[Session, RequestContext], T]) -> tuple[HubCall, T]:
    """As `open_call`, and whatever else the page needs from the same short session."""
    return await asyncio.to_thread(_resolve, request, extra)
