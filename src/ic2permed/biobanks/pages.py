"""HTML pages of the biobank directory: discovery, item pages, statistics, cart, drafts, stewardship."""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from ic2permed.biobanks import checks, jsonld, service
from ic2permed.biobanks.codes import BadCode, disease_code
from ic2permed.biobanks.labels import Labels
from ic2permed.biobanks.params import Search
from ic2permed.biobanks.records import as_bool, as_list
from ic2permed.biobanks.schemas import BiobankUpdate, CollectionUpdate, DraftCreate
from ic2permed.core.bounds import decode_utf8, read_upload
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession, RequestContext
from ic2permed.core.http.redirects import same_site
from ic2permed.core.http.related import BIOBANK_NODES, related
from ic2permed.core.http.rendering import render
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.permissions import Permission
from ic2permed.core.vocab import icd10
from ic2permed.core.vocab import regions as region_vocab

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _page(request: Request, ctx: RequestContext, template: str, status_code: int = 200, **data: Any) -> Response:
    """Every page gets code labels and a reader of search criteria in the page's language."""
    return render(
        request,
        ctx,
        template,
        status_code=status_code,
        labels=Labels(ctx.locale),
        describe=lambda criteria: service.describe(criteria, ctx.locale),
        **data,
    )


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 1


def _is_code(text: str) -> bool:
    """A typed code goes straight into the disease filter; words get suggestions instead."""
    try:
        code = disease_code(text)
    except BadCode:
        return False
    return code.startswith("ORPHA:") or icd10.is_known(code) or code in icd10.chapters()


