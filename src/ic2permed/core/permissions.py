"""Roles, permissions and the acting user: the one place where who-may-do-what is decided."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ic2permed.core.errors import Forbidden, Unauthorized


class Role(StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    COORDINATOR = "coordinator"
    EXPERT = "expert"
    RESEARCHER = "researcher"
    BIOBANK_MANAGER = "biobank_manager"
    REVIEWER = "reviewer"  # the platform's access committee


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_NODES = "manage_nodes"
    CURATE_LANDSCAPE = "curate_landscape"
    CURATE_BIOBANKS = "curate_biobanks"
    MANAGE_OWN_BIOBANK = "manage_own_biobank"
    CURATE_STAKEHOLDERS = "curate_stakeholders"
    COORDINATE_GROUPS = "coordinate_groups"
    INVITE_EXPERTS = "invite_experts"
    TAKE_PART_IN_DELPHI = "take_part_in_delphi"
    DRAFT_ACCESS_REQUEST = "draft_access_request"
    REVIEW_ACCESS_REQUEST = "review_access_request"  # every request (the access committee)
    ANSWER_OWN_ACCESS_REQUEST = "answer_own_access_request"  # only requests for one's own biobanks' collections
    SAVE_QUERIES = "save_queries"
    MANAGE_OWN_TOKENS = "manage_own_tokens"


_EVERY_USER = {Permission.MANAGE_OWN_TOKENS, Permission.SAVE_QUERIES}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CURATOR: frozenset(
        {
            Permission.CURATE_LANDSCAPE,
            Permission.CURATE_BIOBANKS,
            Permission.CURATE_STAKEHOLDERS,
            Permission.VIEW_AUDIT,
            *_EVERY_USER,
        }
    ),
    Role.COORDINATOR: frozenset(
        {Permission.COORDINATE_GROUPS, Permission.INVITE_EXPERTS, Permission.TAKE_PART_IN_DELPHI, *_EVERY_USER}
    ),
    Role.EXPERT: frozenset({Permission.TAKE_PART_IN_DELPHI, *_EVERY_USER}),
    Role.RESEARCHER: frozenset({Permission.DRAFT_ACCESS_REQUEST, *_EVERY_USER}),
    Role.BIOBANK_MANAGER: frozenset(
        {Permission.MANAGE_OWN_BIOBANK, Permission.ANSWER_OWN_ACCESS_REQUEST, *_EVERY_USER}
    ),
    Role.REVIEWER: frozenset({Permission.REVIEW_ACCESS_REQUEST, *_EVERY_USER}),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: passed into every service call instead of living in a global."""

    id: int | None
    username: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    region: str | None = None
    locale: str = "en"

    @classmethod
    def anonymous(cls, locale: str = "en") -> Actor:
        return cls(id=None, username="anonymous", locale=locale)

    @classmethod
    def system(cls) -> Actor:
        return cls(id=None, username="system", roles=frozenset({Role.ADMIN}))

    @property
    def is_authenticated(self) -> bool:
        return self.id is not None

    @property
    def permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set()
        for role in self.roles:
            granted |= GRANTS[role]
        return frozenset(granted)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if self.can(permission):
            return
        if not self.is_authenticated and self.username != "system":
            raise Unauthorized(f"Log in to {permission.value.replace('_', ' ')}.")
        raise Forbidden(f"Your role does not allow: {permission.value.replace('_', ' ')}.")
