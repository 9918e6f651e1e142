"""Core JSON API: the current user, personal tokens, users (admin) and the audit log."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate, TokenCreated, TokenRead, UserCreate, UserRead
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter, AuditPage
from ic2permed.core.bounds import MAX_OFFSET
from ic2permed.core.http.deps import AuthenticatedActor, DbSession
from ic2permed.core.http.openapi import problem_responses

router = APIRouter(tags=["accounts"], responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 429, 503))


@router.get("/me", response_model=UserRead, summary="The authenticated user")
def me(actor: AuthenticatedActor, session: DbSession) -> UserRead:
    return accounts.profile(session, actor)


@router.get("/me/tokens", response_model=list[TokenRead])
def my_tokens(actor: AuthenticatedActor, session: DbSession) -> list[TokenRead]:
    return accounts.list_tokens(session, actor)


@router.post("/me/tokens", response_model=TokenCreated, status_code=201)
def create_token(data: TokenCreate, actor: AuthenticatedActor, session: DbSession) -> TokenCreated:
    return accounts.create_token(session, actor, data)


@router.delete("/me/tokens/{token_id}", response_model=TokenRead)
def revoke_token(token_id: int, actor: AuthenticatedActor, session: DbSession) -> TokenRead:
    return accounts.revoke_token(session, actor, token_id)


@router.get("/users", response_model=list[UserRead], tags=["admin"])
def list_users(actor: AuthenticatedActor, session: DbSession) -> list[UserRead]:
    return accounts.list_users(session, actor)


@router.post("/users", response_model=UserRead, status_code=201, tags=["admin"])
def create_user(data: UserCreate, actor: AuthenticatedActor, session: DbSession) -> UserRead:
    return accounts.create_user(session, actor, data)


@router.get("/audit", response_model=AuditPage, tags=["admin"])
def audit_log(
    actor: AuthenticatedActor,
    session: DbSession,
    user: str | None = Query(default=None, description="Username of the actor"),
    action: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
    limit: int = Query(default=50, ge=1, le=500),
) -> AuditPage:
    filters = AuditFilter(
        actor=user, action=action, entity_type=entity_type, entity_id=entity_id, since=since, until=until
    )
    return audit.list_entries(session, actor, filters, offset, limit)


@router.get("/audit.csv", tags=["admin"], response_class=Response)
def audit_csv(
    actor: AuthenticatedActor,
    session: DbSession,
    user: str | None = None,
    action: str | None = None,
    entity_type: str | None = None,
) -> Response:
    filters = AuditFilter(actor=user, action=action, entity_type=entity_type)
    body = "".join(audit.export_csv(session, actor, filters))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
