"""HTML pages of the biobanks section."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ic2permed.core.http.deps import Context
from ic2permed.core.http.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/biobanks")
def index(request: Request, ctx: Context) -> Response:
    return render(request, ctx, "biobanks/index.html")