@router.get("/biobanks")
def index(
    request: Request, ctx: Context, session: DbSession, criteria: Search, disease_text: str = "", page: str = "1"
) -> Response:
    disease_text = disease_text.strip()
    suggestions: list[tuple[str, str]] = []
    if disease_text and _is_code(disease_text):
        criteria = criteria.adding("disease", disease_text)
        disease_text = ""
    elif disease_text:
        suggestions = [(c, icd10.label(c, ctx.locale)) for c in icd10.search(disease_text, ctx.locale, 12)]
    result = service.search_collections(session, criteria.query, ctx.locale)
    result.warnings = criteria.warnings
    pages = max(1, -(-len(result.hits) // PER_PAGE))
    shown_page = min(max(1, _int(page)), pages)
    shown = result.hits[(shown_page - 1) * PER_PAGE : shown_page * PER_PAGE]
    return _page(
        request,
        ctx,
        "biobanks/search.html",
        result=result,
        shown=shown,
        page=shown_page,
        pages=pages,
        query_string=service.canonical(criteria.query),
        in_cart=service.cart_ids(session, ctx.actor),
        disease_text=disease_text,
        suggestions=suggestions,
        export_query=criteria.query_string(),
    )


@router.get("/biobanks/biobank/{biobank_id}")
def biobank_page(biobank_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    detail = service.get_biobank(session, biobank_id)
    networks = {n.id: n for n in service.list_networks(session)}
    return _page(
        request,
        ctx,
        "biobanks/biobank.html",
        biobank=detail,
        networks=networks,
        can_edit=service.can_edit(session, ctx.actor, biobank_id),
        can_curate=ctx.actor.can(Permission.CURATE_BIOBANKS),
        counts=service.count_history(session, "biobank", biobank_id),
        changes=service.change_history(session, "biobank", biobank_id),
        in_landscape=service.landscape_links(session, biobank_id),
        governing=service.governing(session, biobank_id),
        nodes=related(request, session, BIOBANK_NODES, biobank_id),
        ld=jsonld.script(jsonld.biobank(detail, detail.collections, _base(request))),
    )


@router.get("/biobanks/collection/{collection_id}")
def collection_page(collection_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    collection = service.get_collection(session, collection_id)
    biobank = service.get_biobank(session, collection.biobank_id)
    parent = service.get_collection(session, collection.parent_id) if collection.parent_id else None
    return _page(
        request,
        ctx,
        "biobanks/collection.html",
        collection=collection,
        biobank=biobank,
        parent=parent,
        children=service.sub_collections(session, collection_id),
        can_edit=service.can_edit(session, ctx.actor, biobank.id),
        can_cart=ctx.actor.can(Permission.DRAFT_ACCESS_REQUEST),
        in_cart=collection_id in service.cart_ids(session, ctx.actor),
        counts=service.count_history(session, "collection", collection_id),
        changes=service.change_history(session, "biobank_collection", collection_id),
        criteria=request.query_params.get("from", ""),
        nodes=related(request, session, BIOBANK_NODES, biobank.id),
        ld=jsonld.script(jsonld.collection(collection, biobank, _base(request))),
    )


@router.get("/biobanks/networks")
def networks_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(request, ctx, "biobanks/networks.html", networks=service.list_networks(session))


@router.get("/biobanks/network/{network_id}")
def network_page(network_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    detail = service.get_network(session, network_id)
    return _page(
        request,
        ctx,
        "biobanks/network.html",
        network=detail,
        ld=jsonld.script(jsonld.network(detail, detail.biobanks, _base(request))),
    )


@router.get("/biobanks/stats")
def stats_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(request, ctx, "biobanks/stats.html", stats=service.statistics(session))


def _chart(session: Any, name: str, locale: str, fmt: str) -> bytes:
    from ic2permed.biobanks import charts  # matplotlib is slow to import; only chart requests need it

    stats = service.statistics(session)
    labels = Labels(locale)
    if name == "materials":
        materials = stats.samples_by_material_region
        regions = sorted({r for row in materials.values() for r in row})
        order = sorted(materials, key=lambda m: -sum(materials[m].values()))
        return charts.stacked_bars(
            gettext(locale, N_("Samples in collections holding each material type, by region")),
            [labels.material(m) for m in order],
            {labels.region(r): [materials[m].get(r, 0) for m in order] for r in regions},
            gettext(locale, N_("Samples")),
            fmt,
            [region_vocab.REGION_COLOURS.get(r, "#4a5560") for r in regions],
        )
    if name == "regions":
        by_region = stats.by_region
        return charts.bars(
            gettext(locale, N_("Samples by region")),
            [labels.region(r) for r in by_region],
            [row.get("samples", 0) for row in by_region.values()],
            gettext(locale, N_("Samples")),
            fmt,
            [region_vocab.REGION_COLOURS.get(r, "#4a5560") for r in by_region],
        )
    chapters = stats.collections_by_chapter
    return charts.bars(
        gettext(locale, N_("Collections by ICD-10 chapter")),
        [f"{c} {labels.disease(c)}"[:48] for c in chapters],
        list(chapters.values()),
        gettext(locale, N_("Collections")),
        fmt,
    )


@router.get("/biobanks/charts/{name}.svg")
def chart_svg(name: str, ctx: Context, session: DbSession) -> Response:
    if name not in {"materials", "regions", "chapters"}:
        return Response(status_code=404)
    return Response(
        _chart(session, name, ctx.locale, "svg"),
        media_type="image/svg+xml",
        headers={"Content-Language": ctx.locale, "Vary": "Cookie, Accept-Language"},
    )


@router.get("/biobanks/compare")
def compare_page(
    request: Request, ctx: Context, session: DbSession, id: Annotated[list[str] | None, Query()] = None
) -> Response:
    chosen = id or []
    rows = service.compare(session, chosen) if chosen else []
    return _page(request, ctx, "biobanks/compare.html", rows=rows)


# ----- cart and drafts -----------------------------------------------------------------------------


@router.post("/biobanks/cart/add")
def cart_add(
    ctx: Context,
    session: DbSession,
    collection_id: Annotated[str, Form()],
    criteria: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/biobanks/cart",
) -> Response:
    service.add_to_cart(session, ctx.actor, collection_id, criteria)
    return RedirectResponse(same_site(next, "/biobanks/cart"), status_code=303)


@router.post("/biobanks/cart/remove")
def cart_remove(
    ctx: Context,
    session: DbSession,
    collection_id: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/biobanks/cart",
) -> Response:
    service.remove_from_cart(session, ctx.actor, collection_id)
    return RedirectResponse(same_site(next, "/biobanks/cart"), status_code=303)


@router.get("/biobanks/cart")
def cart_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(
        request,
        ctx,
        "biobanks/cart.html",
        items=service.cart(session, ctx.actor),
        errors=[],
    )


@router.post("/biobanks/cart/save")
def cart_save(
    request: Request,
    ctx: Context,
    session: DbSession,
    title: Annotated[str, Form()] = "",
    purpose: Annotated[str, Form()] = "",
) -> Response:
    if not title.strip():
        items = service.cart(session, ctx.actor)
        errors = [gettext(ctx.locale, N_("Give the request draft a title."))]
        return _page(
            request,
            ctx,
            "biobanks/cart.html",
            status_code=422,
            items=items,
            errors=errors,
        )
    draft = service.save_draft(session, ctx.actor, DraftCreate(title=title.strip()[:200], purpose=purpose))
    return RedirectResponse(f"/biobanks/requests/{draft.id}", status_code=303)


@router.get("/biobanks/requests")
def requests_page(request: Request, ctx: Context, session: DbSession) -> Response:
    """The researcher's page: their saved access-request drafts and what is in the cart."""
    return _page(
        request,
        ctx,
        "biobanks/requests.html",
        drafts=service.list_request_drafts(session, ctx.actor),
        cart_size=len(service.cart(session, ctx.actor)),
    )


@router.get("/biobanks/requests/{draft_id}.json")
def draft_export(draft_id: int, ctx: Context, session: DbSession) -> Response:
    return JSONResponse(
        service.export_request_draft(session, ctx.actor, draft_id),
        headers={"Content-Disposition": f'attachment; filename="request-draft-{draft_id}.json"'},
    )


@router.get("/biobanks/requests/{draft_id}")
def draft_page(draft_id: int, request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(
        request,
        ctx,
        "biobanks/draft.html",
        draft=service.get_request_draft(session, ctx.actor, draft_id),
    )


# ----- stewardship ---------------------------------------------------------------------------------


@router.get("/biobanks/manage")
def manage_page(request: Request, ctx: Context, session: DbSession) -> Response:
    if not ctx.actor.can(Permission.CURATE_BIOBANKS):
        ctx.actor.require(Permission.MANAGE_OWN_BIOBANK)
    return _page(
        request,
        ctx,
        "biobanks/manage.html",
        biobanks=service.managed_biobanks(session, ctx.actor),
        report=None,
        errors=[],
    )


@router.post("/biobanks/manage/import")
async def manage_import(request: Request, ctx: Context, session: DbSession, file: UploadFile) -> Response:
    biobanks = await run_in_threadpool(service.managed_biobanks, session, ctx.actor)
    try:
        text = decode_utf8(await read_upload(file))
        report = await run_in_threadpool(service.import_csv, session, ctx.actor, text)
    except ValidationFailed as exc:
        return _page(
            request,
            ctx,
            "biobanks/manage.html",
            status_code=422,
            biobanks=biobanks,
            report=None,
            errors=exc.errors,
        )
    return _page(request, ctx, "biobanks/manage.html", biobanks=biobanks, report=report, errors=[])


@router.get("/biobanks/check")
def check_page(request: Request, ctx: Context, session: DbSession) -> Response:
    ctx.actor.require(Permission.CURATE_BIOBANKS)
    return _page(request, ctx, "biobanks/check.html", problems=service.steward_check(session), kinds=checks.KINDS)


@router.get("/biobanks/biobank/{biobank_id}/edit")
def biobank_edit(biobank_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    service.require_edit(session, ctx.actor, biobank_id)
    detail = service.get_biobank(session, biobank_id)
    return _page(request, ctx, "biobanks/edit_biobank.html", biobank=detail, errors=[])


def _form_value(form: Any, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _form_data(form: Any, model: type[BaseModel], errors: list[FieldError]) -> dict[str, Any]:
    """The fields of `model` the form sends, read by their declared type: the schema is the one field list."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in form:
            continue
        raw = _form_value(form, name)
        # `Count | None` is `Annotated[int, ...] | None`: look through Annotated to the base type.
        kinds = {get_args(k)[0] if get_origin(k) is Annotated else k for k in get_args(info.annotation)} - {type(None)}
        if bool in kinds:
            try:
                data[name] = as_bool(raw)
            except ValueError:
                errors.append(FieldError(name, "use yes or no"))
        elif int in kinds:
            data[name] = _int_or_none(raw, name, errors)
        elif str in kinds:
            data[name] = raw
        else:  # lists of codes, typed as "a; b" or one per line
            data[name] = as_list(raw)
    return data


def _int_or_none(value: str, field: str, errors: list[FieldError]) -> int | None:
    if not value:
        return None
    try:
        return int(value.replace(",", ""))
    except ValueError:
        errors.append(FieldError(field, f"{value!r} is not a whole number"))
        return None


@router.post("/biobanks/biobank/{biobank_id}/edit")
async def biobank_save(biobank_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await request.form()
    errors: list[FieldError] = []
    data = _form_data(form, BiobankUpdate, errors)
    try:
        if errors:
            raise ValidationFailed("Invalid values", errors)
        service.update_biobank(session, ctx.actor, biobank_id, BiobankUpdate.model_validate(data))
    except ValidationFailed as exc:
        session.rollback()
        detail = service.get_biobank(session, biobank_id)
        return _page(
            request,
            ctx,
            "biobanks/edit_biobank.html",
            status_code=422,
            biobank=detail,
            errors=exc.errors,
        )
    return RedirectResponse(f"/biobanks/biobank/{biobank_id}", status_code=303)


@router.get("/biobanks/collection/{collection_id}/edit")
def collection_edit(collection_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    collection = service.get_collection(session, collection_id)
    service.require_edit(session, ctx.actor, collection.biobank_id)
    return _page(request, ctx, "biobanks/edit_collection.html", collection=collection, errors=[])


@router.post("/biobanks/collection/{collection_id}/edit")
async def collection_save(collection_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    form = await request.form()
    errors: list[FieldError] = []
    data = _form_data(form, CollectionUpdate, errors)
    try:
        if errors:
            raise ValidationFailed("Invalid values", errors)
        service.update_collection(session, ctx.actor, collection_id, CollectionUpdate.model_validate(data))
    except ValidationFailed as exc:
        session.rollback()
        collection = service.get_collection(session, collection_id)
        return _page(
            request,
            ctx,
            "biobanks/edit_collection.html",
            status_code=422,
            collection=collection,
            errors=exc.errors,
        )
    return RedirectResponse(f"/biobanks/collection/{collection_id}", status_code=303)


@router.post("/biobanks/biobank/{biobank_id}/managers")
def managers_save(
    biobank_id: str,
    ctx: Context,
    session: DbSession,
    username: Annotated[str, Form()],
    action: Annotated[str, Form()] = "assign",
) -> Response:
    if action == "remove":
        service.remove_manager(session, ctx.actor, biobank_id, username.strip())
    else:
        service.assign_manager(session, ctx.actor, biobank_id, username.strip())
    return RedirectResponse(f"/biobanks/biobank/{biobank_id}#managers", status_code=303)
