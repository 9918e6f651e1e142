"""The hub's side of request signing: the wire format lives in ``federation.signing`` (shared with nodes);
here only the end user's pseudonym, which the hub alone can link back to an account."""

from __future__ import annotations

import hashlib
import hmac

from ic2permed.federation.signing import sign


def pseudonym(hub_secret: str, user_key: str) -> str:
    """A stable id for one end user that only the hub can link back to the account."""
    return hmac.new(hub_secret.encode(), b"user:" + user_key.encode(), hashlib.sha256).hexdigest()[:24]


__all__ = ["pseudonym", "sign"]
