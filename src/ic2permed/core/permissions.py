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


# Curators do not get VIEW_AUDIT, deliberately: the audit log also records account administration
# (users, roles, tokens, password changes, logouts) and every domain's changes. What a curator needs,
# the change history of the items they curate, is shown on each item's page (audit.history).

MEANING: dict[Permission, str] = {
    Permission.MANAGE_USERS: "create users, set roles and passwords, manage anyone's tokens",
    Permission.VIEW_AUDIT: "read and export the whole audit log",
    Permission.MANAGE_NODES: "register and configure federation nodes",
    Permission.CURATE_LANDSCAPE: "create, edit and import landscape items",
    Permission.CURATE_BIOBANKS: "edit any biobank or collection, import, verify sources",
    Permission.MANAGE_OWN_BIOBANK: "edit the biobanks one manages",
    Permission.CURATE_STAKEHOLDERS: "edit the stakeholder registry",
    Permission.COORDINATE_GROUPS: "run working groups and Delphi rounds",
    Permission.INVITE_EXPERTS: "invite experts (creates their expert account)",
    Permission.TAKE_PART_IN_DELPHI: "answer Delphi rounds",
    Permission.DRAFT_ACCESS_REQUEST: "draft sample/data access requests",
    Permission.REVIEW_ACCESS_REQUEST: "review every access request (the access committee)",
    Permission.ANSWER_OWN_ACCESS_REQUEST: "answer access requests for one's own biobanks' collections",
    Permission.SAVE_QUERIES: "save searches and queries",
    Permission.MANAGE_OWN_TOKENS: "create and revoke one's own API tokens",
}


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table; docs/security.md must contain it verbatim (tested)."""
    roles = list(Role)
    lines = [
        "| Permission | What it allows | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for permission in Permission:
        marks = " | ".join("✓" if permission in GRANTS[r] else "" for r in roles)
        lines.append(f"| `{permission.value}` | {MEANING[permission]} | {marks} |")
    return "\n".join(lines) + "\n"


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
