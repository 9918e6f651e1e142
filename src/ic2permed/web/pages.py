"""Shared pages: home, login/logout, language switch, the account page and the admin audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.models import User
from ic2permed.core.accounts.schemas import TokenCreate, UserCreate
from ic2permed.core.accounts.security import verify_password_off_loop
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.bounds import MAX_OFFSET
from ic2permed.core.errors import Conflict, DomainError, ValidationFailed
from ic2permed.core.http import apidocs
from ic2permed.core.http.deps import Context, DbSession, get_settings, get_signer
from ic2permed.core.http.proxy import client_address
from ic2permed.core.http.redirects import same_site
from ic2permed.core.http.rendering import render
from ic2permed.core.http.session import (
    CSRF_COOKIE,
    DEVICE_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    YEAR,
    delete_cookie,
    device_cookie,
    is_known_device,
    new_nonce,
    set_cookie,
)
from ic2permed.core.http.state import app_state
from ic2permed.core.i18n import LOCALES, N_
from ic2permed.core.permissions import Permission, Role
from ic2permed.domains import all_domains

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, ctx: Context, session: DbSession) -> Response:
    """One card per part of the platform, saying what it holds and how much (each domain counts its own)."""
    cards = [(card, card.figures(session) if card.figures else ()) for domain in all_domains() for card in domain.home]
    return render(request, ctx, "home.html", cards=cards)


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
    return render(request, ctx, "login.html", next=same_site(next), error=None, username="")


@router.post("/login")
async def login(
    request: Request,
    ctx: Context,
    session: DbSession,
    username: Annotated[str, Form(max_length=256)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Throttled per account and address (core/accounts/throttle.py); the hash is checked off the event loop."""
    settings = get_settings(request)
    signer = get_signer(request)
    throttle = app_state(request.app).login_throttle
    address = client_address(request, settings)
    known = is_known_device(request, signer, username)
    wait = await run_in_threadpool(throttle.retry_after, username, address, known)  # the counts are in the database
    if wait:
        response = render(
            request, ctx, "login.html", status_code=429, next=same_site(next), error="throttled", username=username
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = await run_in_threadpool(_login_candidate, session, username)
    if not await verify_password_off_loop(user.password_hash if user else None, password) or user is None:
        await run_in_threadpool(throttle.failed, username, address)
        return render(
            request, ctx, "login.html", status_code=401, next=same_site(next), error="wrong", username=username
        )
    await run_in_threadpool(throttle.succeeded, username, address)
    redirect = RedirectResponse(same_site(next), status_code=303)
    cookie = signer.dump_session({"uid": user.id, "ep": user.session_epoch})
    set_cookie(redirect, request, SESSION_COOKIE, cookie, settings.session_max_age)
    set_cookie(redirect, request, CSRF_COOKIE, new_nonce(), YEAR)
    set_cookie(redirect, request, DEVICE_COOKIE, device_cookie(signer, user.username), YEAR)
    if user.locale in LOCALES:
        set_cookie(redirect, request, LANG_COOKIE, user.locale, YEAR, httponly=False)
    return redirect


def _login_candidate(session: Session, username: str) -> User | None:
    """Read the user, then give the connection back: a slow password check must not hold a pool slot."""
    try:
        return accounts.login_candidate(session, username)
    finally:
        session.close()  # detaches the (fully loaded) user; nothing else uses this session


@router.post("/logout")
def logout(request: Request, ctx: Context, session: DbSession) -> Response:
    """Ends the session on the server too, so a copied cookie is useless after logout."""
    accounts.logout(session, ctx.actor)
    response = RedirectResponse("/", status_code=303)
    delete_cookie(response, request, SESSION_COOKIE)
    set_cookie(response, request, CSRF_COOKIE, new_nonce(), YEAR)
    return response


@router.post("/language")
def set_language(
    request: Request,
    ctx: Context,
    session: DbSession,
    locale: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    chosen = locale if locale in LOCALES else "en"
    accounts.set_locale(session, ctx.actor, chosen)
    response = RedirectResponse(same_site(next), status_code=303)
    set_cookie(response, request, LANG_COOKIE, chosen, YEAR, httponly=False)
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
    page: Annotated[int, Query(ge=1, le=MAX_OFFSET // 50)] = 1,
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


USER_ERRORS = {
    "taken": N_("That username is taken."),
    "username": N_("A username has 3 to 64 letters, digits, or the characters _ . -"),
    "password": N_("A password needs at least 10 characters, and more than a few different ones."),
    "roles": N_("Choose at least one role."),
    "own_admin": N_("You cannot remove your own admin role."),
    "own_account": N_("You cannot deactivate your own account."),
}
Roles = Annotated[list[str] | None, Form()]


def _users_page(request: Request, ctx: Context, session: Session, status_code: int = 200, **shown: object) -> Response:
    """The admin's user list with its forms; `shown` carries a one-time password or an error to show once."""
    users = accounts.list_users(session, ctx.actor)
    data: dict[str, object] = {"error": None, "error_user": None, "made": None, "form": {}, "saved": None}
    data.update(shown)
    return render(request, ctx, "users.html", status_code=status_code, users=users, roles=list(Role), **data)


def _user_error(exc: ValidationError | DomainError) -> str:
    """The one translated line for what went wrong in a user form (the service's words are English)."""
    if isinstance(exc, ValidationError):
        fields = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        return USER_ERRORS[next((f for f in ("username", "password", "roles") if f in fields), "username")]
    if isinstance(exc, Conflict):
        return USER_ERRORS["taken"]
    error = exc.errors[0] if exc.errors else None
    if error is None:
        raise exc
    if error.field == "roles":
        return USER_ERRORS["own_admin" if "own" in error.message else "roles"]
    if error.field == "username":
        return USER_ERRORS["own_account"]
    return USER_ERRORS["password"] if error.field == "password" else USER_ERRORS["username"]


def _roles(values: list[str]) -> list[Role]:
    return [Role(v) for v in values if v in Role.__members__.values()]


@router.get("/admin/users")
def users_page(request: Request, ctx: Context, session: DbSession, saved: str | None = None) -> Response:
    return _users_page(request, ctx, session, saved=saved)


@router.post("/admin/users")
def users_create(
    request: Request,
    ctx: Context,
    session: DbSession,
    username: Annotated[str, Form(max_length=256)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    roles: Roles = None,
) -> Response:
    """Create an account; with no password given, make one and show it once (only its hash is kept)."""
    ctx.actor.require(Permission.MANAGE_USERS)
    made = None if password else accounts.one_time_password()
    form = {"username": username, "display_name": display_name, "roles": roles or []}
    try:
        data = UserCreate(
            username=username, display_name=display_name, password=password or made or "", roles=_roles(roles or [])
        )
        created = accounts.create_user(session, ctx.actor, data)
    except (ValidationError, ValidationFailed, Conflict) as exc:
        return _users_page(request, ctx, session, status_code=422, error=_user_error(exc), form=form)
    return _users_page(request, ctx, session, made=made, saved=created.username)


@router.post("/admin/users/{username}/roles")
def users_set_roles(request: Request, ctx: Context, session: DbSession, username: str, roles: Roles = None) -> Response:
    try:
        accounts.set_roles(session, ctx.actor, username, _roles(roles or []))
    except ValidationFailed as exc:
        return _users_page(request, ctx, session, status_code=422, error=_user_error(exc), error_user=username)
    return RedirectResponse("/admin/users?" + urlencode({"saved": username}), status_code=303)


@router.post("/admin/users/{username}/active")
def users_set_active(
    request: Request, ctx: Context, session: DbSession, username: str, active: Annotated[bool, Form()]
) -> Response:
    try:
        accounts.set_active(session, ctx.actor, username, active)
    except ValidationFailed as exc:
        return _users_page(request, ctx, session, status_code=422, error=_user_error(exc), error_user=username)
    return RedirectResponse("/admin/users?" + urlencode({"saved": username}), status_code=303)


@router.post("/admin/users/{username}/password")
def users_reset_password(
    request: Request,
    ctx: Context,
    session: DbSession,
    username: str,
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """Set the password the admin typed, or make one and show it once; the user's sessions end either way."""
    try:
        made = accounts.reset_password(session, ctx.actor, username, password or None)
    except ValidationFailed as exc:
        return _users_page(request, ctx, session, status_code=422, error=_user_error(exc), error_user=username)
    return _users_page(request, ctx, session, made=made, saved=username)
