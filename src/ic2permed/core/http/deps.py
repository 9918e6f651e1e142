"""Reusable request dependencies: database session, request context (actor, locale, CSRF)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ic2permed.core.accounts.security import Signer
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.errors import Forbidden, Unauthorized
from ic2permed.core.http.session import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    remembered_actor,
    request_locale,
    resolve_actor,
)
from ic2permed.core.http.state import app_state
from ic2permed.core.permissions import Actor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MACHINE_PREFIXES = ("/api/", "/beacon/api")  # called by programs, not by forms on our pages


def get_settings(request: Request) -> Settings:
    return app_state(request.app).settings


def get_database(request: Request) -> Database:
    return app_state(request.app).database


def get_signer(request: Request) -> Signer:
    return app_state(request.app).signer


def db_session(request: Request) -> Iterator[Session]:
    with get_database(request).session() as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]


@dataclass(frozen=True)
class RequestContext:
    actor: Actor
    locale: str
    auth: str
    csrf_token: str


def csrf_nonce(request: Request) -> str:
    nonce: str = getattr(request.state, "csrf_nonce", "") or request.cookies.get(CSRF_COOKIE, "")
    return nonce


async def csrf_guard(request: Request) -> None:
    """Unsafe requests from a browser (pages, or API calls riding on the session cookie) need a token."""
    if request.method in SAFE_METHODS:
        return
    is_api = request.url.path.startswith(MACHINE_PREFIXES)
    if is_api and SESSION_COOKIE not in request.cookies:
        return
    if is_api and request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if not submitted and (
        content_type.startswith("application/x-www-form-urlencoded") or content_type.startswith("multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not get_signer(request).csrf_valid(request.cookies.get(CSRF_COOKIE), submitted):
        raise Forbidden("The form has expired or did not come from this site (CSRF check failed).")


def request_context(request: Request, session: DbSession) -> RequestContext:
    settings = get_settings(request)
    locale = request_locale(request, settings.default_locale)
    actor, auth = resolve_actor(request, session, get_signer(request), settings.session_max_age, locale)
    return _context(request, actor, auth, locale)


def remembered_context(request: Request) -> RequestContext | None:
    """The request context without the database when that is possible (anonymous, or a token checked in
    the last seconds), else None: then `request_context` reads it, in a worker thread."""
    locale = request_locale(request, get_settings(request).default_locale)
    found = remembered_actor(request, locale)
    return _context(request, *found, locale) if found is not None else None


def _context(request: Request, actor: Actor, auth: str, locale: str) -> RequestContext:
    request.state.actor = actor
    csrf_token = get_signer(request).csrf_token(csrf_nonce(request))
    return RequestContext(actor=actor, locale=locale, auth=auth, csrf_token=csrf_token)


Context = Annotated[RequestContext, Depends(request_context)]


def current_actor(ctx: Context) -> Actor:
    return ctx.actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def authenticated_actor(ctx: Context) -> Actor:
    """The actor, or 401 before the request body is even validated (FastAPI solves dependencies first)."""
    if not ctx.actor.is_authenticated:
        raise Unauthorized("Log in or send an API token.")
    return ctx.actor


AuthenticatedActor = Annotated[Actor, Depends(authenticated_actor)]
