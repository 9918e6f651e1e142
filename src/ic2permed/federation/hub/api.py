"""JSON API of the hub: /api/v1/federation/…"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ic2permed.core.http.deps import CurrentActor, DbSession
from ic2permed.federation.hub import http, service
from ic2permed.federation.hub.schemas import Criteria, FederatedResult, NodeCreate, NodeRead, SavedQueryRead

router = APIRouter(prefix="/federation", tags=["federation"])
BUSY_RESPONSE: dict[int | str, dict[str, Any]] = {
    503: {"description": "More federated queries are in flight than the hub runs at once; see Retry-After."}
}


@router.get("/nodes", response_model=list[NodeRead])
def nodes(session: DbSession) -> list[NodeRead]:
    return service.list_nodes(session)


@router.post("/nodes", response_model=NodeRead, status_code=201)
def add_node(data: NodeCreate, actor: CurrentActor, session: DbSession) -> NodeRead:
    return service.add_node(session, actor, data)


@router.post("/nodes/{node_id}/enabled", response_model=NodeRead)
def enable(node_id: str, enabled: bool, actor: CurrentActor, session: DbSession) -> NodeRead:
    return service.set_enabled(session, actor, node_id, enabled)


async def _run(criteria: Criteria, request: Request) -> FederatedResult | Response:
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request)
    try:
        call = await http.open_call(request)
        return await service.run(
            call.database, call.ctx.actor, criteria, call.who, call.timeout, call.pool, call.targets, call.log
        )
    finally:
        ticket.release()


@router.post(
    "/query",
    response_model=FederatedResult,
    summary="Count across every node (waits for all)",
    responses=BUSY_RESPONSE,
)
async def query(criteria: Criteria, request: Request) -> FederatedResult | Response:
    return await _run(criteria, request)


@router.post("/query.csv", response_class=Response, responses=BUSY_RESPONSE)
async def query_csv(criteria: Criteria, request: Request) -> Response:
    outcome = await _run(criteria, request)
    if isinstance(outcome, Response):
        return outcome
    return Response(
        service.results_csv(outcome),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="federated-counts.csv"'},
    )


@router.post("/saved", response_model=SavedQueryRead, status_code=201)
def save(name: str, criteria: Criteria, actor: CurrentActor, session: DbSession) -> SavedQueryRead:
    return service.save_query(session, actor, name, criteria)


@router.get("/saved/{query_id}", response_model=SavedQueryRead)
def saved(query_id: str, session: DbSession) -> SavedQueryRead:
    return service.saved_query(session, query_id)
