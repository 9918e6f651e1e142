"""HTML pages of the landscape: search, item, curate, compare, opportunities, charts and reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ic2permed.core.errors import Conflict
from ic2permed.core.http.deps import Context, DbSession
from ic2permed.core.http.related import DIRECTORY_ENTRIES, related
from ic2permed.core.http.rendering import render
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.permissions import Permission
from ic2permed.core.vocab import regions, themes
from ic2permed.landscape import charts, forms, labels, report, service
from ic2permed.landscape.params import query_string, search_params
from ic2permed.landscape.schemas import (
    LEGAL_TIERS,
    ItemCreate,
    ItemUpdate,
    Kind,
    SearchQuery,
    Status,
)

router = APIRouter(include_in_schema=False)
Search = Annotated[SearchQuery, Depends(search_params)]


def _common() -> dict[str, Any]:
    return {
        "kind_labels": labels.KINDS,
        "status_labels": labels.STATUSES,
        "side_labels": labels.SIDES,
        "relation_labels": labels.RELATIONS,
        "regions": regions.REGIONS,
        "topic_themes": themes.of_kind(themes.TOPIC),
        "roadmap_themes": themes.of_kind(themes.WORKING_GROUP),
        "all_themes": themes.themes(),
        "legal_tiers": LEGAL_TIERS,
        "kinds": list(Kind),
        "statuses": list(Status),
    }


@router.get("/landscape")
def index(request: Request, ctx: Context, session: DbSession, query: Search) -> Response:
    result = service.search(session, query)
    return render(
        request,
        ctx,
        "landscape/index.html",
        result=result,
        query=query,
        qs=query_string(query),
        page_qs=lambda offset: query_string(query, offset=offset),
        **_common(),
    )


@router.get("/landscape/items/{item_id}")
def item_page(item_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    item = service.get_item(session, item_id)
    relations = service.item_relations(session, item_id)
    others = {
        i.id: i
        for i in service.items_by_ids(
            session, [r.target_id if r.source_id == item_id else r.source_id for r in relations]
        )
    }
    return render(
        request,
        ctx,
        "landscape/item.html",
        item=item,
        relations=relations,
        others=others,
        history=service.history(session, item_id),
        in_directory=related(request, session, DIRECTORY_ENTRIES, item_id),
        can_edit=ctx.actor.can(Permission.CURATE_LANDSCAPE),
        **_common(),
    )


@router.get("/landscape/new")
def new_form(request: Request, ctx: Context) -> Response:
    ctx.actor.require(Permission.CURATE_LANDSCAPE)
    return render(request, ctx, "landscape/form.html", values=forms.blank(), errors={}, creating=True, **_common())


@router.post("/landscape/new")
async def create(request: Request, ctx: Context, session: DbSession) -> Response:
    ctx.actor.require(Permission.CURATE_LANDSCAPE)
    form = await request.form()
    values, data = forms.parse(dict(form), [str(t) for t in form.getlist("themes")], with_id=True)
    model, errors = forms.validate(data, with_id=True)
    if model is not None:
        assert isinstance(model, ItemCreate)
        try:
            item = service.create_item(session, ctx.actor, model)
        except Conflict as exc:
            errors = {e.field: e.message for e in exc.errors}
        else:
            return RedirectResponse(f"/landscape/items/{item.id}", status_code=303)
    return render(
        request,
        ctx,
        "landscape/form.html",
        status_code=422,
        values=values,
        errors=errors,
        creating=True,
        **_common(),
    )


@router.get("/landscape/items/{item_id}/edit")
def edit_form(item_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    ctx.actor.require(Permission.CURATE_LANDSCAPE)
    item = service.get_item(session, item_id)
    return render(
        request,
        ctx,
        "landscape/form.html",
        values=forms.from_item(item),
        errors={},
        creating=False,
        **_common(),
    )


@router.post("/landscape/items/{item_id}/edit")
async def update(item_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    ctx.actor.require(Permission.CURATE_LANDSCAPE)
    service.get_item(session, item_id)
    form = await request.form()
    values, data = forms.parse(dict(form), [str(t) for t in form.getlist("themes")], with_id=False)
    values["id"] = item_id
    model, errors = forms.validate(data, with_id=False)
    if model is None:
        return render(
            request,
            ctx,
            "landscape/form.html",
            status_code=422,
            values=values,
            errors=errors,
            creating=False,
            **_common(),
        )
    service.update_item(session, ctx.actor, item_id, ItemUpdate.model_validate(model.model_dump()))
    return RedirectResponse(f"/landscape/items/{item_id}", status_code=303)


@router.get("/landscape/compare")
def compare_page(request: Request, ctx: Context, session: DbSession, theme: str = "data-protection") -> Response:
    comparison = service.compare(session, theme if themes.is_theme(theme) else "data-protection")
    items = [
        i
        for row in [*comparison.aligned, comparison.unaligned]
        for side in ("eu", "cn", "intl")
        for i in getattr(row, side)
    ]
    timeline_svg = charts.timeline(items, ctx.locale).decode("utf-8")
    return render(request, ctx, "landscape/compare.html", comparison=comparison, timeline_svg=timeline_svg, **_common())


@router.get("/landscape/opportunities")
def opportunities_page(request: Request, ctx: Context, session: DbSession, theme: str | None = None) -> Response:
    chosen = theme if theme and themes.is_theme(theme) else None
    rows = service.opportunities(session, chosen, limit=40)
    return render(request, ctx, "landscape/opportunities.html", rows=rows, theme=chosen, **_common())


@router.get("/landscape/charts/heatmap.svg")
def heatmap_svg(ctx: Context, session: DbSession, query: Search) -> Response:
    items = service.export_items(session, query)
    return Response(charts.heatmap(items, ctx.locale), media_type="image/svg+xml")


@router.get("/landscape/charts/timeline.svg")
def timeline_svg(ctx: Context, session: DbSession, query: Search) -> Response:
    items = service.export_items(session, query)
    return Response(charts.timeline(items, ctx.locale), media_type="image/svg+xml")


def _describe(query: SearchQuery, locale: str) -> str:
    parts = []
    if query.q:
        parts.append(f"“{query.q}”")
    for code in query.region:
        parts.append(regions.region(code).label(locale))
    for code in query.theme:
        parts.append(themes.theme(code).label(locale))
    for kind in query.kind:
        parts.append(gettext(locale, labels.KINDS[kind.value]))
    return " · ".join(parts) or gettext(locale, N_("All items"))


@router.get("/landscape/report.html")
def report_html(request: Request, ctx: Context, session: DbSession, query: Search) -> Response:
    items = service.export_items(session, query)
    return render(
        request,
        ctx,
        "landscape/report.html",
        items=items,
        description=_describe(query, ctx.locale),
        heatmap_svg=charts.heatmap(items, ctx.locale).decode("utf-8"),
        timeline_svg=charts.timeline(items, ctx.locale).decode("utf-8"),
        qs=query_string(query),
        **_common(),
    )


@router.get("/landscape/report.pdf")
def report_pdf(ctx: Context, session: DbSession, query: Search) -> Response:
    items = service.export_items(session, query)
    body = report.pdf(items, ctx.locale, _describe(query, ctx.locale))
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="landscape-report.pdf"'},
    )
