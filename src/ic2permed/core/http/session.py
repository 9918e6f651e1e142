"""Cookie names and the per-request identity: bearer token, session cookie or anonymous."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from sqlalchemy.orm import Session

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.security import Signer
from ic2permed.core.errors import Unauthorized
from ic2permed.core.http.proxy import is_https
from ic2permed.core.i18n import LOCALES, negotiate
from ic2permed.core.permissions import Actor

SESSION_COOKIE = "ic2permed_session"
CSRF_COOKIE = "ic2permed_csrf"
LANG_COOKIE = "ic2permed_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
DEVICE_COOKIE = "ic2permed_device"
YEAR = 365 * 24 * 3600


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int, httponly: bool = True
) -> None:
    """Every cookie the same way: SameSite=Lax, HttpOnly unless a script needs it, Secure over HTTPS."""
    settings = request.app.state.settings
    response.set_cookie(
        name, value, max_age=max_age, httponly=httponly, samesite="lax", secure=is_https(request, settings)
    )


def delete_cookie(response: Response, request: Request, name: str) -> None:
    settings = request.app.state.settings
    response.delete_cookie(name, httponly=True, samesite="lax", secure=is_https(request, settings))


def device_cookie(signer: Signer, username: str) -> str:
    """Marks a browser that logged in to this account before (exempt from the account-wide lockout)."""
    return f"{username}:{signer.sign(b'device:' + username.lower().encode('utf-8'))}"


def is_known_device(request: Request, signer: Signer, username: str) -> bool:
    raw = request.cookies.get(DEVICE_COOKIE, "")
    return bool(username) and hmac.compare_digest(raw.encode("utf-8"), device_cookie(signer, username).encode("utf-8"))


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def request_locale(request: Request, default: str) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LOCALES:
        return str(chosen)
    return negotiate(request.headers.get("accept-language"), default)


def _bearer(request: Request) -> tuple[str | None, str]:
    """The API token of an ``Authorization: Bearer`` header (else None), and the header as sent."""
    header = request.headers.get("authorization", "")
    return (header[7:].strip() if header.lower().startswith("bearer ") else None), header


def remembered_actor(request: Request, locale: str) -> tuple[Actor, str] | None:
    """As `resolve_actor` without the database: an anonymous request, or a token this worker checked in
    the last seconds (`accounts.remembered_actor`); None when the database must be asked."""
    token, header = _bearer(request)
    if token is not None:
        actor = accounts.remembered_actor(token, locale)
        return (actor, "token") if actor is not None else None
    if header or request.cookies.get(SESSION_COOKIE):
        return None
    return Actor.anonymous(locale), "anonymous"


def resolve_actor(request: Request, session: Session, signer: Signer, max_age: int, locale: str) -> tuple[Actor, str]:
    """Return the actor and how they authenticated ('token', 'session' or 'anonymous')."""
    token, header = _bearer(request)
    if token is not None:
        return accounts.actor_by_token(session, token, locale), "token"
    if header:
        raise Unauthorized("Use 'Authorization: Bearer <token>'.")
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        data = signer.load_session(raw, max_age)
        if data and isinstance(data.get("uid"), int):
            known = accounts.user_by_session(session, data["uid"], int(data.get("ep", 0)))
            if known is not None:
                return accounts.actor_for(known, locale), "session"
    return Actor.anonymous(locale), "anonymous"
