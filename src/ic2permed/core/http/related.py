"""Links a page shows to another domain's records, found without the page's domain importing that one.

A domain may read only the domains below it in the graph (docs/architecture.md), yet a landscape item's
page should name the directory entry about the same thing, and a biobank's page the federated node that
counts its donors. `web` registers one finder per slot (it may read every domain's service); a page asks
for its slot with its own session, so the lookup runs in the page's worker thread and transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from ic2permed.core.http.state import app_state

DIRECTORY_ENTRIES = "landscape_item.directory_entries"
"""Directory entries about a landscape item (key: the item's id)."""
BIOBANK_NODES = "biobank.nodes"
"""Federated search nodes that count a biobank's donors (key: the biobank's id)."""


@dataclass(frozen=True)
class RelatedLink:
    url: str
    label_en: str
    label_zh: str = ""
    synthetic: bool = False  # a demo node's made-up donors: the page says so next to the link
    note: str = ""
    note_zh: str = ""


Finder = Callable[[Session, str], list[RelatedLink]]


def related(request: Request, session: Session, slot: str, key: str) -> list[RelatedLink]:
    """What `web` found for this slot, or nothing (an app without that finder, e.g. a domain's own test app)."""
    finder = app_state(request.app).related.get(slot)
    return finder(session, key) if finder is not None else []
