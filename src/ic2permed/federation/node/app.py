"""The node's standalone Beacon v2 server (not mounted in the hub): base URL ``http://host:port/api``.

Handlers are thin: read the request into a `BeaconQuery`, resolve the `Requester` from the signature,
call one `service` function. Every error leaves as a Beacon error response with its HTTP status.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ic2permed.core.errors import DomainError, ValidationFailed
from ic2permed.core.http import apidocs
from ic2permed.core.http.telemetry import fastapi_telemetry
from ic2permed.federation import signing
from ic2permed.federation.beacon import wire
from ic2permed.federation.disclosure import GRANULARITIES, Protection
from ic2permed.federation.node import service
from ic2permed.federation.node.policy import JURISDICTIONS, NodePolicy, QueryLog, Requester
from ic2permed.federation.node.query import Scope, parse_filters
from ic2permed.federation.node.store import NodeStore
from ic2permed.federation.signing import TrustedHub

MAX_LIMIT = 1000
NODE_DOCS_ASSETS = "/api/docs-assets"


@dataclass(frozen=True)
class NodeSettings:
    """Everything `node serve` is told; the app is built from it (nothing at import time)."""

    db: Path
    jurisdiction: str = "EU"
    protection: Protection = field(default_factory=Protection)
    allow_records: bool = False
    trusted_hubs: dict[str, TrustedHub] = field(default_factory=dict)
    log_path: Path | None = None
    beacon_id: str | None = None
    flush_seconds: float = 2.0
    use_index: bool = True
    telemetry: bool = False


class NodeHolder:
    """The serving node, reopened when an import swaps a new file in (budgets and log carry over).

    DuckDB shares one database instance per path within a process, so the old file is closed before
    the new one is opened; a SQL query caught mid-swap fails with a Beacon error and can be retried.
    Looking for a swap is a stat of the file, done in a worker thread; a query answered on the event loop
    trusts a look taken less than `FRESH_SECONDS` ago, so a swap is seen within that time.
    """

    FRESH_SECONDS = 0.1

    def __init__(self, settings: NodeSettings, policy: NodePolicy, log: QueryLog) -> None:
        self.settings, self.policy, self.log = settings, policy, log
        self._lock = threading.Lock()
        self.node = self._open(None)
        self._looked = time.monotonic()

    def _open(self, previous: service.Node | None) -> service.Node:
        if previous is not None:
            previous.store.close()
        store = NodeStore(self.settings.db)
        ledger = previous.ledger if previous is not None else None
        s = self.settings
        return service.Node(store, self.policy, self.log, s.beacon_id, s.use_index, ledger)

    def current(self) -> service.Node:
        """The serving node, after looking for a swapped file (a stat: call it in a worker thread)."""
        node = self.node
        if node.store.replaced():
            with self._lock:
                if self.node.store.replaced():
                    self.node = self._open(self.node)
                node = self.node
        self._looked = time.monotonic()
        return node

    def looked_lately(self) -> service.Node | None:
        """The serving node if `current` looked for a swap within `FRESH_SECONDS`, else None."""
        return self.node if time.monotonic() - self._looked < self.FRESH_SECONDS else None


async def _holder(request: Request) -> NodeHolder:
    holder = request.app.state.holder
    assert isinstance(holder, NodeHolder)
    return holder


HolderDep = Annotated[NodeHolder, Depends(_holder)]


def _node(holder: HolderDep) -> service.Node:
    """The serving node; a sync dependency, so FastAPI runs it (a stat of the file) in the thread pool."""
    return holder.current()


NodeDep = Annotated[service.Node, Depends(_node)]


async def requester(request: Request, holder: HolderDep) -> Requester:
    """Unsigned → anonymous by client address; signed by a trusted hub → its pseudonymous user."""
    body = await request.body()
    signed = signing.verify(holder.policy.trusted_hubs, request.headers, request.method, request.url.path, body)
    client = request.client.host if request.client else "unknown"
    return Requester.of(signed, client)


RequesterDep = Annotated[Requester, Depends(requester)]


def _int(value: Any, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(f"{name} must be an integer, not {value!r}") from exc
    if number < 0:
        raise ValidationFailed(f"{name} must not be negative")
    return number


def _granularity(value: Any) -> str:
    text = str(value or "boolean")
    if text not in GRANULARITIES:
        raise ValidationFailed(f"requestedGranularity must be one of {', '.join(GRANULARITIES)}, not {text!r}")
    return text


def _stratify(value: Any) -> tuple[str, ...]:
    names = value.split(",") if isinstance(value, str) else list(value or [])
    unknown = [n for n in names if n not in service.STRATA]
    if unknown:
        raise ValidationFailed(f"cannot stratify by {', '.join(map(str, unknown))}; use {', '.join(service.STRATA)}")
    return tuple(str(n) for n in names)


async def beacon_query(
    request: Request, entry: str, scope: Scope, default_granularity: str = "boolean"
) -> service.BeaconQuery:
    """A Beacon request from GET query parameters or a POST request body."""
    if request.method == "POST":
        raw = await request.body()
        try:
            body = json.loads(raw or b"{}")
        except ValueError as exc:
            raise ValidationFailed("the request body is not JSON") from exc
        if not isinstance(body, dict):
            raise ValidationFailed("the request body must be a JSON object")
        query = body.get("query") or {}
        if not isinstance(query, dict):
            raise ValidationFailed("query must be an object")
        pagination = query.get("pagination") or {}
        parameters = query.get("requestParameters") or {}
        raw_filters = query.get("filters") or []
        granularity, skip, limit = query.get("requestedGranularity"), pagination.get("skip"), pagination.get("limit")
        include = query.get("includeResultsetResponses") or "HIT"
        stratify = parameters.get("stratify") if isinstance(parameters, dict) else None
    else:
        params = request.query_params
        raw_filters = [f for f in (params.get("filters") or "").split(",") if f.strip()]
        granularity, skip, limit = params.get("requestedGranularity"), params.get("skip"), params.get("limit")
        include = params.get("includeResultsetResponses") or "HIT"
        stratify = params.get("stratify")
    if not isinstance(raw_filters, list):
        raise ValidationFailed("filters must be a list")
    try:
        filters = parse_filters(raw_filters)
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from exc
    return service.BeaconQuery(
        entry=entry,
        filters=filters,
        raw_filters=raw_filters,
        granularity=_granularity(granularity or default_granularity),
        skip=_int(skip, "skip", 0),
        limit=min(_int(limit, "limit", 10), MAX_LIMIT),
        include=str(include),
        scope=scope,
        stratify=_stratify(stratify),
    )


def _error(node: service.Node | None, status: int, message: str) -> JSONResponse:
    beacon_id = node.beacon_id if node is not None else "org.ic2permed.node"
    return JSONResponse(
        wire.error_response(beacon_id, status, message, wire.received_summary([], "boolean", 0, 10, "")),
        status_code=status,
    )


def create_node_app(settings: NodeSettings) -> FastAPI:
    if settings.jurisdiction not in JURISDICTIONS:
        raise ValidationFailed(f"jurisdiction must be one of {', '.join(JURISDICTIONS)}")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log = QueryLog(settings.log_path or service.default_log_path(settings.db))
        policy = NodePolicy(settings.jurisdiction, settings.protection, settings.allow_records, settings.trusted_hubs)
        holder = NodeHolder(settings, policy, log)
        app.state.holder = holder

        async def flusher() -> None:
            while True:
                await asyncio.sleep(settings.flush_seconds)
                await asyncio.to_thread(log.flush)

        task = asyncio.create_task(flusher())
        try:
            yield
        finally:
            task.cancel()
            log.flush()
            holder.node.store.close()

    app = FastAPI(
        title="IC2PerMed Beacon v2 node",
        lifespan=lifespan,
        docs_url=None,
        openapi_url="/api/openapi.json",
        telemetry=fastapi_telemetry(settings.telemetry),
    )
    apidocs.mount_assets(app, NODE_DOCS_ASSETS)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the package (no CDN, no inline script) on the node's own OpenAPI document."""
        page = apidocs.standalone_page(
            "IC2PerMed Beacon v2 node API", "/api/openapi.json", NODE_DOCS_ASSETS, {"Beacon info": "/api/info"}
        )
        return HTMLResponse(page)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return _error(getattr(request.app.state, "node", None), exc.status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(getattr(request.app.state, "node", None), 400, "invalid request: " + str(exc.errors()[:1]))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger(__name__).exception("unexpected error on %s", request.url.path)
        return _error(None, 500, "internal error; please retry")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(getattr(request.app.state, "node", None), exc.status_code, str(exc.detail))

    _framework_routes(app)
    _model_routes(app)
    return app


def _framework_routes(app: FastAPI) -> None:
    def base_url(request: Request) -> str:
        return str(request.base_url).rstrip("/") + "/api"

    @app.get("/api")
    @app.get("/api/info")
    def info(node: NodeDep) -> dict[str, Any]:
        return wire.info_response(
            node.beacon_id, node.name, f"Beacon v2 node of {node.name}", service.info_document(node)
        )

    @app.get("/api/service-info")
    def service_info(node: NodeDep) -> dict[str, Any]:
        return wire.service_info(node.beacon_id, node.name, f"Beacon v2 node of {node.name}")

    @app.get("/api/configuration")
    def configuration(node: NodeDep) -> dict[str, Any]:
        return wire.configuration_response(node.beacon_id, "record" if node.policy.allow_records else "count")

    @app.get("/api/map")
    def beacon_map(request: Request, node: NodeDep) -> dict[str, Any]:
        return wire.map_response(node.beacon_id, base_url(request))

    @app.get("/api/entry_types")
    def entry_types(node: NodeDep) -> dict[str, Any]:
        return wire.entry_types_response(node.beacon_id)

    @app.get("/api/filtering_terms")
    @app.get("/api/individuals/filtering_terms")
    @app.get("/api/biosamples/filtering_terms")
    def terms(node: NodeDep) -> dict[str, Any]:
        return service.filtering_terms(node)


Handler = Callable[..., Awaitable[dict[str, Any]]]


def _answer(holder: NodeHolder, who: Requester, q: service.BeaconQuery, endpoint: str) -> dict[str, Any]:
    """A query in one trip to the thread pool: look for a swapped file, then answer.

    Queries the index cannot answer cheaply come here (and one every `FRESH_SECONDS`, to look for a
    swap); a second trip for the `NodeDep` dependency and FastAPI's generic encoding of the answer cost
    about a quarter of a node's CPU per query under load (issue 15)."""
    return service.run_query(holder.current(), who, q, endpoint)


def _json(document: dict[str, Any]) -> JSONResponse:
    """Plain JSON for counts; records may hold dates, which FastAPI's encoder turns into text."""
    try:
        return JSONResponse(document)
    except TypeError:
        return JSONResponse(jsonable_encoder(document))


def _model_routes(app: FastAPI) -> None:
    for entry in service.QUERY_ENTRIES:

        async def query(request: Request, holder: HolderDep, who: RequesterDep, entry: str = entry) -> Response:
            q = await beacon_query(request, entry, Scope())
            node = holder.looked_lately()
            quick = service.answer_in_memory(node, who, q, entry) if node is not None else None
            return _json(quick if quick is not None else await asyncio.to_thread(_answer, holder, who, q, entry))

        app.add_api_route(f"/api/{entry}", query, methods=["GET", "POST"], response_model=dict[str, Any])

        async def one(ident: str, node: NodeDep, who: RequesterDep, entry: str = entry) -> dict[str, Any]:
            return await run_in_threadpool(service.single_entry, node, who, entry, ident)

        app.add_api_route(f"/api/{entry}/{{ident}}", one, methods=["GET", "POST"])

    @app.api_route("/api/individuals/{ident}/biosamples", methods=["GET", "POST"])
    async def individual_biosamples(request: Request, ident: str, node: NodeDep, who: RequesterDep) -> dict[str, Any]:
        service.require_records(node, who)
        await run_in_threadpool(service.individual_exists, node, ident)
        q = await beacon_query(request, "biosamples", Scope(individual_id=ident), "record")
        return await run_in_threadpool(service.run_query, node, who, q, f"individuals/{ident}/biosamples")

    for collection in ("datasets", "cohorts"):

        async def listing(request: Request, node: NodeDep, collection: str = collection) -> dict[str, Any]:
            q = await beacon_query(request, collection, Scope())
            return await run_in_threadpool(service.collections, node, collection, None, q.skip, q.limit)

        async def single(ident: str, node: NodeDep, collection: str = collection) -> dict[str, Any]:
            return await run_in_threadpool(service.collections, node, collection, ident, 0, 1)

        async def terms(ident: str, node: NodeDep, collection: str = collection) -> dict[str, Any]:
            await run_in_threadpool(service.collection_exists, node, collection, ident)
            return service.filtering_terms(node)

        app.add_api_route(f"/api/{collection}/{{ident}}/filtering_terms", terms, methods=["GET"])
        app.add_api_route(f"/api/{collection}", listing, methods=["GET", "POST"])
        app.add_api_route(f"/api/{collection}/{{ident}}", single, methods=["GET", "POST"])

        related = [other for e, other in wire.RELATED if e == collection]
        for other in related:

            async def scoped(
                request: Request,
                ident: str,
                node: NodeDep,
                who: RequesterDep,
                collection: str = collection,
                other: str = other,
            ) -> dict[str, Any]:
                await run_in_threadpool(service.collection_exists, node, collection, ident)
                scope = Scope(dataset_id=ident) if collection == "datasets" else Scope(cohort_id=ident)
                q = await beacon_query(request, other, scope)
                return await run_in_threadpool(service.run_query, node, who, q, f"{collection}/{ident}/{other}")

            app.add_api_route(f"/api/{collection}/{{ident}}/{other}", scoped, methods=["GET", "POST"])
