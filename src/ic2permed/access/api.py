"""JSON API of access requests, under ``/api/v1/requests``: thin handlers over the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import Response

from ic2permed.access import attachments, compliance, service
from ic2permed.access.schemas import (
    AgreementCreate,
    AgreementRead,
    EvidenceIn,
    ExpiryIn,
    MessageCreate,
    MessageRead,
    NotificationRead,
    Preview,
    RequestCreate,
    RequestDetail,
    RequestRead,
    StepRead,
    Transition,
    WebhookCreate,
    WebhookCreated,
)
from ic2permed.core.http.deps import CurrentActor, DbSession, get_settings

router = APIRouter(prefix="/requests", tags=["access requests"])


@router.get("", response_model=list[RequestRead])
def list_requests(actor: CurrentActor, session: DbSession) -> list[RequestRead]:
    """Researchers see their own requests, representatives those for their biobanks, reviewers all."""
    return service.list_requests(session, actor)


@router.post("/preview", response_model=Preview)
def preview(data: RequestCreate, actor: CurrentActor, session: DbSession) -> Preview:
    """DUO mismatches and compliance steps per collection, before submitting."""
    return service.preview(session, actor, data)


@router.post("", response_model=RequestDetail, status_code=201)
def submit(data: RequestCreate, actor: CurrentActor, session: DbSession) -> RequestDetail:
    return service.submit(session, actor, data)


@router.post("/webhooks", response_model=WebhookCreated, status_code=201)
def add_webhook(data: WebhookCreate, request: Request, actor: CurrentActor, session: DbSession) -> WebhookCreated:
    """Register a biobank's https endpoint; every state change is POSTed there, signed (Standard Webhooks)."""
    allow = bool(get_settings(request).webhooks_allow_insecure)
    return service.add_webhook(session, actor, data, allow_insecure=allow)


@router.get("/agreements", response_model=list[AgreementRead])
def list_agreements(actor: CurrentActor, session: DbSession, biobank_id: str | None = None) -> list[AgreementRead]:
    """Every version of the access agreements (licence, MTA, DTA): one biobank's and the platform's, or all."""
    return service.list_agreements(session, actor, biobank_id)


@router.post("/agreements", response_model=AgreementRead, status_code=201)
def add_agreement(data: AgreementCreate, actor: CurrentActor, session: DbSession) -> AgreementRead:
    """A new agreement version: a biobank's (its representative or a reviewer) or platform-wide (a reviewer)."""
    return service.add_agreement(session, actor, data)


@router.get("/notifications", response_model=list[NotificationRead])
def notifications(actor: CurrentActor, session: DbSession) -> list[NotificationRead]:
    return service.notifications(session, actor)


@router.get("/compliance/steps")
def compliance_steps(
    source: str | None = None,
    target: str | None = None,
    moves: str | None = None,
    identifiability: str | None = None,
    purpose: str | None = None,
    data_kind: str | None = None,
    subjects: str | None = None,
    ciio: bool = False,
    on: str | None = None,
    important_data: bool = False,
) -> dict[str, Any]:
    """The CLI contract over HTTP (``?source=CN&target=EU&moves=material,data&…``); guidance, not legal advice."""
    transfer = compliance.parse_transfer(
        provider=source,
        recipient=target,
        moves=[moves] if moves else None,
        identifiability=identifiability,
        purpose=purpose,
        data_kind=data_kind,
        subjects=subjects,
        ciio=ciio,
        on=on,
        important_data=important_data,
    )
    return compliance.answer(transfer)


@router.get("/{request_id}", response_model=RequestDetail)
def get_request(request_id: int, actor: CurrentActor, session: DbSession) -> RequestDetail:
    return service.get_request(session, actor, request_id)


