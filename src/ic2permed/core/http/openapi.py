"""What the OpenAPI document says about errors: every API router lists the problem+json answers it gives."""

from __future__ import annotations

from typing import Any

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}, "row": {"type": "integer"}},
            },
        },
    },
}

DESCRIPTIONS = {
    400: "Bad request",
    401: "Not logged in (session cookie) and no valid `Authorization: Bearer` token",
    403: "Logged in, but the role does not allow this (or the CSRF check failed)",
    404: "No such item",
    409: "Conflicts with the current state",
    413: "Upload larger than allowed",
    422: "Invalid input; `errors` names each field (and row, for imports)",
    429: "Too many requests; see `Retry-After`",
    503: "Temporarily unavailable (e.g. the database is busy); see `Retry-After`",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a router or route: each code answered as application/problem+json."""
    return {
        code: {"description": DESCRIPTIONS[code], "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
        for code in codes
    }


READ_ERRORS = (404, 422, 503)
WRITE_ERRORS = (401, 403, 404, 409, 422, 503)
