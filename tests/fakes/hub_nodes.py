"""Fake Beacon v2 nodes for hub tests: answer with a fixed count, slowly, with an error, or refuse."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ic2permed.core.errors import Unauthorized
from ic2permed.federation import signing


def fake_node(
    count: int = 0,
    strata: dict[str, dict[str, int]] | None = None,
    delay: float = 0.0,
    status: int = 200,
    precision: str = "rounded",
    secret: str | None = None,
    gate: threading.Event | None = None,
) -> FastAPI:
    """A node whose /api/individuals answers every POST the same way; it records what it was sent.

    With a `gate`, it answers only once the test opens it, so a test orders answers without timing them.
    """
    app = FastAPI()
    app.state.requests = []

    @app.post("/api/biosamples")
    @app.post("/api/individuals")
    async def individuals(request: Request) -> JSONResponse:
        raw = await request.body()
        app.state.requests.append({"headers": dict(request.headers), "body": await request.json()})
        if delay:
            await asyncio.sleep(delay)
        if gate is not None:
            await asyncio.to_thread(gate.wait, 30)
        if secret is not None and not _trusted(secret, request, raw):
            return JSONResponse(_error(403, "request not signed by a trusted hub"), status_code=403)
        if status != 200:
            return JSONResponse(_error(status, "node failure"), status_code=status)
        return JSONResponse(
            {
                "meta": {
                    "beaconId": "org.example.fake",
                    "apiVersion": "v2.0",
                    "returnedGranularity": "count",
                    "receivedRequestSummary": {},
                    "returnedSchemas": [],
                },
                "responseSummary": {"exists": count > 0, "numTotalResults": count * _per(request)},
                "info": {"countPrecision": precision, **_strata(strata, await request.json())},
            }
        )

    return app


def _trusted(secret: str, request: Request, raw: bytes) -> bool:
    hubs = {"ic2permed-hub": signing.TrustedHub("ic2permed-hub", secret), "hub": signing.TrustedHub("hub", secret)}
    try:
        return signing.verify(hubs, dict(request.headers), "POST", request.url.path, raw) is not None
    except Unauthorized:
        return False


def _strata(strata: dict[str, dict[str, int]] | None, body: Any) -> dict[str, Any]:
    wanted = (
        ((body.get("query") or {}).get("requestParameters") or {}).get("stratify") if isinstance(body, dict) else None
    )
    if not strata or not wanted:
        return {}
    return {
        "strata": {
            name: {v: {"count": c, "countPrecision": "rounded"} for v, c in strata[name].items()}
            for name in wanted
            if name in strata
        }
    }


def _per(request: Request) -> int:
    """Three samples per donor, so biosample counts differ from individual counts."""
    return 3 if request.url.path.endswith("/biosamples") else 1


def _error(code: int, message: str) -> dict[str, Any]:
    return {
        "meta": {"beaconId": "org.example.fake", "apiVersion": "v2.0", "returnedSchemas": []},
        "error": {"errorCode": code, "errorMessage": message},
    }
