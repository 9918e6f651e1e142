"""Password hashing (argon2), API-token hashing and signed session/CSRF values."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache
from typing import Any

from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ic2permed.core.errors import ServiceUnavailable

TOKEN_PREFIX = "ic2p_"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) a dummy hash is checked, so both take as long."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


HASHING_SLOTS = 2
"""Password checks running at once: argon2 is built to use CPU and memory; more would starve others."""

HASHING_QUEUE = 32
"""Password checks allowed to wait for a slot; beyond that a login is refused at once (503)."""

_hashing_limiter: CapacityLimiter | None = None


def _limiter() -> CapacityLimiter:
    global _hashing_limiter
    if _hashing_limiter is None:  # made on first use, inside the running event loop
        _hashing_limiter = CapacityLimiter(HASHING_SLOTS)
    return _hashing_limiter


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """`verify_password` in a small dedicated thread pool: logins never block the event loop, and a
    flood of logins waits for its own slots instead of taking every worker thread from other requests."""
    limiter = _limiter()
    if limiter.statistics().tasks_waiting >= HASHING_QUEUE:
        raise ServiceUnavailable("Too many logins are being checked right now; try again in a moment.")
    return await to_thread.run_sync(verify_password, password_hash, password, limiter=limiter)


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """API tokens carry 256 random bits, so a fast hash is enough to keep them unreadable at rest."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Signer:
    """Signs session cookies and derives CSRF tokens from one secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")
        self._sessions = URLSafeTimedSerializer(secret, salt="ic2permed.session")

    def dump_session(self, data: dict[str, Any]) -> str:
        return self._sessions.dumps(data)

    def load_session(self, value: str, max_age: int) -> dict[str, Any] | None:
        try:
            loaded = self._sessions.loads(value, max_age=max_age)
        except BadSignature:
            return None
        return loaded if isinstance(loaded, dict) else None

    def csrf_token(self, nonce: str) -> str:
        return hmac.new(self._secret, b"csrf:" + nonce.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_valid(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.csrf_token(nonce), token)

    def sign(self, payload: bytes) -> str:
        return hmac.new(self._secret, payload, hashlib.sha256).hexdigest()
