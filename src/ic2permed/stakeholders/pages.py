"""HTML pages of the stakeholder registry: search, organisation (ego network, path to a hub), network analysis,
report, CSV import and the review of proposed issuer/biobank links."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession
from ic2permed.core.http.rendering import render
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.permissions import Permission
from ic2permed.core.vocab import regions, themes
from ic2permed.stakeholders import exchange, labels, picture, service
from ic2permed.stakeholders.schemas import EngagementCreate, MatchDecision, OrganisationQuery

router = APIRouter(include_in_schema=False)


YearParam = Annotated[str, Query(alias="year", max_length=4)]


def _year(value: str) -> int | None:
    """The year picker sends an empty value for "today"; anything not a plausible year means today too."""
    return int(value) if value.isdigit() and 1900 <= int(value) <= 2100 else None


DEFAULT_HUB = "int-icpermed"


def _common() -> dict[str, Any]:
    return {
        "type_labels": labels.ORG_TYPES,
        "relation_labels": labels.RELATION_TYPES,
        "engagement_labels": labels.ENGAGEMENT_KINDS,
        "regions": regions.REGIONS,
        "region_colours": regions.REGION_COLOURS,
        "all_themes": themes.themes(),
    }


def _labels(locale: str) -> picture.Labels:
    return picture.Labels(
        title=gettext(locale, N_("Network of organisations, coloured by region and sized by EU–China brokerage")),
        legend_size=gettext(locale, N_("Circle size: EU–China brokerage")),
        empty=gettext(locale, N_("No organisations to show.")),
        region={t.code: t.label(locale) for t in regions.REGIONS},
        relation={code: gettext(locale, label) for code, label in labels.RELATION_TYPES.items()},
    )


def _growth(session: DbSession, locale: str) -> str:
    years = service.dated_years(session)
    grown = service.growth(session, years)
    return picture.growth_bars(
        grown.years,
        grown.cross_ties,
        gettext(locale, N_("Direct EU–China ties standing in each year")),
        gettext(locale, N_("%(n)s undated ties are counted in every year")) % {"n": grown.undated_cross_ties},
    )


def _clean(values: list[str] | None, allowed: set[str]) -> list[str]:
    return [v for v in values or [] if v in allowed]


@router.get("/stakeholders")
def index(
    request: Request,
    ctx: Context,
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    region: Annotated[list[str] | None, Query()] = None,
    type: Annotated[list[str] | None, Query()] = None,
    year_text: YearParam = "",
) -> Response:
    year = _year(year_text)
    query = OrganisationQuery(
        q=q, region=_clean(region, set(regions.REGION_CODES)), type=_clean(type, set(labels.ORG_TYPES))
    )
    found = service.search(session, query)
    analysis = service.analyse(session, year)
    return render(
        request,
        ctx,
        "stakeholders/index.html",
        query=query,
        found=found,
        analysis=analysis,
        names=service.names(session),
        year=year,
        years=service.dated_years(session),
        network_svg=service.network_picture(session, _labels(ctx.locale), ctx.locale, year=year),
        growth_svg=_growth(session, ctx.locale),
        can_curate=ctx.actor.can(Permission.CURATE_STAKEHOLDERS),
        **_common(),
    )


@router.get("/stakeholders/organisations/{organisation_id}")
def organisation_page(
    organisation_id: str,
    request: Request,
    ctx: Context,
    session: DbSession,
    hub: str = DEFAULT_HUB,
    year_text: YearParam = "",
) -> Response:
    year = _year(year_text)
    org = service.get_organisation(session, organisation_id)
    names = service.names(session)
    hub_id = hub if hub in names else DEFAULT_HUB if DEFAULT_HUB in names else None
    path = service.path_to_hub(session, organisation_id, hub_id, year) if hub_id and hub_id != organisation_id else None
    return render(
        request,
        ctx,
        "stakeholders/organisation.html",
        org=org,
        names=names,
        relations=service.relations_of(session, organisation_id),
        children=service.children_of(session, organisation_id),
        items=service.landscape_items_of(session, organisation_id),
        biobanks=service.biobanks_of(session, organisation_id),
        engagements=service.engagements(session, organisation_id),
        ego_svg=service.network_picture(session, _labels(ctx.locale), ctx.locale, centre=organisation_id, year=year),
        hub=hub_id,
        hub_path=path,
        hubs=sorted(names.values(), key=lambda o: o.name(ctx.locale)),
        year=year,
        can_curate=ctx.actor.can(Permission.CURATE_STAKEHOLDERS),
        **_common(),
    )


@router.get("/stakeholders/network.svg")
def network_svg(
    ctx: Context,
    session: DbSession,
    centre: str | None = None,
    year_text: YearParam = "",
) -> Response:
    body = service.network_picture(session, _labels(ctx.locale), ctx.locale, centre=centre, year=_year(year_text))
    return Response(body, media_type="image/svg+xml")


@router.get("/stakeholders/report.html")
def report(
    request: Request,
    ctx: Context,
    session: DbSession,
    year_text: YearParam = "",
) -> Response:
    """A self-contained HTML report (picture, brokers, cut points, suggested bridges), downloaded as a file."""
    year = _year(year_text)
    page = render(
        request,
        ctx,
        "stakeholders/report.html",
        analysis=service.analyse(session, year, top=20, suggestions=20),
        names=service.names(session),
        year=year,
        network_svg=service.network_picture(session, _labels(ctx.locale), ctx.locale, year=year),
        **_common(),
    )
    page.headers["Content-Disposition"] = 'attachment; filename="stakeholder-network-report.html"'
    return page


@router.get("/stakeholders/import")
def import_form(request: Request, ctx: Context) -> Response:
    ctx.actor.require(Permission.CURATE_STAKEHOLDERS)
    return render(request, ctx, "stakeholders/import.html", errors=[], done=None, **_common())


@router.post("/stakeholders/import")
def import_upload(
    request: Request,
    ctx: Context,
    session: DbSession,
    organisations: UploadFile | None = None,
    relations: UploadFile | None = None,
) -> Response:
    ctx.actor.require(Permission.CURATE_STAKEHOLDERS)
    try:
        nodes = exchange.parse_nodes(organisations.file.read()) if organisations and organisations.filename else []
        edges = exchange.parse_edges(relations.file.read()) if relations and relations.filename else []
        done = service.import_rows(session, ctx.actor, nodes, edges)
    except ValidationFailed as exc:
        return render(
            request, ctx, "stakeholders/import.html", status_code=422, errors=exc.errors, detail=exc.detail, done=None,
            **_common(),
        )  # fmt: skip
    return render(request, ctx, "stakeholders/import.html", errors=[], done=done, **_common())


@router.get("/stakeholders/matches")
def matches(request: Request, ctx: Context, session: DbSession) -> Response:
    ctx.actor.require(Permission.CURATE_STAKEHOLDERS)
    return render(
        request,
        ctx,
        "stakeholders/matches.html",
        candidates=service.match_candidates(session),
        unlinked=service.unlinked_records(session),
        names=service.names(session),
        **_common(),
    )


@router.post("/stakeholders/matches")
async def confirm(request: Request, ctx: Context, session: DbSession) -> Response:
    form = await request.form()
    record = str(form.get("record", ""))  # "kind:id" from the by-hand form
    kind, _sep, record_id = record.partition(":") if record else (form.get("kind", ""), "", form.get("record_id", ""))
    try:
        decision = MatchDecision(
            kind=str(kind), record_id=str(record_id), organisation_id=str(form.get("organisation_id", "")) or None
        )
    except ValidationError as exc:
        raise ValidationFailed("Invalid link", [FieldError(str(e["loc"][0]), e["msg"]) for e in exc.errors()]) from None
    await run_in_threadpool(service.confirm_match, session, ctx.actor, decision)
    return RedirectResponse("/stakeholders/matches", status_code=303)


@router.post("/stakeholders/organisations/{organisation_id}/engagements")
async def log_engagement(organisation_id: str, request: Request, ctx: Context, session: DbSession) -> Response:
    """A curator logs a meeting, workshop, delegation visit or MoU with this organisation and any others."""
    form = await request.form()
    others = [str(v) for v in form.getlist("with") if str(v) and str(v) != organisation_id]
    try:
        entry = EngagementCreate(
            kind=str(form.get("kind", "")),
            date=str(form.get("date", "")),
            title=str(form.get("title", "")).strip(),
            organisation_ids=[organisation_id, *others],
            outcome=str(form.get("outcome", "")).strip(),
            follow_up=str(form.get("follow_up", "")).strip(),
        )
    except ValidationError as exc:
        errors = [FieldError(str(e["loc"][0]), e["msg"]) for e in exc.errors()]
        raise ValidationFailed("Invalid engagement", errors) from None
    await run_in_threadpool(service.log_engagement, session, ctx.actor, entry)
    return RedirectResponse(f"/stakeholders/organisations/{organisation_id}#eng-h", status_code=303)
