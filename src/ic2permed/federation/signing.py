"""Requests a trusted hub signs for a node: HMAC-SHA256 over method, path, body hash, time and user.

The hub's end user travels as a pseudonymous id: it sets that user's budget and noise seed at the node,
and the node never learns who the user is. The wire format matches ``federation.hub.signing``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ic2permed.core.errors import Unauthorized, ValidationFailed

HUB_HEADER = "X-IC2PerMed-Hub"
USER_HEADER = "X-IC2PerMed-User"
TIME_HEADER = "X-IC2PerMed-Timestamp"
SIGNATURE_HEADER = "X-IC2PerMed-Signature"
MAX_SKEW_SECONDS = 300


@dataclass(frozen=True)
class TrustedHub:
    id: str
    secret: str
    jurisdiction: str = "EU"


@dataclass(frozen=True)
class SignedBy:
    hub: TrustedHub
    user: str


def load_trusted_hubs(path: Path) -> dict[str, TrustedHub]:
    """Read ``{"hubs": [{"id", "secret", "jurisdiction"}]}`` (or the bare list)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationFailed(f"cannot read trusted hubs from {path}: {exc}") from exc
    rows = data.get("hubs", []) if isinstance(data, dict) else data
    hubs: dict[str, TrustedHub] = {}
    for row in rows:
        if not isinstance(row, dict) or not row.get("id") or not row.get("secret"):
            raise ValidationFailed(f"{path}: every hub needs an id and a secret")
        hub = TrustedHub(str(row["id"]), str(row["secret"]), str(row.get("jurisdiction", "EU")).upper())
        hubs[hub.id] = hub
    return hubs


def canonical(method: str, path: str, body: bytes, timestamp: str, user: str) -> bytes:
    return "\n".join((method.upper(), path, hashlib.sha256(body).hexdigest(), timestamp, user)).encode()


def sign(
    hub_id: str, secret: str, method: str, path: str, body: bytes, user: str, now: float | None = None
) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    mac = hmac.new(secret.encode(), canonical(method, path, body, timestamp, user), hashlib.sha256).hexdigest()
    return {HUB_HEADER: hub_id, USER_HEADER: user, TIME_HEADER: timestamp, SIGNATURE_HEADER: mac}


def verify(
    hubs: Mapping[str, TrustedHub],
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    now: float | None = None,
) -> SignedBy | None:
    """None for an unsigned request; the signer for a valid one; Unauthorized for anything else."""
    hub_id = headers.get(HUB_HEADER) or headers.get(HUB_HEADER.lower())
    if not hub_id:
        return None
    hub = hubs.get(hub_id)
    if hub is None:
        raise Unauthorized(f"hub {hub_id!r} is not trusted by this node")
    lowered = {k.lower(): v for k, v in headers.items()}
    timestamp = lowered.get(TIME_HEADER.lower(), "")
    user = lowered.get(USER_HEADER.lower(), "")
    given = lowered.get(SIGNATURE_HEADER.lower(), "")
    if not timestamp.isdigit() or not user or not given:
        raise Unauthorized("incomplete request signature")
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_SKEW_SECONDS:
        raise Unauthorized("stale request signature")
    expected = hmac.new(hub.secret.encode(), canonical(method, path, body, timestamp, user), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), given):
        raise Unauthorized("bad request signature")
    return SignedBy(hub, user)
