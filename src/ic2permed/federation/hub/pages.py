"""The federated search page: answers stream in row by row as each node replies."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from ic2permed.biobanks import service as biobanks
from ic2permed.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession, RequestContext
from ic2permed.core.http.rendering import page_context, render
from ic2permed.core.http.templating import Templates
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.permissions import Permission
from ic2permed.core.vocab import icd10, miabis, regions
from ic2permed.federation.hub import http, params, service
from ic2permed.federation.hub.schemas import (
    Criteria,
    NodeAnswer,
    NodeCreate,
    NodeRead,
    SavedQueryRead,
    default_jurisdiction,
)

router = APIRouter(include_in_schema=False)
SEX_LABELS = {"female": N_("Female"), "male": N_("Male")}
ROWS, SUMMARY = "<!--ROWS-->", "<!--SUMMARY-->"


STRATA_LABELS = (
    ("sex", N_("Sex")),
    ("ageBand", N_("Age band")),
    ("material", N_("Material type")),
    ("icd10Chapter", N_("ICD-10 chapter")),
)


def _vocab() -> dict[str, Any]:
    return {"materials": miabis.material_types(), "regions": regions.REGIONS, "strata_labels": STRATA_LABELS}


def _form_values(criteria: Criteria | None) -> dict[str, Any]:
    if criteria is None:
        return {
            "sex": "",
            "diseases": "",
            "age_min": "",
            "age_max": "",
            "materials": [],
            "sampled_from": "",
            "sampled_to": "",
            "stratify": [],
        }
    return {
        "sex": criteria.sex.value if criteria.sex else "",
        "diseases": ", ".join(criteria.diseases),
        "age_min": criteria.age_min if criteria.age_min is not None else "",
        "age_max": criteria.age_max if criteria.age_max is not None else "",
        "materials": criteria.materials,
        "sampled_from": criteria.sampled_from or "",
        "sampled_to": criteria.sampled_to or "",
        "stratify": criteria.stratify,
    }


FIELD_LABELS = {
    "query": N_("Query"),
    "diseases": N_("Diseases"),
    "sex": N_("Sex"),
    "age_min": N_("Age at sampling from"),
    "age_max": N_("Age at sampling to"),
    "materials": N_("Material type"),
    "stratify": N_("Break down by"),
    "sampled_from": N_("Sampled from"),
    "sampled_to": N_("Sampled until"),
}
KNOWN_MESSAGES = [
    (
        re.compile(r"^'?(?P<value>.+?)'? is not an ICD-10 (code|block)$"),
        N_("“%(value)s” is not an ICD-10 code or block"),
    ),
    (re.compile(r"^age_min is above age_max$"), N_("The youngest age is above the oldest age")),
    (re.compile(r"^sampled_from is after sampled_to$"), N_("The first sampling date is after the last")),
]


def _readable(errors: list[FieldError], locale: str) -> list[dict[str, str]]:
    """Field names and the messages users meet most, in the page's language (others stay as written)."""
    shown = []
    for error in errors:
        message = error.message
        for pattern, template in KNOWN_MESSAGES:
            match = pattern.match(message)
            if match:
                message = gettext(locale, template) % match.groupdict()
                break
        field = error.field.split(".")[0]
        shown.append({"field": gettext(locale, FIELD_LABELS.get(field, field)), "message": message})
    return shown


def _typed(raw: dict[str, list[str]]) -> dict[str, Any]:
    """What the user typed, shown again after an error, so nothing they entered is lost."""

    def one(name: str) -> str:
        return next((v.strip() for v in raw.get(name, []) if v.strip()), "")

    return {
        **{name: one(name) for name in ("sex", "age_min", "age_max", "sampled_from", "sampled_to")},
        "diseases": ", ".join(v.strip() for v in raw.get("disease", []) if v.strip()),
        "materials": raw.get("material", []),
        "stratify": raw.get("stratify", []),
    }


