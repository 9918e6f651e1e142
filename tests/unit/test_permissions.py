from __future__ import annotations

from pathlib import Path

import pytest

from ic2permed.core.errors import Forbidden, Unauthorized
from ic2permed.core.permissions import MEANING, Actor, Permission, Role, matrix_markdown


def actor(*roles: Role) -> Actor:
    return Actor(id=1, username="x", roles=frozenset(roles))


def test_admin_can_do_everything() -> None:
    assert all(actor(Role.ADMIN).can(p) for p in Permission)


@pytest.mark.parametrize(
    ("role", "allowed", "denied"),
    [
        (Role.CURATOR, Permission.CURATE_LANDSCAPE, Permission.MANAGE_USERS),
        (Role.COORDINATOR, Permission.COORDINATE_GROUPS, Permission.CURATE_BIOBANKS),
        (Role.EXPERT, Permission.TAKE_PART_IN_DELPHI, Permission.COORDINATE_GROUPS),
        (Role.RESEARCHER, Permission.DRAFT_ACCESS_REQUEST, Permission.VIEW_AUDIT),
        (Role.BIOBANK_MANAGER, Permission.MANAGE_OWN_BIOBANK, Permission.CURATE_BIOBANKS),
    ],
)
def test_role_grants(role: Role, allowed: Permission, denied: Permission) -> None:
    subject = actor(role)
    subject.require(allowed)
    with pytest.raises(Forbidden):
        subject.require(denied)


def test_anonymous_is_told_to_log_in() -> None:
    with pytest.raises(Unauthorized):
        Actor.anonymous().require(Permission.SAVE_QUERIES)


def test_roles_combine() -> None:
    both = actor(Role.EXPERT, Role.RESEARCHER)
    assert both.can(Permission.TAKE_PART_IN_DELPHI) and both.can(Permission.DRAFT_ACCESS_REQUEST)


def test_the_permission_matrix_in_the_docs_is_the_code() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    assert matrix_markdown() in doc, "regenerate the table with core.permissions.matrix_markdown()"


def test_every_permission_is_explained() -> None:
    assert set(MEANING) == set(Permission)


def test_curators_do_not_read_the_audit_log() -> None:
    with pytest.raises(Forbidden):
        actor(Role.CURATOR).require(Permission.VIEW_AUDIT)
