"""The app factory: build one configured FastAPI app; nothing is created at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import Depends, FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ic2permed import __version__
from ic2permed.core.accounts.throttle import DatabaseFailures, LoginThrottle
from ic2permed.core.bounds import MAX_UPLOAD_BYTES
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.http import apidocs
from ic2permed.core.http.deps import csrf_guard
from ic2permed.core.http.proxy import is_https
from ic2permed.core.http.session import CSRF_COOKIE, YEAR, new_nonce, set_cookie
from ic2permed.core.http.state import AppState, app_state
from ic2permed.core.http.telemetry import fastapi_telemetry
from ic2permed.core.http.templating import Templates
from ic2permed.core.secrets import secret_key
from ic2permed.domains import all_domains, nav_entries
from ic2permed.web import api, errors, health, links, pages

API_PREFIX = "/api/v1"


def create_app(settings: Settings, database: Database | None = None) -> FastAPI:
    db = database or Database(settings.effective_database_url)
    owns_db = database is None

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        yield
        for domain in all_domains():
            if domain.shutdown is not None:
                await domain.shutdown(app_state(running))
        if owns_db:
            db.dispose()

    app = FastAPI(
        title="IC2PerMed",
        version=__version__,
        description="EU–China collaboration platform for Personalised Medicine.",
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        dependencies=[Depends(csrf_guard)],
        lifespan=lifespan,
        telemetry=fastapi_telemetry(settings.telemetry),
    )
    domains = all_domains()
    app.state = AppState(
        settings=settings,
        database=db,
        secret_key=secret_key(settings),
        templates=Templates(["ic2permed.web", *[t for d in domains for t in d.templates]]),
        nav=tuple(nav_entries()),
        login_throttle=LoginThrottle(store=DatabaseFailures(db)),  # shared by every worker
    )
    # Pages of one domain link to another's without importing it: the link is composed here.
    app.state.templates.add_global("organisation_url", links.organisation_url)
    app.state.related.update(links.FINDERS)

    errors.install(app)
    app.add_middleware(CsrfCookieAndHeaders)
    apidocs.mount_assets(app)
    app.mount("/static", StaticFiles(directory=str(files("ic2permed.web") / "static")), "static")

    app.include_router(health.router)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    for domain in domains:
        if domain.api is not None:
            app.include_router(domain.api, prefix=API_PREFIX)
        if domain.pages is not None:
            app.include_router(domain.pages)
        for router in domain.routers:
            app.include_router(router)
    return app


class CsrfCookieAndHeaders:
    """Give every browser a CSRF nonce cookie and set the security headers once.

    Plain ASGI: Starlette's ``BaseHTTPMiddleware`` (``@app.middleware``) runs every request through an extra
    task and memory stream, which showed in the hub's profile under load (issue 15)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:  # refused before anything reads the body
            refusal = errors.problem(
                request, 413, "Payload too large", f"Requests are limited to {MAX_REQUEST_BYTES} bytes."
            )
            await refusal(scope, receive, send)
            return
        fresh = None
        if not request.cookies.get(CSRF_COOKIE):
            fresh = new_nonce()
            request.state.csrf_nonce = fresh
        https = is_https(request, app_state(request.app).settings)
        policy = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if fresh:
                    carrier = Response()
                    set_cookie(carrier, request, CSRF_COOKIE, fresh, YEAR)
                    headers.append("set-cookie", carrier.headers["set-cookie"])
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Content-Security-Policy", policy)
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)


MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 100_000
"""Any request body: the largest upload plus room for the multipart envelope."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""No inline or foreign scripts anywhere. Inline styles stay allowed only because matplotlib's SVG charts,
embedded in report pages, carry `style` attributes; CSS cannot run code."""

DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
"""Swagger UI's page starts itself with one inline script; only /docs gets this exemption."""

HSTS = "max-age=31536000"
"""Sent only over HTTPS (directly or via a trusted proxy): a browser then refuses plain HTTP for a year."""
