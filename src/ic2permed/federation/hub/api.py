"""JSON API of the hub: /api/v1/federation/…"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ic2permed.core.http.deps import CurrentActor, DbSession
from ic2permed.core.secrets import secret_key
from ic2permed.federation.hub import service
from ic2permed.federation.hub.fanout import Caller
from ic2permed.federation.hub.schemas import Criteria, FederatedResult, NodeCreate, NodeRead, SavedQueryRead

router = APIRouter(prefix="/federation", tags=["federation"])
TIMEOUT = 5.0


def _caller(request: Request, actor: CurrentActor) -> Caller:
    address = request.client.host if request.client else "unknown"
    return service.caller(actor, secret_key(request.app.state.settings), address)


@router.get("/nodes", response_model=list[NodeRead])
def nodes(session: DbSession) -> list[NodeRead]:
    return service.list_nodes(session)


@router.post("/nodes", response_model=NodeRead, status_code=201)
def add_node(data: NodeCreate, actor: CurrentActor, session: DbSession) -> NodeRead:
    return service.add_node(session, actor, data)


@router.post("/nodes/{node_id}/enabled", response_model=NodeRead)
def enable(node_id: str, enabled: bool, actor: CurrentActor, session: DbSession) -> NodeRead:
    return service.set_enabled(session, actor, node_id, enabled)


@router.post("/query", response_model=FederatedResult, summary="Count across every node (waits for all)")
async def query(criteria: Criteria, request: Request, actor: CurrentActor, session: DbSession) -> FederatedResult:
    return await service.run(
        session, actor, criteria, _caller(request, actor), TIMEOUT, service.client_pool(request.app.state)
    )


@router.post("/query.csv", response_class=Response)
async def query_csv(criteria: Criteria, request: Request, actor: CurrentActor, session: DbSession) -> Response:
    outcome = await service.run(
        session, actor, criteria, _caller(request, actor), TIMEOUT, service.client_pool(request.app.state)
    )
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
