"""Shared pages: home, login/logout, language switch, the account page and the admin audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.errors import Unauthorized
from ic2permed.core.http import apidocs
from ic2permed.core.http.deps import Context, DbSession, get_settings, get_signer
from ic2permed.core.http.rendering import render
from ic2permed.core.http.session import CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, new_nonce
from ic2permed.core.i18n import LOCALES
from ic2permed.core.permissions import Permission

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a crafted link cannot bounce a user elsewhere after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/")
def home(request: Request, ctx: Context) -> Response:
    return render(request, ctx, "home.html")


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; send them to the one icon."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/docs")
def docs(request: Request, ctx: Context) -> Response:
    """The API explorer in the site's layout (Swagger UI 5 reads the OpenAPI 3.1 document)."""
    return render(request, ctx, "docs.html", openapi_url=request.app.openapi_url, assets=apidocs.ASSETS)


@router.get("/login")
def login_form(request: Request, ctx: Context, next: str = "/") -> Response:
    return render(request, ctx, "login.html", next=_safe_next(next), error=None, username="")


@router.post("/login")
def login(
    request: Request,
    ctx: Context,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = accounts.authenticate(session, username, password)
    except Unauthorized:
        return render(
            request,
            ctx,
            "login.html",
            status_code=401,
            next=_safe_next(next),
            error=True,
            username=username,
        )
    settings = get_settings(request)
    response = RedirectResponse(_safe_next(next), status_code=303)
    cookie = get_signer(request).dump_session({"uid": user.id, "ep": user.session_epoch})
    response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", max_age=settings.session_max_age)
    response.set_cookie(CSRF_COOKIE, new_nonce(), httponly=True, samesite="lax", max_age=YEAR)
    if user.locale in LOCALES:
        response.set_cookie(LANG_COOKIE, user.locale, samesite="lax", max_age=YEAR)
    return response


@router.post("/logout")
def logout(ctx: Context) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.set_cookie(CSRF_COOKIE, new_nonce(), httponly=True, samesite="lax", max_age=YEAR)
    return response


@router.post("/language")
def set_language(
    ctx: Context,
    session: DbSession,
    locale: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    chosen = locale if locale in LOCALES else "en"
    accounts.set_locale(session, ctx.actor, chosen)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, chosen, samesite="lax", max_age=YEAR)
    return response


@router.get("/account")
def account(request: Request, ctx: Context, session: DbSession) -> Response:
    profile = accounts.profile(session, ctx.actor)
    tokens = accounts.list_tokens(session, ctx.actor)
    return render(request, ctx, "account.html", profile=profile, tokens=tokens, new_token=None)


@router.post("/account/tokens")
def create_token(
    request: Request,
    ctx: Context,
    session: DbSession,
    label: Annotated[str, Form(min_length=1, max_length=100)],
    expires_days: Annotated[int | None, Form(ge=1, le=3650)] = None,
) -> Response:
    created = accounts.create_token(session, ctx.actor, TokenCreate(label=label, expires_days=expires_days))
    profile = accounts.profile(session, ctx.actor)
    tokens = accounts.list_tokens(session, ctx.actor)
    return render(request, ctx, "account.html", profile=profile, tokens=tokens, new_token=created)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, ctx: Context, session: DbSession) -> Response:
    accounts.revoke_token(session, ctx.actor, token_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/admin/audit")
def audit_page(
    request: Request,
    ctx: Context,
    session: DbSession,
    user: str | None = None,
    action: str | None = None,
    entity_type: str | None = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    ctx.actor.require(Permission.VIEW_AUDIT)
    filters = AuditFilter(
        actor=user or None,
        action=action or None,
        entity_type=entity_type or None,
        since=datetime.combine(since, time.min, UTC) if since else None,
        until=datetime.combine(until, time.max, UTC) if until else None,
    )
    per_page = 50
    result = audit.list_entries(session, ctx.actor, filters, (page - 1) * per_page, per_page)
    query = {k: v for k, v in {"user": user, "action": action, "entity_type": entity_type}.items() if v}
    return render(
        request,
        ctx,
        "audit.html",
        result=result,
        filters=filters,
        page=page,
        pages=max(1, -(-result.total // per_page)),
        csv_query=urlencode(query),
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
    )


@router.get("/admin/users")
def users_page(request: Request, ctx: Context, session: DbSession) -> Response:
    users = accounts.list_users(session, ctx.actor)
    return render(request, ctx, "users.html", users=users)