@router.post("/{request_id}/transitions", response_model=RequestDetail)
def move_request(request_id: int, change: Transition, actor: CurrentActor, session: DbSession) -> RequestDetail:
    """Move the request (approve, decline, pause, resume, abandon, conclude); 409 with the reason when illegal."""
    return service.move_request(session, actor, request_id, change)


@router.post("/{request_id}/collections/{item_id}/transitions", response_model=RequestDetail)
def move_item(
    request_id: int, item_id: int, change: Transition, actor: CurrentActor, session: DbSession
) -> RequestDetail:
    """Move one collection; "made_available" is refused (409) while a compliance step lacks evidence."""
    return service.move_item(session, actor, request_id, item_id, change)


@router.post("/{request_id}/collections/{item_id}/revoke", response_model=RequestDetail)
def revoke(request_id: int, item_id: int, change: Transition, actor: CurrentActor, session: DbSession) -> RequestDetail:
    return service.revoke(session, actor, request_id, item_id, change.reason)


@router.put("/{request_id}/collections/{item_id}/expiry", response_model=RequestDetail)
def set_expiry(request_id: int, item_id: int, data: ExpiryIn, actor: CurrentActor, session: DbSession) -> RequestDetail:
    """Set, change or clear (null) the date granted access ends; representatives of the biobank or reviewers."""
    return service.set_expiry(session, actor, request_id, item_id, data)


@router.post("/{request_id}/collections/{item_id}/agreements/{agreement_id}/accept", response_model=RequestDetail)
def accept_agreement(
    request_id: int, item_id: int, agreement_id: int, actor: CurrentActor, session: DbSession
) -> RequestDetail:
    """The requester or the biobank's representative accepts the agreement version in force (recorded with who
    and when); "made_available" is refused until both sides have accepted every version in force."""
    return service.accept_agreement(session, actor, request_id, item_id, agreement_id)


@router.put("/{request_id}/collections/{item_id}/checklist/{step_id}", response_model=StepRead)
def record_evidence(
    request_id: int, item_id: int, step_id: str, evidence: EvidenceIn, actor: CurrentActor, session: DbSession
) -> StepRead:
    return service.record_evidence(session, actor, request_id, item_id, step_id, evidence)


@router.post("/{request_id}/messages", response_model=MessageRead, status_code=201)
def post_message(request_id: int, data: MessageCreate, actor: CurrentActor, session: DbSession) -> MessageRead:
    return service.post_message(session, actor, request_id, None, data)


@router.post("/{request_id}/collections/{item_id}/messages", response_model=MessageRead, status_code=201)
def post_item_message(
    request_id: int, item_id: int, data: MessageCreate, actor: CurrentActor, session: DbSession
) -> MessageRead:
    return service.post_message(session, actor, request_id, item_id, data)


def attachment_dir(request: Request) -> Path:
    return Path(get_settings(request).var_dir) / "attachments"


@router.post("/{request_id}/collections/{item_id}/attachments", response_model=MessageRead, status_code=201)
def upload(
    request_id: int,
    item_id: int,
    file: UploadFile,
    request: Request,
    actor: CurrentActor,
    session: DbSession,
    body: str = Form(default=""),
) -> MessageRead:
    """A message in the collection's thread with one file (PDF, image, text, CSV, Office; at most 4 MB)."""
    data = file.file.read(attachments.MAX_BYTES + 1)
    return service.attach(session, actor, request_id, item_id, body, file.filename or "", data, attachment_dir(request))


@router.get("/{request_id}/attachments/{attachment_id}")
def download(
    request_id: int, attachment_id: int, request: Request, actor: CurrentActor, session: DbSession
) -> Response:
    """Served only as a download (never rendered by the browser)."""
    meta, data = service.download(session, actor, request_id, attachment_id, attachment_dir(request))
    return Response(data, media_type="application/octet-stream", headers=download_headers(meta.filename, meta.sha256))


def download_headers(filename: str, sha256: str) -> dict[str, str]:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "X-Checksum-SHA256": sha256,
    }
