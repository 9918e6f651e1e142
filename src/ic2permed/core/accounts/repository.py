from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ic2permed.core.accounts.models import ApiToken, User, UserRole


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def token_with_owner(session: Session, token_hash: str) -> list[tuple[Any, ...]]:
    """The token's state, its owner and one row per role, as plain rows (asked on every token request)."""
    t, u, r = ApiToken, User, UserRole
    query = (
        select(t.id, t.revoked_at, t.expires_at, t.last_used_at, u.id, u.username, u.is_active, u.region, r.role)
        .join(u, u.id == t.user_id)
        .outerjoin(r, r.user_id == u.id)
        .where(t.token_hash == token_hash)
    )
    return [tuple(row) for row in session.execute(query)]


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def has_role(session: Session, role: str) -> bool:
    return session.scalar(select(UserRole).where(UserRole.role == role).limit(1)) is not None
