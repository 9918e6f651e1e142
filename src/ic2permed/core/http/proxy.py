"""Who is really calling, and over which scheme, when the app sits behind a reverse proxy.

Forwarded headers are believed only when the direct peer is listed in ``IC2PERMED_TRUSTED_PROXIES``;
otherwise anyone could claim any address (and get a fresh login budget) with one header.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from fastapi import Request

from ic2permed.core.config import Settings


@lru_cache(maxsize=64)
def _networks(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, settings: Settings) -> bool:
    try:
        parsed = ip_address(address.strip())
    except ValueError:
        return False
    return any(parsed in network for network in _networks(tuple(settings.trusted_proxies)))


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address: the peer, or the right-most untrusted hop of X-Forwarded-For behind a proxy."""
    peer = request.client.host if request.client else "unknown"
    if not _trusted(peer, settings):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, settings):
            return hop
    return hops[0] if hops else peer


def is_https(request: Request, settings: Settings) -> bool:
    """True when the browser talks HTTPS to us, directly or through a trusted proxy."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    if not _trusted(peer, settings):
        return False
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    return forwarded == "https"
