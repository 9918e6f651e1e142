"""Map errors once: problem+json under /api, a friendly translated page elsewhere."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ic2permed.core.database import translate_error
from ic2permed.core.errors import DomainError, FieldError, Unauthorized
from ic2permed.core.http.deps import RequestContext, csrf_nonce
from ic2permed.core.http.rendering import render
from ic2permed.core.http.session import request_locale, resolve_actor
from ic2permed.core.http.state import app_state
from ic2permed.core.i18n import HTML_LANG, LOCALES, N_
from ic2permed.core.messages import translate
from ic2permed.core.permissions import Actor

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TITLES = {
    400: N_("Bad request"),
    401: N_("Authentication required"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Payload too large"),
    422: N_("Validation failed"),
    429: N_("Too many requests"),
    500: N_("Internal server error"),
    503: N_("Service unavailable"),
}


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """RFC 9457 problem; `detail` and field messages in the client's language (Accept-Language or cookie)."""
    locale = _locale(request)
    body: dict[str, Any] = {
        "type": f"/problems/{slug or title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": translate(locale, detail),
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = [_translated(e, locale).as_dict() for e in errors]
    headers = dict(headers or {})
    headers["Content-Language"] = HTML_LANG.get(locale, "en")
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _locale(request: Request) -> str:
    locale = request_locale(request, app_state(request.app).settings.default_locale)
    return locale if locale in LOCALES else "en"


def _translated(error: FieldError, locale: str) -> FieldError:
    return FieldError(error.field, translate(locale, error.message), error.row)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _page(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
) -> Response:
    """The error page, in the reader's language down to the service's own message and each field's."""
    state = app_state(request.app)
    locale = _locale(request)
    actor = getattr(request.state, "actor", None) or Actor.anonymous(locale)
    signer = state.signer
    ctx = RequestContext(
        actor=actor,
        locale=locale,
        auth="",
        csrf_token=signer.csrf_token(csrf_nonce(request)),
    )
    response = render(
        request,
        ctx,
        "error.html",
        status_code=status,
        status=status,
        title=TITLES.get(status, "Error"),
        detail=translate(locale, detail),
        errors=[_translated(e, locale) for e in errors or []],
    )
    response.headers.update(headers or {})
    return response


async def on_domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    retry_after = getattr(exc, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if _is_api(request):
        return problem(request, exc.status, exc.title, exc.detail, exc.errors, exc.slug, headers)
    if isinstance(exc, Unauthorized) and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return _page(request, exc.status, exc.detail, headers, exc.errors)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form")]
        errors.append(FieldError(".".join(loc) or "request", str(err.get("msg", "invalid"))))
    if _is_api(request):
        return problem(request, 422, "Validation failed", "The request has invalid fields.", errors)
    return _page(request, 422, "The request has invalid fields.", errors=errors)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    title = TITLES.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    if detail.casefold() == title.casefold():  # Starlette's own phrase ("Not Found"): the catalogue's title instead
        detail = title
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    if _is_api(request):
        return problem(request, exc.status_code, title, detail, headers=headers)
    await _remember_actor(request)
    return _page(request, exc.status_code, detail, headers)


async def _remember_actor(request: Request) -> None:
    """A path no route matched ran no dependency: find who is logged in, so the page header stays theirs."""
    if getattr(request.state, "actor", None) is not None:
        return
    state = app_state(request.app)
    locale = request_locale(request, state.settings.default_locale)

    def resolve() -> Actor:
        with state.database.session() as session:
            actor, _auth = resolve_actor(request, session, state.signer, state.settings.session_max_age, locale)
            return actor

    try:
        request.state.actor = await run_in_threadpool(resolve)
    except Exception:  # an error page must render even when the database cannot answer
        log.debug("no actor for the error page", exc_info=True)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route offers for this path (Starlette names only the first route's)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def on_database_error(request: Request, exc: Exception) -> Response:
    """Database failures become a 4xx/503 without SQL or parameters (they may hold secrets)."""
    translated = translate_error(exc)
    if translated is None:
        return await on_unexpected(request, exc)
    log.warning("Database error on %s: %s", request.url.path, type(exc).__name__)
    return await on_domain_error(request, translated)


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("Unhandled error on %s", request.url.path, exc_info=exc)
    detail = "Something went wrong on our side; it has been logged."
    if _is_api(request):
        return problem(request, 500, "Internal server error", detail)
    return _page(request, 500, detail)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(SQLAlchemyError, on_database_error)
    app.add_exception_handler(OverflowError, on_database_error)
    app.add_exception_handler(Exception, on_unexpected)
