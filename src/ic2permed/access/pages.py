"""HTML pages of access requests: the form (DUO findings and legal steps before submission), the request
page (states, checklist with evidence, threads), notifications and the dossier (HTML, PDF)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from ic2permed.access import attachments, service
from ic2permed.access.schemas import AgreementCreate, EvidenceIn, ExpiryIn, MessageCreate, RequestCreate, Transition
from ic2permed.core.errors import DomainError, InvalidTransition, ValidationFailed
from ic2permed.core.http.deps import Context, DbSession, RequestContext, get_settings
from ic2permed.core.http.rendering import render

router = APIRouter(include_in_schema=False)


def _page(request: Request, ctx: RequestContext, template: str, status_code: int = 200, **data: Any) -> Response:
    return render(request, ctx, template, status_code=status_code, L=service.code_labels(ctx.locale), **data)


def _errors(exc: Exception, locale: str) -> list[str]:
    if isinstance(exc, ValidationError):
        return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    if isinstance(exc, InvalidTransition):
        return [service.blocked_message(exc, locale)]
    if isinstance(exc, DomainError):
        return [str(exc)]
    return [str(exc)]  # pragma: no cover


@router.get("/requests")
def requests_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(request, ctx, "access/list.html", requests=service.list_requests(session, ctx.actor))


def _agreements_page(
    request: Request, ctx: RequestContext, session: Any, status: int = 200, errors: list[str] | None = None
) -> Response:
    return _page(
        request,
        ctx,
        "access/agreements.html",
        status_code=status,
        agreements=service.list_agreements(session, ctx.actor),
        biobank_choices=service.agreement_biobanks(session, ctx.actor),
        errors=errors or [],
    )


@router.get("/requests/agreements")
def agreements_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _agreements_page(request, ctx, session)


@router.post("/requests/agreements")
def agreements_add(
    request: Request,
    ctx: Context,
    session: DbSession,
    biobank_id: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    version: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
) -> Response:
    try:
        data = AgreementCreate.model_validate(
            {
                "biobank_id": biobank_id or None,
                "kind": kind,
                "version": version,
                "title": title,
                "text": text,
                "url": url,
            }
        )
        service.add_agreement(session, ctx.actor, data)
    except (DomainError, ValidationError) as exc:
        status = exc.status if isinstance(exc, DomainError) else 422
        if status in (401, 403):
            raise
        return _agreements_page(request, ctx, session, status, _errors(exc, ctx.locale))
    return RedirectResponse("/requests/agreements", status_code=303)


@router.get("/requests/notifications")
def notifications_page(request: Request, ctx: Context, session: DbSession) -> Response:
    return _page(request, ctx, "access/notifications.html", notes=service.notifications(session, ctx.actor))


def _form_data(
    draft_id: str,
    collection_ids: list[str],
    title: str,
    description: str,
    investigator: str,
    institution: str,
    country: str,
    materials: str,
    amounts: str,
    duo_terms: str,
    purpose: str,
    moves: list[str],
    data_kind: str,
    identifiability: str,
    subjects: str,
    important_data: str = "",
) -> dict[str, Any]:
    return {
        "draft_id": int(draft_id) if draft_id.strip().isdigit() else None,
        "collection_ids": [c for c in collection_ids if c.strip()],
        "title": title.strip(),
        "description": description.strip(),
        "investigator": investigator.strip(),
        "institution": institution.strip(),
        "country": country.strip().upper(),
        "materials": [m.strip().upper() for m in materials.replace(";", ",").split(",") if m.strip()],
        "amounts": amounts.strip(),
        "duo_terms": [d.strip() for d in duo_terms.replace(";", ",").split(",") if d.strip()],
        "purpose": purpose,
        "moves": moves,
        "data_kind": data_kind,
        "identifiability": identifiability,
        "subjects": subjects.strip() or "1000",
        "important_data": important_data in ("yes", "on", "true"),
    }


@router.get("/requests/new")
def new_request(
    request: Request,
    ctx: Context,
    session: DbSession,
    draft: Annotated[int | None, Query()] = None,
    collection: Annotated[list[str] | None, Query()] = None,
) -> Response:
    form = service.new_request_form(session, ctx.actor, draft, collection or [])
    return _page(request, ctx, "access/new.html", form=form, preview=None, errors=[])


@router.post("/requests/new")
def new_request_post(
    request: Request,
    ctx: Context,
    session: DbSession,
    action: Annotated[str, Form()] = "check",
    draft_id: Annotated[str, Form()] = "",
    collection_ids: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    investigator: Annotated[str, Form()] = "",
    institution: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    materials: Annotated[str, Form()] = "",
    amounts: Annotated[str, Form()] = "",
    duo_terms: Annotated[str, Form()] = "",
    purpose: Annotated[str, Form()] = "research",
    moves: Annotated[list[str], Form()] = [],  # noqa: B006
    data_kind: Annotated[str, Form()] = "genetic",
    identifiability: Annotated[str, Form()] = "pseudonymised",
    subjects: Annotated[str, Form()] = "1000",
    important_data: Annotated[str, Form()] = "",
) -> Response:
    form = _form_data(
        draft_id,
        collection_ids,
        title,
        description,
        investigator,
        institution,
        country,
        materials,
        amounts,
        duo_terms,
        purpose,
        moves,
        data_kind,
        identifiability,
        subjects,
        important_data,
    )
    shown = service.new_request_form(session, ctx.actor, form["draft_id"], form["collection_ids"], form)
    try:
        data = RequestCreate.model_validate(form)
        preview = service.preview(session, ctx.actor, data)
        if action == "submit":
            created = service.submit(session, ctx.actor, data)
            return RedirectResponse(f"/requests/{created.id}", status_code=303)
    except (ValidationError, ValidationFailed) as exc:
        return _page(
            request, ctx, "access/new.html", status_code=422, form=shown, preview=None, errors=_errors(exc, ctx.locale)
        )
    return _page(request, ctx, "access/new.html", form=shown, preview=preview, errors=[])


def _detail(
    request: Request, ctx: RequestContext, session: Any, rid: int, status: int = 200, errors: list[str] | None = None
) -> Response:
    detail = service.get_request(session, ctx.actor, rid)
    files = service.attachments_of(session, ctx.actor, rid)
    return _page(
        request,
        ctx,
        "access/detail.html",
        status_code=status,
        r=detail,
        files=files,
        errors=errors or [],
        today=date.today(),
    )


@router.get("/requests/{rid}")
def request_page(rid: int, request: Request, ctx: Context, session: DbSession) -> Response:
    return _detail(request, ctx, session, rid)


@router.post("/requests/{rid}/move")
def move(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    target: Annotated[str, Form()],
    item: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    expires_on: Annotated[str, Form()] = "",
) -> Response:

    def act() -> None:
        change = Transition(target=target, reason=reason, expires_on=expires_on or None)
        if item.isdigit():
            service.move_item(session, ctx.actor, rid, int(item), change)
        else:
            service.move_request(session, ctx.actor, rid, change)

    return _act(request, ctx, session, rid, act, f"/requests/{rid}")


@router.post("/requests/{rid}/evidence")
def evidence(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    item: Annotated[int, Form()],
    step_id: Annotated[str, Form()],
    reference: Annotated[str, Form()] = "",
    evidence_date: Annotated[str, Form()] = "",
    document: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:

    def act() -> None:
        data = EvidenceIn.model_validate(
            {"reference": reference, "evidence_date": evidence_date or None, "document": document, "note": note}
        )
        service.record_evidence(session, ctx.actor, rid, item, step_id, data)

    return _act(request, ctx, session, rid, act, f"/requests/{rid}#item-{item}")


@router.post("/requests/{rid}/message")
def message(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    body: Annotated[str, Form()] = "",
    item: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
) -> Response:
    item_id = int(item) if item.isdigit() else None

    def act() -> None:
        if file is not None and file.filename:
            data = file.file.read(attachments.MAX_BYTES + 1)
            directory = Path(get_settings(request).var_dir) / "attachments"
            service.attach(session, ctx.actor, rid, item_id, body, file.filename, data, directory)
        else:
            service.post_message(session, ctx.actor, rid, item_id, MessageCreate(body=body))

    return _act(request, ctx, session, rid, act, f"/requests/{rid}")


def _act(
    request: Request, ctx: RequestContext, session: Any, rid: int, act: Callable[[], object], then: str
) -> Response:
    """Run one form's action on a request; a refusal shows on the request page (a missing request stays a 404)."""
    try:
        act()
    except (DomainError, ValidationError) as exc:
        status = exc.status if isinstance(exc, DomainError) else 422
        if status == 404:
            raise
        return _detail(request, ctx, session, rid, status, _errors(exc, ctx.locale))
    return RedirectResponse(then, status_code=303)