def _suggestions(raw: dict[str, list[str]], locale: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """For each disease word (not a code), the ICD-10 codes the directory's picker offers, as links that swap it in."""
    parts = [p.strip() for v in raw.get("disease", []) for p in v.split(",") if p.strip()]
    found = []
    for word in parts:
        if icd10.try_normalise(word) is not None:
            continue
        options = []
        for code in icd10.search(word, locale, 8):
            swapped = ", ".join(code if p == word else p for p in parts)
            query = urlencode([(k, v) for k, vs in raw.items() if k != "disease" for v in vs] + [("disease", swapped)])
            options.append((code, icd10.label(code, locale), "/federated-search?" + query))
        found.append((word, options))
    return found


@dataclass(frozen=True)
class _PageData:
    nodes: list[NodeRead]
    saved: list[SavedQueryRead]
    collections: dict[str, list[tuple[str, str]]]


def _page_data(session: Session, ctx: RequestContext) -> _PageData:
    linked = {n.biobank_id for n in service.list_nodes(session) if n.biobank_id}
    return _PageData(
        nodes=service.list_nodes(session),
        saved=service.my_queries(session, ctx.actor),
        collections={b: _collections(session, b) for b in sorted(linked)},
    )


def _form_page(
    request: Request, session: Session, ctx: RequestContext, raw: dict[str, list[str]], errors: list[FieldError]
) -> Response:
    """The search form alone (no criteria yet, or criteria with errors: what the user typed stays in the form)."""
    return render(
        request,
        ctx,
        "federation/search.html",
        status_code=422 if errors else 200,
        values=_typed(raw) if errors else _form_values(None),
        suggestions=_suggestions(raw, ctx.locale) if errors else [],
        errors=_readable(errors, ctx.locale),
        criteria=None,
        nodes=service.list_nodes(session),
        saved=[] if errors else service.my_queries(session, ctx.actor),
        **_vocab(),
    )


@router.get("/federated-search")
async def search_page(request: Request) -> Response:
    """Streams a row per node as it answers; the database is read before and written after, in threads."""
    raw = {key: request.query_params.getlist(key) for key in request.query_params}
    errors: list[FieldError] = []
    try:
        criteria = params.criteria_from(raw)
    except ValidationFailed as exc:
        criteria, errors = None, list(exc.errors)
    if criteria is None:

        def form(session: Session, ctx: RequestContext) -> Response:
            return _form_page(request, session, ctx, raw, errors)

        _call, response = await http.open_call_with(request, form)
        return response
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request)
    try:
        call, data = await http.open_call_with(request, _page_data)
    except BaseException:
        ticket.release()
        raise
    ctx = call.ctx
    templates: Templates = request.app.state.templates
    described = _describe(criteria, ctx.locale)
    page = templates.render(
        ctx.locale,
        "federation/search.html",
        page_context(
            request,
            ctx,
            values=_form_values(criteria),
            errors=[],
            criteria=criteria,
            nodes=data.nodes,
            saved=data.saved,
            described=described,
            qs=params.query_string(criteria),
            **_vocab(),
        ),
    )
    head, rest = page.split(ROWS, 1)
    middle, tail = rest.split(SUMMARY, 1)

    async def body() -> AsyncIterator[str]:
        try:
            yield head
            answers: list[NodeAnswer] = []
            async for answer in service.stream(call.targets, criteria, call.who, call.timeout, call.pool):
                answers.append(answer)
                yield templates.render(
                    ctx.locale,
                    "federation/_row.html",
                    {
                        "a": answer,
                        "collections": data.collections.get(answer.biobank_id or "", []),
                        "csrf_token": ctx.csrf_token,
                        "described": described,
                        "regions": regions.REGIONS,
                        "actor": ctx.actor,
                    },
                )
        finally:
            ticket.release()
        await call.log.write(ctx.actor, criteria, answers)
        yield middle
        outcome = service.result(criteria, answers, len(data.nodes))
        yield templates.render(
            ctx.locale,
            "federation/_summary.html",
            {
                "outcome": outcome,
                "regions": regions.REGIONS,
                "qs": params.query_string(criteria),
                "strata_labels": STRATA_LABELS,
            },
        )
        yield tail

    return StreamingResponse(
        body(),
        media_type="text/html; charset=utf-8",
        headers={"Content-Language": ctx.locale},
        background=BackgroundTask(ticket.release),
    )


def _collections(session: Session, biobank_id: str | None) -> list[tuple[str, str]]:
    if not biobank_id:
        return []
    try:
        detail = biobanks.get_biobank(session, biobank_id)
    except NotFound:
        return []
    return [(c.id, c.name_en) for c in detail.collections][:3]


def _describe(criteria: Criteria, locale: str) -> str:
    parts: list[str] = []
    if criteria.sex:
        parts.append(gettext(locale, SEX_LABELS[criteria.sex.value]))
    parts.extend(f"{code} {icd10.label(code, locale)}" for code in criteria.diseases)
    if criteria.age_min is not None or criteria.age_max is not None:
        parts.append(
            f"age {criteria.age_min if criteria.age_min is not None else 0}–"
            f"{criteria.age_max if criteria.age_max is not None else '∞'}"
        )
    parts.extend(miabis.material_type(m).label(locale) for m in criteria.materials)
    if criteria.sampled_from or criteria.sampled_to:
        parts.append(f"{criteria.sampled_from or '…'} – {criteria.sampled_to or '…'}")
    return " · ".join(parts)


@router.get("/federated-search/results.csv")
async def results_csv(request: Request) -> Response:
    raw = {key: request.query_params.getlist(key) for key in request.query_params}
    criteria = params.criteria_from(raw) or Criteria()
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request)
    try:
        call = await http.open_call(request)
        outcome = await service.run(
            call.database, call.ctx.actor, criteria, call.who, call.timeout, call.pool, call.targets, call.log
        )
    finally:
        ticket.release()
    return Response(
        service.results_csv(outcome),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="federated-counts.csv"'},
    )


