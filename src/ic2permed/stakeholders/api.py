"""JSON API of the stakeholder registry: /api/v1/stakeholders/…"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import Response

from ic2permed.core.errors import FieldError, NotFound
from ic2permed.core.http.deps import CurrentActor, DbSession
from ic2permed.stakeholders import exchange, service
from ic2permed.stakeholders.schemas import (
    Analysis,
    Broker,
    EngagementCreate,
    EngagementRead,
    ImportReport,
    MatchCandidate,
    MatchDecision,
    Network,
    OrganisationCreate,
    OrganisationQuery,
    OrganisationRead,
    PathStep,
    RelationFields,
    RelationRead,
)

router = APIRouter(prefix="/stakeholders", tags=["stakeholders"])
Year = Annotated[int | None, Query(ge=1900, le=2100, description="The network as it stood in this year.")]


@router.get("/organisations", response_model=list[OrganisationRead], summary="Search organisations (EN or ZH)")
def search_organisations(
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    region: Annotated[list[str] | None, Query()] = None,
    type: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[OrganisationRead]:
    return service.search(session, OrganisationQuery(q=q, region=region or [], type=type or [], limit=limit))


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
def create_organisation(data: OrganisationCreate, actor: CurrentActor, session: DbSession) -> OrganisationRead:
    return service.create_organisation(session, actor, data)


@router.get("/organisations/{organisation_id}", response_model=OrganisationRead)
def get_organisation(organisation_id: str, session: DbSession) -> OrganisationRead:
    return service.get_organisation(session, organisation_id)


@router.get("/organisations/{organisation_id}/relations", response_model=list[RelationRead])
def organisation_relations(organisation_id: str, session: DbSession) -> list[RelationRead]:
    return service.relations_of(session, organisation_id)


@router.get("/organisations/{organisation_id}/path", response_model=list[PathStep] | None)
def path_to_hub(organisation_id: str, hub: str, session: DbSession, year: Year = None) -> list[PathStep] | None:
    """Shortest path to a hub organisation with the relation types on each tie (null when unreachable)."""
    return service.path_to_hub(session, organisation_id, hub, year)


@router.post("/relations", response_model=RelationRead, status_code=201)
def add_relation(data: RelationFields, actor: CurrentActor, session: DbSession) -> RelationRead:
    return service.add_relation(session, actor, data)


@router.get("/network", response_model=Network, summary="Every organisation and relation")
def get_network(session: DbSession) -> Network:
    return service.network(session)


@router.get("/brokers", response_model=list[Broker], summary="EU–China brokers (subset betweenness)")
def get_brokers(session: DbSession, top: Annotated[int, Query(ge=1, le=1000)] = 10, year: Year = None) -> list[Broker]:
    return service.brokers(session, top, year)


@router.get("/analysis", response_model=Analysis)
def get_analysis(session: DbSession, year: Year = None) -> Analysis:
    return service.analyse(session, year)


@router.get("/engagements", response_model=list[EngagementRead])
def list_engagements(session: DbSession, organisation: str | None = None) -> list[EngagementRead]:
    return service.engagements(session, organisation)


@router.post("/engagements", response_model=EngagementRead, status_code=201)
def log_engagement(data: EngagementCreate, actor: CurrentActor, session: DbSession) -> EngagementRead:
    return service.log_engagement(session, actor, data)


@router.get("/matches", response_model=list[MatchCandidate], summary="Proposed issuer/juristic-person links")
def match_candidates(session: DbSession) -> list[MatchCandidate]:
    return service.match_candidates(session)


@router.post("/matches", status_code=204)
def confirm_match(decision: MatchDecision, actor: CurrentActor, session: DbSession) -> Response:
    service.confirm_match(session, actor, decision)
    return Response(status_code=204)


EXPORTS = {
    "graphml": ("application/graphml+xml", "stakeholders.graphml", exchange.graphml),
    "gexf": ("application/gexf+xml", "stakeholders.gexf", exchange.gexf),
    "nodes.csv": ("text/csv; charset=utf-8", "stakeholders-nodes.csv", exchange.nodes_csv),
    "edges.csv": ("text/csv; charset=utf-8", "stakeholders-edges.csv", exchange.edges_csv),
}


@router.get("/export.{fmt}", summary="GraphML, GEXF (Gephi), nodes.csv or edges.csv")
def export(fmt: str, session: DbSession) -> Response:
    if fmt not in EXPORTS:
        raise NotFound("Unknown export format", [FieldError("fmt", f"use one of {', '.join(EXPORTS)}")])
    media, filename, make = EXPORTS[fmt]
    return Response(
        make(service.network(session)),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/import", response_model=ImportReport, summary="CSV import: all rows or none, errors per row")
def import_csv(
    actor: CurrentActor,
    session: DbSession,
    organisations: UploadFile | None = None,
    relations: UploadFile | None = None,
) -> ImportReport:
    nodes = exchange.parse_nodes(organisations.file.read()) if organisations else []
    edges = exchange.parse_edges(relations.file.read()) if relations else []
    added, linked = service.import_rows(session, actor, nodes, edges)
    return ImportReport(organisations=added, relations=linked)