def _item_action(
    request: Request, ctx: RequestContext, session: Any, rid: int, item: int, act: Callable[[], object]
) -> Response:
    """Run one action on a collection and return to it on the request page."""
    return _act(request, ctx, session, rid, act, f"/requests/{rid}#item-{item}")


@router.post("/requests/{rid}/agree")
def agree(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    item: Annotated[int, Form()],
    agreement: Annotated[int, Form()],
) -> Response:
    return _item_action(
        request, ctx, session, rid, item, lambda: service.accept_agreement(session, ctx.actor, rid, item, agreement)
    )


@router.post("/requests/{rid}/expiry")
def expiry(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    item: Annotated[int, Form()],
    expires_on: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    def act() -> object:
        data = ExpiryIn.model_validate({"expires_on": expires_on or None, "reason": reason})
        return service.set_expiry(session, ctx.actor, rid, item, data)

    return _item_action(request, ctx, session, rid, item, act)


@router.post("/requests/{rid}/revoke")
def revoke(
    rid: int,
    request: Request,
    ctx: Context,
    session: DbSession,
    item: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    return _item_action(request, ctx, session, rid, item, lambda: service.revoke(session, ctx.actor, rid, item, reason))


@router.get("/requests/{rid}/dossier.html")
def dossier_html(rid: int, request: Request, ctx: Context, session: DbSession) -> Response:
    detail = service.get_request(session, ctx.actor, rid)
    response = _page(request, ctx, "access/dossier.html", r=detail)
    response.headers["Content-Disposition"] = f'attachment; filename="request-{rid}-dossier.html"'
    return response


@router.get("/requests/{rid}/dossier.pdf")
def dossier_pdf(rid: int, ctx: Context, session: DbSession) -> Response:
    pdf = service.dossier_pdf(session, ctx.actor, rid)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="request-{rid}-dossier.pdf"'},
    )
