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
from ic2permed.core.vocab import icd10, locator, miabis, regions
from ic2permed.federation.hub import demo_nodes, http, params, readable, service
from ic2permed.federation.hub.schemas import (
    CHOICES,
    MEASURES,
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


STRATA_LABELS = readable.STRATA_LABELS


def _vocab() -> dict[str, Any]:
    return {
        "materials": miabis.material_types(),
        "regions": regions.REGIONS,
        "strata_labels": STRATA_LABELS,
        "locator_measures": locator.measures(),
        "locator_choices": locator.choice_criteria(),
    }


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _form_values(criteria: Criteria | None, split: bool = False) -> dict[str, Any]:
    if criteria is None:
        return {
            "split": False,
            "sex": "",
            "diseases": "",
            "age_min": "",
            "age_max": "",
            "materials": [],
            "sampled_from": "",
            "sampled_to": "",
            "stratify": [],
            **dict.fromkeys(params.LOCATOR_FIELDS, ""),
        }
    return {
        **{f"{m}_{end}": _number(getattr(criteria, f"{m}_{end}")) for m in MEASURES for end in ("min", "max")},
        **{c: getattr(criteria, c) or "" for c in CHOICES},
        "sex": criteria.sex.value if criteria.sex else "",
        "diseases": ", ".join(criteria.diseases),
        "age_min": criteria.age_min if criteria.age_min is not None else "",
        "age_max": criteria.age_max if criteria.age_max is not None else "",
        "materials": criteria.materials,
        "sampled_from": criteria.sampled_from or "",
        "sampled_to": criteria.sampled_to or "",
        "stratify": criteria.stratify,
        "split": split,
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
    "node": N_("Node"),
}
KNOWN_MESSAGES = [
    (
        re.compile(r"^'?(?P<value>.+?)'? is not an ICD-10 (code|block)$"),
        N_("“%(value)s” is not an ICD-10 code or block"),
    ),
    (re.compile(r"^age_min is above age_max$"), N_("The youngest age is above the oldest age")),
    (re.compile(r"^sampled_from is after sampled_to$"), N_("The first sampling date is after the last")),
    (re.compile(r"^no enabled node (?P<value>.+)$"), N_("No enabled node is registered as “%(value)s”")),
    (re.compile(r"^Input should be a valid number.*$"), N_("Enter a number, e.g. 27.5")),
    (re.compile(r"^'?(?P<value>.*?)'? is not an? .+ option$"), N_("“%(value)s” is not one of the options")),
]
RANGE_ORDER = re.compile(r"^(?P<key>\w+)_min is above (?P=key)_max$")


def _locator_field(field: str, locale: str) -> str | None:
    """“Body-mass index from” for bmi_min, “Smoking status” for smoking_status; None for other fields."""
    key, _, end = field.rpartition("_")
    if key in MEASURES and end in ("min", "max"):
        measure = locator.criterion(key)
        bound = gettext(locale, N_("from") if end == "min" else N_("to"))
        return f"{measure.label(locale)} ({measure.unit_label(locale)}) {bound}"
    return locator.criterion(field).label(locale) if field in CHOICES else None


def _locator_message(field: str, message: str, locale: str) -> str | None:
    order = RANGE_ORDER.match(message)
    if order and order["key"] in MEASURES:
        return gettext(locale, N_("%(criterion)s: the lower bound is above the upper bound")) % {
            "criterion": locator.criterion(order["key"]).label(locale)
        }
    key = field.rpartition("_")[0]
    if key in MEASURES and " must be between " in message:
        measure = locator.criterion(key)
        return gettext(locale, N_("Enter a value between %(low)s and %(high)s %(unit)s")) % {
            "low": f"{measure.low:g}",
            "high": f"{measure.high:g}",
            "unit": measure.unit_label(locale),
        }
    return None


def _readable(errors: list[FieldError], locale: str) -> list[dict[str, str]]:
    """Field names and the messages users meet most, in the page's language (others stay as written)."""
    shown = []
    for error in errors:
        field = error.field.split(".")[0]
        message = _locator_message(field, error.message, locale) or error.message
        for pattern, template in KNOWN_MESSAGES:
            match = pattern.match(message)
            if match:
                message = gettext(locale, template) % match.groupdict()
                break
        label = _locator_field(field, locale) or gettext(locale, FIELD_LABELS.get(field, field))
        shown.append({"field": label, "message": message})
    return shown


def _typed(raw: dict[str, list[str]]) -> dict[str, Any]:
    """What the user typed, shown again after an error, so nothing they entered is lost."""

    def one(name: str) -> str:
        return next((v.strip() for v in raw.get(name, []) if v.strip()), "")

    return {
        **{name: one(name) for name in ("sex", "age_min", "age_max", "sampled_from", "sampled_to")},
        **{name: one(name) for name in params.LOCATOR_FIELDS},
        "diseases": ", ".join(v.strip() for v in raw.get("disease", []) if v.strip()),
        "materials": raw.get("material", []),
        "stratify": raw.get("stratify", []),
        "split": params.split_from(raw),
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
    entries: dict[str, tuple[str, str]]  # biobank id → its directory name (en, zh)


def _page_data(session: Session, ctx: RequestContext) -> _PageData:
    nodes = service.list_nodes(session)
    linked = sorted({n.biobank_id for n in nodes if n.biobank_id})
    entries: dict[str, tuple[str, str]] = {}
    collections: dict[str, list[tuple[str, str]]] = {}
    for biobank_id in linked:
        try:
            detail = biobanks.get_biobank(session, biobank_id)
        except NotFound:
            continue
        entries[biobank_id] = (detail.name_en, detail.name_zh or "")
        collections[biobank_id] = [(c.id, c.name_en) for c in detail.collections][:3]
    return _PageData(
        nodes=nodes, saved=service.my_queries(session, ctx.actor), collections=collections, entries=entries
    )


def _row_helpers(locale: str) -> dict[str, Any]:
    """What the answer rows need to name nodes and explain failures in the page's language."""
    return {
        "node_label": lambda a: demo_nodes.node_label(a.node_id, a.name, locale),
        "synthetic": demo_nodes.is_synthetic,
        "problem": lambda a: readable.explain(a, locale),
    }


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
        scope_ids=params.scope_from(raw),
        **_vocab(),
    )


@router.get("/federated-search")
async def search_page(request: Request) -> Response:
    """Streams a row per node as it answers; the database is read before and written after, in threads."""
    raw = {key: request.query_params.getlist(key) for key in request.query_params}
    scope, split = params.scope_from(raw), params.split_from(raw)
    errors: list[FieldError] = []
    try:
        criteria = params.criteria_from(raw)
    except ValidationFailed as exc:
        criteria, errors = None, list(exc.errors)
    if criteria is None and scope and not errors:
        criteria = Criteria()  # "count in this collection": everyone the chosen node holds
    if criteria is None:
        return await _form_response(request, raw, errors)
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request)
    try:
        call, data = await http.open_call_with(request, _page_data)
    except BaseException:
        ticket.release()
        raise
    chosen = [t for t in call.targets if t.id in scope] if scope else call.targets
    missing = [node_id for node_id in scope if node_id not in {t.id for t in chosen}]
    if missing:
        ticket.release()
        unknown = [FieldError("node", f"no enabled node {node_id}") for node_id in missing]
        return await _form_response(request, raw, unknown)
    ctx = call.ctx
    templates: Templates = request.app.state.templates
    described = _describe(criteria, ctx.locale)
    qs = params.query_string(criteria, scope, split)
    page = templates.render(
        ctx.locale,
        "federation/search.html",
        page_context(
            request,
            ctx,
            values=_form_values(criteria, split),
            errors=[],
            criteria=criteria,
            nodes=data.nodes,
            saved=data.saved,
            described=described,
            qs=qs,
            scope=[n for n in data.nodes if n.id in scope],
            scope_ids=scope,
            all_nodes_qs=params.query_string(criteria, (), split),
            **_vocab(),
        ),
    )
    processes = {n.id: n.process for n in data.nodes if n.process is not None}
    head, rest = page.split(ROWS, 1)
    middle, tail = rest.split(SUMMARY, 1)
    helpers = _row_helpers(ctx.locale)

    async def body() -> AsyncIterator[str]:
        try:
            yield head
            answers: list[NodeAnswer] = []
            async for answer in service.stream(chosen, criteria, call.who, call.timeout, call.pool):
                answers.append(answer)
                yield templates.render(
                    ctx.locale,
                    "federation/_row.html",
                    {
                        "a": answer,
                        "collections": data.collections.get(answer.biobank_id or "", []),
                        "entry": data.entries.get(answer.biobank_id or ""),
                        "csrf_token": ctx.csrf_token,
                        "described": described,
                        "regions": regions.REGIONS,
                        "actor": ctx.actor,
                        **helpers,
                        "process": processes.get(answer.node_id),
                    },
                )
        finally:
            ticket.release()
        await call.log.write(ctx.actor, criteria, answers)
        yield middle
        outcome = service.result(criteria, answers, len(chosen), split)
        yield templates.render(
            ctx.locale,
            "federation/_summary.html",
            {
                "outcome": outcome,
                "regions": regions.REGIONS,
                "qs": qs,
                "split_qs": params.query_string(criteria, scope, not split),
                "strata_labels": STRATA_LABELS,
                "region_label": lambda code: readable.region_label(code, ctx.locale),
            },
        )
        yield tail

    return StreamingResponse(
        body(),
        media_type="text/html; charset=utf-8",
        headers={"Content-Language": ctx.locale},
        background=BackgroundTask(ticket.release),
    )


