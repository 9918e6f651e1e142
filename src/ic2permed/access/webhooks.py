"""Signed webhooks in the Standard Webhooks format (HMAC-SHA256), and the rules for where they may go.

Headers: ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature`` = ``v1,<base64 of
HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>``; the secret is ``whsec_<base64>`` and its decoded bytes are
the key. URLs must be https and must not resolve to private, loopback, link-local or reserved addresses
(a test may allow plain http to a local server by setting, never production).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from ic2permed.core.errors import FieldError, ValidationFailed

PREFIX = "whsec_"
MAX_ATTEMPTS = 8
Resolver = Callable[[str], list[str]]


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    digest = hmac.new(_key(secret), f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, msg_id: str, timestamp: int, body: str, header: str) -> bool:
    expected = sign(secret, msg_id, timestamp, body).split(",", 1)[1]
    for candidate in header.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


def headers(secret: str, msg_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


def check_url(url: str, allow_insecure: bool = False, resolve: Resolver = _resolve) -> None:
    """Refuse anything but an https URL on a public address (checked again before each delivery)."""

    def bad(message: str) -> ValidationFailed:
        return ValidationFailed("Webhook URL refused", [FieldError("url", message)])

    parts = urlsplit(url.strip())
    if parts.scheme != "https" and not (allow_insecure and parts.scheme == "http"):
        raise bad("must start with https://")
    if not parts.hostname:
        raise bad("has no host")
    if parts.username or parts.password:
        raise bad("must not carry credentials")
    if allow_insecure:
        return
    try:
        addresses = resolve(parts.hostname)
    except OSError:
        raise bad(f"host {parts.hostname!r} does not resolve") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise bad(f"{parts.hostname} resolves to a non-public address ({ip})")


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 6 h between tries."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=6))
