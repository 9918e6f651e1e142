"""Source quality as data: which hosts a bundled fact may cite, and as what kind of source.

``data/source_hosts.json`` lists hosts per kind, each with a one-line reason: ``official`` (the issuer's
own site or official gazette), ``reputable`` (peer-reviewed paper, recognised legal database, standards body,
established news outlet), ``mirror`` (a repost, kept only as evidence) and ``refused`` (spam, unrelated or
staging sites that may never be cited). A listed host also covers its sub-domains, so ``gov.cn`` covers
``www.nhc.gov.cn``. Shared by the landscape and the biobank directory, whose bundles are both checked against it.
"""

from __future__ import annotations

import ipaddress
import json
from functools import cache
from importlib.resources import files
from typing import Literal
from urllib.parse import urlsplit

from ic2permed.core.i18n import N_

SourceKind = Literal["official", "reputable", "mirror"]
KINDS: tuple[SourceKind, ...] = ("official", "reputable", "mirror")
# Kinds that may carry `verified: true` on their own; a mirror is evidence, never proof.
CONFIRMING: frozenset[str] = frozenset({"official", "reputable"})
KIND_LABELS: dict[str, str] = {
    "official": N_("official source"),
    "reputable": N_("reputable source"),
    "mirror": N_("mirror (repost)"),
}


@cache
def registry() -> dict[str, dict[str, str]]:
    """Kind (and ``refused``) → {host: reason}."""
    data = json.loads((files("ic2permed.core.vocab") / "data" / "source_hosts.json").read_text(encoding="utf-8"))
    return {kind: dict(data[kind]) for kind in (*KINDS, "refused", "portals")}


def host_of(url: str) -> str:
    """The URL's host, lower-case, without port or trailing dot."""
    return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()


def is_bare_ip(url: str) -> bool:
    try:
        ipaddress.ip_address(host_of(url))
    except ValueError:
        return False
    return True


def _listed(host: str) -> tuple[str, str] | None:
    """(kind, listed host) for the most specific listed host covering ``host``; refused wins ties."""
    parts = host.split(".")
    lists = registry()
    for start in range(len(parts)):
        candidate = ".".join(parts[start:])
        for kind in ("refused", *KINDS):
            if candidate in lists[kind]:
                return kind, candidate
    return None


def classify(url: str) -> str | None:
    """``official``/``reputable``/``mirror``/``refused``, or None when the host is on no list.

    A bare IP address is always ``refused``: it names no publisher.
    """
    if is_bare_ip(url):
        return "refused"
    found = _listed(host_of(url))
    return found[0] if found else None


def source_kind(url: str) -> SourceKind | None:
    """The kind a citable source has, or None when its host is unlisted or refused."""
    kind = classify(url)
    return kind if kind in KINDS else None


def problems(url: str) -> str | None:
    """Why a URL may not be cited, or None when it may."""
    if is_bare_ip(url):
        return "bare IP address"
    kind = classify(url)
    if kind is None:
        return f"host {host_of(url)!r} is on no source list"
    if kind == "refused":
        return f"host {host_of(url)!r} is refused"
    return None


def is_portal(url: str, document: bool = True) -> bool:
    """True when ``url`` is a landing or section page rather than a document's own page.

    Listed portal pages (``gov.cn/zhengce/``, ``flk.npc.gov.cn/``…) always count; a bare front page counts
    for documents (laws, policies, standards), whose link must reach the text, but not for a programme's or an
    infrastructure's own site, whose front page is the thing itself.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").lower()
    path = parts.path or "/"
    bare = path in ("", "/") and not parts.query
    if bare and document:
        return True
    here = f"{host}{path}"
    return any(here in (portal, portal.rstrip("/")) for portal in registry()["portals"])
