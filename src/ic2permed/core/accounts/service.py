"""Account use cases: create users, check credentials, manage personal API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ic2permed.core.accounts import repository
from ic2permed.core.accounts.models import ApiToken, LoginFailure, User, UserRole
from ic2permed.core.accounts.schemas import TokenCreate, TokenCreated, TokenRead, UserCreate, UserRead
from ic2permed.core.accounts.security import hash_api_token, hash_password, new_api_token, verify_password
from ic2permed.core.audit import service as audit
from ic2permed.core.database import utcnow
from ic2permed.core.errors import Conflict, FieldError, NotFound, Unauthorized, ValidationFailed
from ic2permed.core.permissions import Actor, Permission, Role
from ic2permed.core.recent import Changes, Recent

# Revoking a token, deactivating an account or changing its roles: what a remembered token owner is not.
ACCOUNT_CHANGES = Changes()


@dataclass(frozen=True)
class TokenOwner:
    """What a checked token stands for, kept a moment by `remembered_actor`."""

    user_id: int
    username: str
    roles: frozenset[Role]
    region: str | None
    expires_at: datetime | None

    def actor(self, locale: str) -> Actor:
        return Actor(id=self.user_id, username=self.username, roles=self.roles, region=self.region, locale=locale)


RECENT_TOKENS: Recent[str, TokenOwner] = Recent(ACCOUNT_CHANGES)


def to_read(user: User) -> UserRead:
    return UserRead(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=sorted(Role(r.role) for r in user.roles),
        is_active=user.is_active,
        region=user.region,
        created_at=user.created_at,
    )


def actor_for(user: User, locale: str = "en") -> Actor:
    """The page language comes from the request (cookie or browser); the saved one is set at login."""
    return Actor(
        id=user.id,
        username=user.username,
        roles=frozenset(Role(r.role) for r in user.roles),
        region=user.region,
        locale=locale,
    )


def create_user(session: Session, actor: Actor, data: UserCreate) -> UserRead:
    actor.require(Permission.MANAGE_USERS)
    if repository.by_username(session, data.username) is not None:
        raise Conflict("Username taken", [FieldError("username", f"{data.username!r} already exists")])
    user = User(
        username=data.username,
        display_name=data.display_name,
        password_hash=hash_password(data.password),
        region=data.region,
        roles=[UserRole(role=r.value) for r in sorted(set(data.roles))],
    )
    session.add(user)
    session.flush()
    result = to_read(user)
    audit.record(session, actor, "user.create", "user", user.id, None, result.model_dump(mode="json"))
    session.commit()
    return result


def profile(session: Session, actor: Actor) -> UserRead:
    user = repository.by_id(session, actor.id) if actor.id is not None else None
    if user is None:
        raise Unauthorized("Log in or send an API token.")
    return to_read(user)


def list_users(session: Session, actor: Actor) -> list[UserRead]:
    actor.require(Permission.MANAGE_USERS)
    return [to_read(u) for u in repository.all_users(session)]


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    if actor.username != username:
        actor.require(Permission.MANAGE_USERS)
    if len(password) < 10 or len(set(password)) < 4:
        raise ValidationFailed("Weak password", [FieldError("password", "needs at least 10 characters")])
    user = _user(session, username)
    user.password_hash = hash_password(password)
    user.session_epoch += 1  # logs out every existing session of this user
    audit.record(session, actor, "user.set_password", "user", user.id, None, {"password": "changed"})
    session.commit()


def one_time_password() -> str:
    """A password the admin hands over once (shown once, never stored in clear)."""
    return secrets.token_urlsafe(12)


def reset_password(session: Session, actor: Actor, username: str, password: str | None = None) -> str | None:
    """An admin sets a user's password, or has one made: the made one is returned, to be shown once."""
    actor.require(Permission.MANAGE_USERS)
    made = one_time_password() if not password else None
    set_password(session, actor, username, password or made or "")
    return made


