"""Domain errors raised by services and mapped once per surface (API, pages, CLI, Beacon)."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_REPORTED_ERRORS = 100
"""An error (e.g. an import report) lists at most this many problems, then counts the rest."""


@dataclass
class FieldError:
    field: str
    message: str
    row: int | None = None

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"field": self.field, "message": self.message}
        if self.row is not None:
            data["row"] = self.row
        return data


@dataclass
class DomainError(Exception):
    detail: str
    errors: list[FieldError] = field(default_factory=list)

    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __post_init__(self) -> None:
        """Cap the list, so a file of junk yields a short report instead of megabytes of errors."""
        if len(self.errors) > MAX_REPORTED_ERRORS:
            rest = len(self.errors) - MAX_REPORTED_ERRORS
            note = FieldError("file", f"{rest} more problem(s) not listed; fix the ones above first")
            self.errors = [*self.errors[:MAX_REPORTED_ERRORS], note]

    def __str__(self) -> str:
        if not self.errors:
            return self.detail
        first = self.errors[0]
        where = f"row {first.row}: " if first.row is not None else ""
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return f"{self.detail}: {where}{first.field}: {first.message}{more}"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    slug = "not-found"


class Unauthorized(DomainError):
    status = 401
    title = "Authentication required"
    slug = "unauthorized"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class InvalidTransition(DomainError):
    status = 409
    title = "Invalid transition"
    slug = "invalid-transition"


class ValidationFailed(DomainError):
    status = 422
    title = "Validation failed"
    slug = "validation-failed"


class PayloadTooLarge(DomainError):
    status = 413
    title = "Payload too large"
    slug = "payload-too-large"


class ServiceUnavailable(DomainError):
    """A temporary condition (e.g. the database is busy); the client may retry after `retry_after` s."""

    status = 503
    title = "Service unavailable"
    slug = "service-unavailable"
    retry_after = 2


class TooManyRequests(DomainError):
    status = 429
    title = "Too many requests"
    slug = "too-many-requests"
    retry_after = 60
