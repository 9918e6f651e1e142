"""Render a page with the shared layout's context (actor, navigation, CSRF token, language)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ic2permed.core.http.deps import RequestContext
from ic2permed.core.http.templating import Templates
from ic2permed.core.i18n import LOCALES


def render(
    request: Request, ctx: RequestContext, template: str, status_code: int = 200, **data: Any
) -> HTMLResponse:
    templates: Templates = request.app.state.templates
    context: dict[str, Any] = {
        "request": request,
        "actor": ctx.actor,
        "csrf_token": ctx.csrf_token,
        "nav": request.app.state.nav,
        "path": request.url.path,
        "locales": LOCALES,
        "version": request.app.version,
        **data,
    }
    html = templates.render(ctx.locale, template, context)
    return HTMLResponse(html, status_code=status_code, headers={"Content-Language": ctx.locale})
