from __future__ import annotations

import pytest

from ic2permed.core.errors import Forbidden, Unauthorized
from ic2permed.core.permissions import Actor, Permission, Role


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
