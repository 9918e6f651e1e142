"""The migrations and the data layer on both engines."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from ic2permed.core.accounts import service as accounts
from ic2permed.core.accounts.schemas import TokenCreate
from ic2permed.core.audit import service as audit
from ic2permed.core.audit.schemas import AuditFilter
from ic2permed.core.database import Database
from ic2permed.core.migrate import is_current
from ic2permed.core.permissions import Actor, Role
from ic2permed.models import metadata
from tests.factories import make_user


def test_migrations_reach_head_and_match_the_models(database: Database) -> None:
    assert is_current(database.engine)
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_audit_log_is_append_only_in_the_database(database: Database) -> None:
    make_user(database, "jo-fictional", Role.EXPERT)
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1
        with pytest.raises(DatabaseError):
            conn.execute(text("UPDATE audit_log SET actor_name = 'someone-else'"))
        conn.rollback()
        with pytest.raises(DatabaseError):
            conn.execute(text("DELETE FROM audit_log"))
        conn.rollback()
        assert conn.execute(text("SELECT actor_name FROM audit_log")).scalar() == "system"


def test_every_account_write_is_audited_with_before_and_after(database: Database) -> None:
    make_user(database, "kim-fictional", Role.RESEARCHER)
    with database.session() as session:
        token = accounts.create_token(session, Actor.system(), TokenCreate(label="ci"), "kim-fictional")
        accounts.revoke_token(session, Actor.system(), token.id)
        page = audit.list_entries(session, Actor.system(), AuditFilter())
    actions = [e.action for e in reversed(page.items)]
    assert actions == ["user.create", "token.create", "token.revoke"]
    revoke = page.items[0]
    assert revoke.before["revoked_at"] is None
    assert revoke.after["revoked_at"] is not None
    assert "token_hash" not in revoke.after


def test_first_admin_is_created_once(database: Database) -> None:
    with database.session() as session:
        first = accounts.ensure_admin(session)
        second = accounts.ensure_admin(session)
    assert first is not None and first[0] == "admin" and len(first[1]) >= 16
    assert second is None
    with database.session() as session:
        user = accounts.authenticate(session, "admin", first[1])
    assert {r.role for r in user.roles} == {"admin"}


def test_timestamps_come_back_timezone_aware(database: Database) -> None:
    user = make_user(database, "lee-fictional", Role.EXPERT)
    assert user.created_at.tzinfo is not None
    with database.session() as session:
        again = accounts.list_users(session, Actor.system())[0]
    assert again.created_at.utcoffset() is not None