def set_roles(session: Session, actor: Actor, username: str, roles: list[Role]) -> UserRead:
    """Replace a user's roles; an admin cannot take the admin role from themself (no locked-out platform)."""
    actor.require(Permission.MANAGE_USERS)
    if not roles:
        raise ValidationFailed("No role", [FieldError("roles", "choose at least one role")])
    user = _user(session, username)
    wanted = sorted(set(roles))
    if user.username == actor.username and Role.ADMIN in actor.roles and Role.ADMIN not in wanted:
        raise ValidationFailed("Own admin role", [FieldError("roles", "you cannot remove your own admin role")])
    before = to_read(user)
    if before.roles == wanted:
        return before
    user.roles = [UserRole(role=r.value) for r in wanted]
    session.flush()
    after = to_read(user)
    audit.record(
        session,
        actor,
        "user.set_roles",
        "user",
        user.id,
        {"roles": [r.value for r in before.roles]},
        {"roles": [r.value for r in after.roles]},
    )
    session.commit()
    ACCOUNT_CHANGES.happened()
    return after


def set_active(session: Session, actor: Actor, username: str, active: bool) -> UserRead:
    """Deactivate (log out everywhere, refuse logins and tokens) or reactivate an account; never one's own."""
    actor.require(Permission.MANAGE_USERS)
    user = _user(session, username)
    if user.username == actor.username and not active:
        raise ValidationFailed("Own account", [FieldError("username", "you cannot deactivate your own account")])
    if user.is_active != active:
        user.is_active = active
        user.session_epoch += 1
        audit.record(
            session,
            actor,
            "user.reactivate" if active else "user.deactivate",
            "user",
            user.id,
            {"is_active": not active},
            {"is_active": active},
        )
        session.commit()
        ACCOUNT_CHANGES.happened()
    return to_read(user)


def authenticate(session: Session, username: str, password: str) -> User:
    user = login_candidate(session, username)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthorized("Unknown username or wrong password.")
    return user


def login_candidate(session: Session, username: str) -> User | None:
    """The active user who may log in under this name; the password is checked by the caller (off the loop)."""
    user = repository.by_username(session, username)
    return user if user is not None and user.is_active else None


def logout(session: Session, actor: Actor) -> None:
    """End the session on the server: a copied session cookie stops working too (all of this user's sessions)."""
    if actor.id is None:
        return
    user = repository.by_id(session, actor.id)
    if user is not None:
        user.session_epoch += 1
        audit.record(session, actor, "user.logout", "user", user.id, None, None)
        session.commit()


def set_locale(session: Session, actor: Actor, locale: str) -> None:
    if actor.id is None:
        return
    user = repository.by_id(session, actor.id)
    if user is not None and user.locale != locale:
        user.locale = locale
        session.commit()


def ensure_admin(session: Session) -> tuple[str, str] | None:
    """Create the first admin with a random password; return (username, password) only when created."""
    if repository.has_role(session, Role.ADMIN.value):
        return None
    password = secrets.token_urlsafe(15)
    username = "admin"
    if repository.by_username(session, username) is not None:
        username = f"admin-{secrets.token_hex(3)}"
    create_user(
        session,
        Actor.system(),
        UserCreate(username=username, password=password, roles=[Role.ADMIN], display_name="Administrator"),
    )
    return username, password


def user_by_session(session: Session, user_id: int, epoch: int) -> User | None:
    user = repository.by_id(session, user_id)
    if user is None or not user.is_active or user.session_epoch != epoch:
        return None
    return user


def actor_by_token(session: Session, token: str, locale: str = "en") -> Actor:
    """The token's owner as an actor, in one query of plain rows (one per role).

    Asked on every API call made with a token, so it builds no ORM objects: loading the token, its user
    and the roles as objects cost the hub about a quarter of its CPU per federated query (issue 15)."""
    key, seen = hash_api_token(token), ACCOUNT_CHANGES.count
    rows = repository.token_with_owner(session, key)
    now = utcnow()
    if not rows:
        raise Unauthorized("Invalid, expired or revoked API token.")
    token_id, revoked_at, expires_at, last_used_at, user_id, username, is_active, region, _ = rows[0]
    if revoked_at is not None or (expires_at is not None and expires_at < now):
        raise Unauthorized("Invalid, expired or revoked API token.")
    if not is_active:
        raise Unauthorized("The token's account is disabled.")
    if last_used_at is None or now - last_used_at > timedelta(minutes=1):
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        session.commit()
    roles = frozenset(Role(row[-1]) for row in rows if row[-1] is not None)
    owner = TokenOwner(user_id, username, roles, region, expires_at)
    RECENT_TOKENS.put(key, owner, seen)
    return owner.actor(locale)


