from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ic2permed.core.accounts.models import ApiToken, User, UserRole


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def has_role(session: Session, role: str) -> bool:
    return session.scalar(select(UserRole).where(UserRole.role == role).limit(1)) is not None
