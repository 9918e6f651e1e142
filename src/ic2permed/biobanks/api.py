"""JSON API of the biobank directory, under ``/api/v1/biobanks``: thin handlers over the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from ic2permed.biobanks import service
from ic2permed.biobanks.codes import disease_label
from ic2permed.biobanks.params import Search
from ic2permed.biobanks.schemas import (
    BiobankDetail,
    BiobankRead,
    BiobankUpdate,
    CartItemRead,
    CollectionRead,
    CollectionUpdate,
    CountRecordRead,
    DraftCreate,
    DraftDetail,
    DraftRead,
    ImportReport,
    NetworkDetail,
    NetworkRead,
    Problem,
    SearchResult,
    StatsRead,
)
from ic2permed.core.bounds import decode_utf8, read_body
from ic2permed.core.exports import XLSX_MEDIA_TYPE
from ic2permed.core.http.deps import AuthenticatedActor, Context, DbSession
from ic2permed.core.http.openapi import problem_responses
from ic2permed.core.vocab import icd10

router = APIRouter(
    prefix="/biobanks", tags=["biobanks"], responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 429, 503)
)


@router.get("/search", response_model=SearchResult)
def search(criteria: Search, ctx: Context, session: DbSession) -> SearchResult:
    """Collections matching text and facets (``material=SERUM&disease=IV&material_mode=all``)."""
    result = service.search_collections(session, criteria.query, ctx.locale)
    result.warnings = criteria.warnings
    return result


@router.get("/biobanks", response_model=list[BiobankRead])
def list_biobanks(session: DbSession) -> list[BiobankRead]:
    return service.list_biobanks(session)


@router.get("/biobanks/{biobank_id}", response_model=BiobankDetail)
def get_biobank(biobank_id: str, session: DbSession) -> BiobankDetail:
    return service.get_biobank(session, biobank_id)


@router.patch("/biobanks/{biobank_id}", response_model=BiobankDetail)
def update_biobank(
    biobank_id: str, data: BiobankUpdate, actor: AuthenticatedActor, session: DbSession
) -> BiobankDetail:
    return service.update_biobank(session, actor, biobank_id, data)


@router.get("/biobanks/{biobank_id}/counts", response_model=list[CountRecordRead])
def biobank_counts(biobank_id: str, session: DbSession) -> list[CountRecordRead]:
    return service.count_history(session, "biobank", biobank_id)


@router.put("/biobanks/{biobank_id}/managers/{username}", response_model=list[str])
def assign_manager(biobank_id: str, username: str, actor: AuthenticatedActor, session: DbSession) -> list[str]:
    return service.assign_manager(session, actor, biobank_id, username)


@router.delete("/biobanks/{biobank_id}/managers/{username}", response_model=list[str])
def remove_manager(biobank_id: str, username: str, actor: AuthenticatedActor, session: DbSession) -> list[str]:
    return service.remove_manager(session, actor, biobank_id, username)


@router.get("/collections/{collection_id}", response_model=CollectionRead)
def get_collection(collection_id: str, session: DbSession) -> CollectionRead:
    return service.get_collection(session, collection_id)


@router.patch("/collections/{collection_id}", response_model=CollectionRead)
def update_collection(
    collection_id: str, data: CollectionUpdate, actor: AuthenticatedActor, session: DbSession
) -> CollectionRead:
    return service.update_collection(session, actor, collection_id, data)


@router.get("/collections/{collection_id}/counts", response_model=list[CountRecordRead])
def collection_counts(collection_id: str, session: DbSession) -> list[CountRecordRead]:
    return service.count_history(session, "collection", collection_id)


@router.get("/networks", response_model=list[NetworkRead])
def list_networks(session: DbSession) -> list[NetworkRead]:
    return service.list_networks(session)


@router.get("/networks/{network_id}", response_model=NetworkDetail)
def get_network(network_id: str, session: DbSession) -> NetworkDetail:
    return service.get_network(session, network_id)


@router.get("/compare", response_model=list[CollectionRead])
def compare(session: DbSession, id: Annotated[list[str], Query()]) -> list[CollectionRead]:
    return [collection for collection, _ in service.compare(session, id)]


@router.get("/stats", response_model=StatsRead)
def stats(session: DbSession) -> StatsRead:
    return service.statistics(session)


@router.get("/check", response_model=list[Problem])
def check(session: DbSession) -> list[Problem]:
    """The steward report: data-quality problems, errors first."""
    return service.steward_check(session)


@router.get("/icd10")
def icd10_lookup(ctx: Context, q: str = "", limit: Annotated[int, Query(ge=1, le=50)] = 15) -> list[dict[str, str]]:
    """The ICD-10 picker: codes whose code or English/Chinese label matches."""
    return [{"code": code, "label": disease_label(code, ctx.locale)} for code in icd10.search(q, ctx.locale, limit)]


@router.get("/export.json")
def export_json(criteria: Search, session: DbSession) -> list[dict[str, Any]]:
    return service.export_json(session, criteria.query)


@router.get("/export.csv")
def export_csv(criteria: Search, session: DbSession) -> Response:
    return Response(
        "\ufeff" + service.export_csv(session, criteria.query),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="biobanks.csv"'},
    )


@router.get(
    "/export.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "The catalogue rows as a spreadsheet"}},
)
def export_xlsx(criteria: Search, session: DbSession, ctx: Context) -> Response:
    """The CSV's columns as a spreadsheet; the header is in the reader's language (cookie or Accept-Language)."""
    return Response(
        service.export_xlsx(session, criteria.query, ctx.locale),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="biobanks.xlsx"'},
    )


@router.get("/export.fhir.json")
def export_fhir(criteria: Search, session: DbSession) -> JSONResponse:
    """A FHIR R4 collection Bundle following the MIABIS on FHIR profiles."""
    return JSONResponse(service.export_fhir(session, criteria.query), media_type="application/fhir+json")


@router.post("/import", response_model=ImportReport)
async def import_csv(request: Request, actor: AuthenticatedActor, session: DbSession) -> ImportReport:
    """CSV body (the export's columns, or a subset for bulk updates); all rows apply or none."""
    text = decode_utf8(await read_body(request))
    return await run_in_threadpool(service.import_csv, session, actor, text)


@router.get("/cart", response_model=list[CartItemRead])
def cart(actor: AuthenticatedActor, session: DbSession) -> list[CartItemRead]:
    return service.cart(session, actor)


@router.put("/cart/{collection_id}", response_model=list[CartItemRead])
def add_to_cart(
    collection_id: str, actor: AuthenticatedActor, session: DbSession, criteria: str = ""
) -> list[CartItemRead]:
    return service.add_to_cart(session, actor, collection_id, criteria)


@router.delete("/cart/{collection_id}", response_model=list[CartItemRead])
def remove_from_cart(collection_id: str, actor: AuthenticatedActor, session: DbSession) -> list[CartItemRead]:
    return service.remove_from_cart(session, actor, collection_id)


@router.get("/drafts", response_model=list[DraftRead])
def list_drafts(actor: AuthenticatedActor, session: DbSession) -> list[DraftRead]:
    return service.list_request_drafts(session, actor)


@router.post("/drafts", response_model=DraftRead, status_code=201)
def save_draft(data: DraftCreate, actor: AuthenticatedActor, session: DbSession) -> DraftRead:
    return service.save_draft(session, actor, data)


@router.get("/drafts/{draft_id}", response_model=DraftDetail)
def get_draft(draft_id: int, actor: AuthenticatedActor, session: DbSession) -> DraftDetail:
    return service.get_request_draft(session, actor, draft_id)