def remembered_actor(token: str, locale: str = "en") -> Actor | None:
    """The owner of a token this worker checked within the last seconds (see `core.recent`), or None.

    A token revoked, or an account deactivated or given other roles, through this worker is forgotten at
    once; through another worker or the command line, within `RECENT_SECONDS`. Expiry is exact."""
    owner = RECENT_TOKENS.get(hash_api_token(token))
    if owner is None or (owner.expires_at is not None and owner.expires_at < utcnow()):
        return None
    return owner.actor(locale)


def _user(session: Session, username: str) -> User:
    user = repository.by_username(session, username)
    if user is None:
        raise NotFound(f"No user named {username!r}.")
    return user


def _token_owner(session: Session, actor: Actor, username: str | None) -> User:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    if username and username != actor.username:
        actor.require(Permission.MANAGE_USERS)
        return _user(session, username)
    return _user(session, actor.username)


def create_token(session: Session, actor: Actor, data: TokenCreate, username: str | None = None) -> TokenCreated:
    owner = _token_owner(session, actor, username)
    raw = new_api_token()
    row = ApiToken(
        user_id=owner.id,
        label=data.label,
        prefix=raw[:12],
        token_hash=hash_api_token(raw),
        expires_at=utcnow() + timedelta(days=data.expires_days) if data.expires_days else None,
    )
    session.add(row)
    session.flush()
    read = TokenRead.model_validate(row)
    audit.record(session, actor, "token.create", "api_token", row.id, None, read.model_dump(mode="json"))
    session.commit()
    return TokenCreated(**read.model_dump(), token=raw)


def list_tokens(session: Session, actor: Actor, username: str | None = None) -> list[TokenRead]:
    owner = _token_owner(session, actor, username)
    return [TokenRead.model_validate(t) for t in repository.tokens_of(session, owner.id)]


def revoke_token(session: Session, actor: Actor, token_id: int) -> TokenRead:
    actor.require(Permission.MANAGE_OWN_TOKENS)
    row = session.get(ApiToken, token_id)
    if row is None or (row.user.username != actor.username and not actor.can(Permission.MANAGE_USERS)):
        raise NotFound(f"No token with id {token_id}.")
    if row.revoked_at is None:
        before = TokenRead.model_validate(row).model_dump(mode="json")
        row.revoked_at = utcnow()
        audit.record(
            session,
            actor,
            "token.revoke",
            "api_token",
            row.id,
            before,
            TokenRead.model_validate(row).model_dump(mode="json"),
        )
        session.commit()
        ACCOUNT_CHANGES.happened()
    return TokenRead.model_validate(row)


def login_failures(session: Session, keys: list[str], horizon: float) -> dict[str, tuple[int, float]]:
    """Each key's failures since `horizon`: (count, time of the first)."""
    rows = session.scalars(select(LoginFailure).where(LoginFailure.key.in_(keys), LoginFailure.first >= horizon))
    return {row.key: (row.count, row.first) for row in rows}


def record_login_failure(session: Session, keys: list[str], now: float, horizon: float) -> None:
    """Count one failure against each key; a key whose window ended starts again. Old rows are pruned, so
    the table holds one window's worth at most, however many names or addresses an attacker invents."""
    session.execute(delete(LoginFailure).where(LoginFailure.first < horizon))
    for key in keys:
        bumped = session.execute(
            update(LoginFailure).where(LoginFailure.key == key).values(count=LoginFailure.count + 1)
        )
        if bumped.rowcount == 0:  # type: ignore[attr-defined]
            try:
                with session.begin_nested():
                    session.add(LoginFailure(key=key, count=1, first=now))
            except IntegrityError:  # another worker counted the first failure at the same moment
                session.execute(
                    update(LoginFailure).where(LoginFailure.key == key).values(count=LoginFailure.count + 1)
                )
    session.commit()


def clear_login_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    session.commit()
