"""JSON API of the landscape: /api/v1/landscape/…"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ic2permed.core.audit.schemas import AuditEntryRead
from ic2permed.core.bounds import read_upload
from ic2permed.core.http.deps import AuthenticatedActor, Context, DbSession
from ic2permed.core.http.openapi import problem_responses
from ic2permed.core.vocab import themes
from ic2permed.landscape import exchange, service
from ic2permed.landscape.params import search_params
from ic2permed.landscape.schemas import (
    SLUG,
    Comparison,
    ItemCreate,
    ItemRead,
    ItemUpdate,
    Opportunity,
    RelationRead,
    SearchQuery,
    SearchResult,
)

router = APIRouter(
    prefix="/landscape", tags=["landscape"], responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 429, 503)
)


Search = Annotated[SearchQuery, Depends(search_params)]
THEME = Query(description="A theme code (core/vocab/themes)", json_schema_extra={"enum": sorted(themes.themes())})
ITEM_ID = Path(pattern=SLUG.pattern, description="Stable slug, e.g. eu-gdpr")


@router.get("/items", response_model=SearchResult, summary="Search and filter items, with facet counts")
def search_items(session: DbSession, query: Search) -> SearchResult:
    return service.search(session, query)


@router.post("/items", response_model=ItemRead, status_code=201)
def create_item(data: ItemCreate, actor: AuthenticatedActor, session: DbSession) -> ItemRead:
    return service.create_item(session, actor, data)


@router.get("/items/{item_id}", response_model=ItemRead)
def get_item(item_id: Annotated[str, ITEM_ID], session: DbSession) -> ItemRead:
    return service.get_item(session, item_id)


@router.patch("/items/{item_id}", response_model=ItemRead)
def update_item(
    item_id: Annotated[str, ITEM_ID], changes: ItemUpdate, actor: AuthenticatedActor, session: DbSession
) -> ItemRead:
    return service.update_item(session, actor, item_id, changes)


@router.get("/items/{item_id}/relations", response_model=list[RelationRead])
def item_relations(item_id: Annotated[str, ITEM_ID], session: DbSession) -> list[RelationRead]:
    service.get_item(session, item_id)
    return service.item_relations(session, item_id)


@router.get("/items/{item_id}/history", response_model=list[AuditEntryRead])
def item_history(item_id: Annotated[str, ITEM_ID], session: DbSession) -> list[AuditEntryRead]:
    service.get_item(session, item_id)
    return service.history(session, item_id)


@router.get("/compare", response_model=Comparison)
def compare(theme: Annotated[str, THEME], session: DbSession) -> Comparison:
    return service.compare(session, exchange.known_theme(theme))


@router.get("/opportunities", response_model=list[Opportunity])
def opportunities(
    session: DbSession, theme: Annotated[str | None, THEME] = None, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[Opportunity]:
    return service.opportunities(session, exchange.known_theme(theme) if theme else None, limit)


@router.get("/opportunities.csv", response_class=Response)
def opportunities_csv(session: DbSession, theme: Annotated[str | None, THEME] = None) -> Response:
    rows = service.opportunities(session, exchange.known_theme(theme) if theme else None, limit=500)
    return exchange.download(exchange.opportunities_csv(rows), "text/csv", "opportunities.csv")


@router.get("/export", response_class=Response, summary="Export the items of a search as csv, xlsx or json")
def export(
    session: DbSession,
    ctx: Context,
    query: Search,
    format: Annotated[str, Query(pattern="^(csv|xlsx|json)$")] = "csv",
) -> Response:
    """The XLSX header is in the reader's language (cookie or Accept-Language); CSV keeps column names."""
    return exchange.export_response(service.export_items(session, query), format, ctx.locale)


@router.post("/import", summary="Import a CSV or XLSX file; all rows or none")
async def import_items(file: UploadFile, actor: AuthenticatedActor, session: DbSession) -> dict[str, int]:
    content = await read_upload(file)
    report = await run_in_threadpool(service.import_file, session, actor, file.filename or "upload.csv", content)
    return {"created": report.created, "updated": report.updated}


@router.get("/citations", response_class=Response)
def citations(
    session: DbSession,
    ids: Annotated[list[str], Query()],
    format: Annotated[str, Query(pattern="^(bibtex|ris)$")] = "bibtex",
) -> Response:
    items = service.items_by_ids(session, ids)
    body = exchange.bibtex(items) if format == "bibtex" else exchange.ris(items)
    name = "landscape.bib" if format == "bibtex" else "landscape.ris"
    media = "application/x-bibtex" if format == "bibtex" else "application/x-research-info-systems"
    return exchange.download(body, media, name)
