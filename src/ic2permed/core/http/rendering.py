"""Render a page with the shared layout's context (actor, navigation, CSRF token, language)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ic2permed.core.http.deps import RequestContext
from ic2permed.core.http.state import app_state
from ic2permed.core.i18n import LOCALES


def page_context(request: Request, ctx: RequestContext, **data: Any) -> dict[str, Any]:
    """What every page template gets: the shared layout's needs plus the page's own data."""
    return {
        "request": request,
        "actor": ctx.actor,
        "csrf_token": ctx.csrf_token,
        "nav": app_state(request.app).nav,
        "path": request.url.path,
        "locales": LOCALES,
        "version": request.app.version,
        **data,
    }


def render(request: Request, ctx: RequestContext, template: str, status_code: int = 200, **data: Any) -> HTMLResponse:
    html = app_state(request.app).templates.render(ctx.locale, template, page_context(request, ctx, **data))
    return HTMLResponse(html, status_code=status_code, headers={"Content-Language": ctx.locale})