async def _form_response(request: Request, raw: dict[str, list[str]], errors: list[FieldError]) -> Response:
    def form(session: Session, ctx: RequestContext) -> Response:
        return _form_page(request, session, ctx, raw, errors)

    _call, response = await http.open_call_with(request, form)
    return response


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
    for key in MEASURES:
        low, high = criteria.measure_range(key)
        if low is not None or high is not None:
            measure = locator.criterion(key)
            span = f"{_number(low) or '…'}–{_number(high) or '…'}"
            parts.append(f"{measure.label(locale)} {span} {measure.unit_label(locale)}")
    for key in CHOICES:
        chosen: str | None = getattr(criteria, key)
        if chosen:
            status = locator.criterion(key)
            parts.append(f"{status.label(locale)}: {status.choice(chosen).label(locale)}")
    return " · ".join(parts)


@router.get("/federated-search/results.csv")
async def results_csv(request: Request) -> Response:
    raw = {key: request.query_params.getlist(key) for key in request.query_params}
    criteria = params.criteria_from(raw) or Criteria()
    scope, split = params.scope_from(raw), params.split_from(raw)
    ticket = http.admission(request).enter()
    if ticket is None:
        return http.busy(request)
    try:
        call = await http.open_call(request)
        chosen = [t for t in call.targets if t.id in scope] if scope else call.targets
        missing = [node_id for node_id in scope if node_id not in {t.id for t in chosen}]
        if missing:
            raise ValidationFailed("Invalid query", [FieldError("node", f"no enabled node {n}") for n in missing])
        outcome = await service.run(
            call.database, call.ctx.actor, criteria, call.who, call.timeout, call.pool, chosen, call.log, split
        )
    finally:
        ticket.release()
    return Response(
        service.results_csv(outcome, call.ctx.locale),
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
