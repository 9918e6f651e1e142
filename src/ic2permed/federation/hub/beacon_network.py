"""The hub as a Beacon v2 endpoint of its own (a Beacon network): counts aggregate every node's answer.

Record-level granularity is never offered; the aggregate passes through the same disclosure rules a node
applies (threshold, rounding), so the sum cannot be finer than its parts.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ic2permed.core.http.deps import DbSession
from ic2permed.federation.beacon import wire
from ic2permed.federation.disclosure import GRANULARITIES, Protection, disclose_count
from ic2permed.federation.hub import http, service
from ic2permed.federation.hub.fanout import fan_out
from ic2permed.federation.hub.schemas import NodeAnswer, Status

router = APIRouter(prefix="/beacon/api", tags=["beacon network"])
BEACON_ID = "org.ic2permed.hub"
NAME = "IC2PerMed hub: a Beacon network of EU and Chinese biobank nodes"
DESCRIPTION = "Aggregated counts from the registered Beacon v2 nodes; no record-level data is served."
# Node answers arrive protected (0, or at least the threshold, rounded); the sum gets the same threshold and
# rounding and no noise of its own: the hub has no answered set to seed it by.
PROTECTION = Protection(threshold=10, rounding=10, noise_epsilon=0.0, budget_per_day=0, date_unit="day", age_band=1)


@router.get("")
@router.get("/info")
def info(session: DbSession) -> dict[str, Any]:
    return wire.info_response(BEACON_ID, NAME, DESCRIPTION, {"nodes": len(service.list_nodes(session))})


@router.get("/service-info")
def service_info() -> dict[str, Any]:
    return wire.service_info(BEACON_ID, NAME, DESCRIPTION)


ENTRY = "individual"  # the one entry type a network of counts serves


def _only_individuals(types: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in types.items() if key == ENTRY}


@router.get("/configuration")
def configuration() -> dict[str, Any]:
    document = wire.configuration_response(BEACON_ID, "count")
    document["response"]["entryTypes"] = _only_individuals(document["response"]["entryTypes"])
    return document


@router.get("/entry_types")
def entry_types() -> dict[str, Any]:
    document = wire.entry_types_response(BEACON_ID)
    document["response"]["entryTypes"] = _only_individuals(document["response"]["entryTypes"])
    return document


@router.get("/map")
def beacon_map(request: Request) -> dict[str, Any]:
    document = wire.map_response(BEACON_ID, str(request.base_url).rstrip("/") + "/beacon/api")
    sets = _only_individuals(document["response"]["endpointSets"])
    for endpoint_set in sets.values():
        endpoint_set["endpoints"] = {}
        endpoint_set.pop("singleEntryUrl", None)
    document["response"]["endpointSets"] = sets
    return document


@router.get("/filtering_terms")
async def filtering_terms(request: Request) -> dict[str, Any]:
    """The union of the nodes' terms (each node already hides terms held by too few donors)."""
    database = request.app.state.database
    targets = await asyncio.to_thread(service.load_targets, database)
    pool = service.client_pool(request.app.state)
    timeout = http.settings_of(request).federation_timeout
    replies = await asyncio.gather(
        *(pool.get(t.base_url.rstrip("/") + "/filtering_terms", timeout) for t in targets),
        return_exceptions=True,
    )
    merged: dict[str, dict[str, Any]] = {}
    for reply in replies:
        if isinstance(reply, tuple) and reply[0] == 200:
            try:
                terms = json.loads(reply[1]).get("response", {}).get("filteringTerms", [])
            except (ValueError, AttributeError):
                continue
            for term in terms:
                if isinstance(term, dict) and term.get("id"):
                    merged.setdefault(str(term["id"]), term)
    return wire.filtering_terms_response(BEACON_ID, sorted(merged.values(), key=lambda t: str(t["id"])), [])


@router.get("/individuals")
async def individuals_get(
    request: Request,
    filters: Annotated[str, Query(description="Comma-separated filter term ids")] = "",
    requested_granularity: Annotated[str, Query(alias="requestedGranularity")] = "count",
) -> Response:
    terms = [{"id": f.strip()} for f in filters.split(",") if f.strip()]
    return await _answer(request, terms, requested_granularity)


@router.post("/individuals")
async def individuals_post(request: Request) -> Response:
    try:
        payload = await request.json()
    except ValueError:
        payload = None
    query = payload.get("query", {}) if isinstance(payload, dict) else None
    if not isinstance(query, dict):
        return _error(400, "the body is not a Beacon request")
    filters = query.get("filters") or []
    return await _answer(request, filters, str(query.get("requestedGranularity") or "count"))


def _error(status: int, message: str, filters: list[Any] | None = None, requested: str = "count") -> JSONResponse:
    summary = wire.received_summary(
        filters or [], requested if requested in GRANULARITIES else "boolean", 0, 0, "individuals"
    )
    return JSONResponse(wire.error_response(BEACON_ID, status, message, summary), status_code=status)


async def _answer(request: Request, filters: list[Any], requested: str) -> Response:
    if requested not in GRANULARITIES:
        return _error(400, f"requestedGranularity must be one of {', '.join(GRANULARITIES)}", filters, requested)
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request, beacon=True)
    try:
        call = await http.open_call(request)
        body = {
            "meta": {"apiVersion": "v2.0"},
            "query": {"filters": filters, "requestedGranularity": "count", "includeResultsetResponses": "HIT"},
        }
        answers = [a async for a in fan_out(call.targets, body, call.who, call.timeout, call.pool)]
    finally:
        ticket.release()
    return JSONResponse(network_answer(filters, requested, answers, call.who.user))


def network_answer(filters: list[Any], requested: str, answers: list[NodeAnswer], requester: str) -> dict[str, Any]:
    """The network's answer; a boolean answer carries no count anywhere, not even per node."""
    granularity = "boolean" if requested == "boolean" else "count"
    total = sum(a.count or 0 for a in answers if a.status is Status.OK)
    disclosed = disclose_count(total, PROTECTION, 0, "individuals")
    summary = wire.received_summary(filters, requested, 0, 0, "individuals")
    meta = wire.response_meta(BEACON_ID, "individuals", granularity, summary)
    info: dict[str, Any] = {"countPrecision": disclosed.precision, "adjustments": list(disclosed.adjustments)}
    if granularity == "boolean":
        info["nodes"] = [{"id": a.node_id, "status": a.status.value} for a in answers]
        return wire.boolean_response(meta, disclosed.exists, info)
    info["nodes"] = [{"id": a.node_id, "status": a.status.value, "count": a.count} for a in answers]
    return wire.count_response(meta, disclosed.exists, disclosed.count, info)


@router.api_route("/{rest:path}", methods=["GET", "POST"], include_in_schema=False)
def unknown(rest: str) -> JSONResponse:
    """Beacon clients get a Beacon error, not an HTML page, for paths the network does not serve."""
    return _error(404, f"this Beacon network does not serve /{rest}")
