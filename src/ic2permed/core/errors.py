"""Domain errors raised by services and mapped once per surface (API, pages, CLI, Beacon)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
