"""The federated search page: answers stream in row by row as each node replies."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from ic2permed.biobanks import service as biobanks
from ic2permed.core.errors import FieldError, NotFound, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession, RequestContext
from ic2permed.core.http.rendering import page_context, render
from ic2permed.core.http.templating import Templates
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.vocab import icd10, miabis, regions
from ic2permed.federation.hub import http, params, service
from ic2permed.federation.hub.schemas import Criteria, NodeAnswer, NodeRead, SavedQueryRead

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
    processes = {n.id: n.process for n in data.nodes if n.process is not None}
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
                        "process": processes.get(answer.node_id),
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