@router.post("/federated-search/save")
def save(
    request: Request, ctx: Context, session: DbSession, name: Annotated[str, Form()], query: Annotated[str, Form()]
) -> Response:
    criteria = params.criteria_from(parse_qs(query)) or Criteria()
    saved = service.save_query(session, ctx.actor, name, criteria)
    return RedirectResponse(f"/federated-search/saved/{saved.id}", status_code=303)


@router.get("/federated-search/saved/{query_id}")
def open_saved(query_id: str, session: DbSession) -> Response:
    saved = service.saved_query(session, query_id)
    return RedirectResponse(
        "/federated-search?" + params.query_string(Criteria.model_validate(saved.criteria)), status_code=303
    )


# --- the node registry, for admins (the same service and checks as `ic2permed nodes add`) -----------------

NODE_ERRORS = {
    "id": N_("A node id has 2 to 63 lower-case letters, digits or hyphens, starting with a letter or digit."),
    "taken": N_("A node with this id is registered already."),
    "name": N_("A name has 2 to 200 characters."),
    "base_url": N_("Give the node's Beacon base URL, starting with http:// or https://."),
    "region": N_("Choose a region."),
    "jurisdiction": N_("Choose a jurisdiction: EU, China or other."),
    "biobank_id": N_("No biobank with this id in the directory."),
    "signing_secret": N_("A signing secret has at least 32 characters."),
}
JURISDICTIONS = (("EU", N_("European Union")), ("CN", N_("China")), ("OTHER", N_("Other")))


def _node_error(exc: ValidationError | ValidationFailed | Conflict) -> str:
    if isinstance(exc, Conflict):
        return NODE_ERRORS["taken"]
    if isinstance(exc, ValidationError):
        fields = [str(e["loc"][0]) for e in exc.errors() if e["loc"]] or ["id"]
    else:
        fields = [e.field for e in exc.errors] or ["id"]
    return NODE_ERRORS.get(fields[0], NODE_ERRORS["id"])


def _nodes_page(
    request: Request, ctx: RequestContext, session: Session, status_code: int = 200, **shown: object
) -> Response:
    ctx.actor.require(Permission.MANAGE_NODES)
    data: dict[str, object] = {"error": None, "form": {}, "saved": None}
    data.update(shown)
    return render(
        request,
        ctx,
        "federation/nodes.html",
        status_code=status_code,
        nodes=service.list_nodes(session),
        biobanks=biobanks.list_biobanks(session),
        regions=regions.REGIONS,
        jurisdictions=JURISDICTIONS,
        **data,
    )


@router.get("/federated-search/nodes")
def nodes_page(request: Request, ctx: Context, session: DbSession, saved: str | None = None) -> Response:
    """The nodes the hub asks, with forms to register, pause and remove them (admins only)."""
    return _nodes_page(request, ctx, session, saved=saved)


@router.post("/federated-search/nodes")
def nodes_add(
    request: Request,
    ctx: Context,
    session: DbSession,
    node_id: Annotated[str, Form(max_length=200)],
    base_url: Annotated[str, Form(max_length=2000)],
    name: Annotated[str, Form(max_length=400)] = "",
    region: Annotated[str, Form(max_length=64)] = "EU",
    jurisdiction: Annotated[str, Form(max_length=16)] = "",
    biobank: Annotated[str, Form(max_length=200)] = "",
    secret: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    ctx.actor.require(Permission.MANAGE_NODES)
    form = {"node_id": node_id, "base_url": base_url, "name": name, "region": region}
    form |= {"jurisdiction": jurisdiction, "biobank": biobank}
    try:
        data = NodeCreate(
            id=node_id.strip(),
            name=name.strip() or node_id.strip(),
            base_url=base_url.strip(),
            region=region,
            jurisdiction=jurisdiction or default_jurisdiction(region),
            biobank_id=biobank.strip() or None,
            signing_secret=secret or None,
        )
        added = service.add_node(session, ctx.actor, data)
    except (ValidationError, ValidationFailed, Conflict) as exc:
        return _nodes_page(request, ctx, session, status_code=422, error=_node_error(exc), form=form)
    return RedirectResponse("/federated-search/nodes?" + urlencode({"saved": added.id}), status_code=303)


@router.post("/federated-search/nodes/{node_id}/enabled")
def nodes_enable(ctx: Context, session: DbSession, node_id: str, enabled: Annotated[bool, Form()]) -> Response:
    service.set_enabled(session, ctx.actor, node_id, enabled)
    return RedirectResponse("/federated-search/nodes?" + urlencode({"saved": node_id}), status_code=303)


@router.post("/federated-search/nodes/{node_id}/remove")
def nodes_remove(ctx: Context, session: DbSession, node_id: str) -> Response:
    service.remove_node(session, ctx.actor, node_id)
    return RedirectResponse("/federated-search/nodes", status_code=303)
