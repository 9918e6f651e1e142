"""Cookie names and the per-request identity: bearer token, session cookie or anonymous."""

from __future__ import annotations

import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.security import Signer
from ic2permed.core.errors import Unauthorized
from ic2permed.core.i18n import LOCALES, negotiate
from ic2permed.core.permissions import Actor

SESSION_COOKIE = "ic2permed_session"
CSRF_COOKIE = "ic2permed_csrf"
LANG_COOKIE = "ic2permed_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def request_locale(request: Request, default: str) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LOCALES:
        return str(chosen)
    return negotiate(request.headers.get("accept-language"), default)


def resolve_actor(request: Request, session: Session, signer: Signer, max_age: int, locale: str) -> tuple[Actor, str]:
    """Return the actor and how they authenticated ('token', 'session' or 'anonymous')."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_by_token(session, header[7:].strip())
        return accounts.actor_for(user, locale), "token"
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
