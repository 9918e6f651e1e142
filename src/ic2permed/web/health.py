from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ic2permed import __version__
from ic2permed.core.http.state import app_state

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database reachability")
def healthz(request: Request) -> JSONResponse:
    database = app_state(request.app).database
    body: dict[str, Any] = {"status": "ok", "database": database.dialect, "version": __version__}
    try:
        database.ping()
    except Exception as exc:  # any driver error means "unreachable" to a load balancer
        body.update(status="unavailable", reason=f"database unreachable: {type(exc).__name__}: {exc}"[:300])
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)
