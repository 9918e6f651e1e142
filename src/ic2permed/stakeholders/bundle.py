"""The bundled stakeholder dataset (CC BY 4.0): files, checksum and first-use loading."""

from __future__ import annotations

import json
import logging
from importlib.resources import files
from typing import Any

from ic2permed.core import bundles
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.stakeholders import service

NAME = "stakeholders"
FILES = ("organisations.json", "relations.json", "links.json", "engagements.json")
log = logging.getLogger(__name__)


def contents() -> tuple[list[list[dict[str, Any]]], str]:
    """Organisations, relations, the curator-reviewed links of landscape items and biobanks, the engagement log
    (in the order of FILES), and the checksum of them all."""
    raw = [(files("ic2permed.stakeholders") / "data" / name).read_bytes() for name in FILES]
    return [json.loads(blob) for blob in raw], bundles.checksum(*raw)


def load(database: Database, force: bool = False) -> tuple[int, int] | None:
    """Load or refresh the bundle; skipped when this exact bundle is already in (unless forced)."""
    (organisations, relations, links, engagements), checksum = contents()
    with database.session() as session:
        if not force and bundles.loaded_checksum(session, NAME) == checksum:
            return None
        counts, linked = service.install_bundle(
            session, Actor.system(), (organisations, relations, links, engagements), NAME, checksum
        )
    log.info("Stakeholder bundle: %s organisations, %s relations, %s reviewed links applied", *counts, linked)
    return counts


def load_bundled(database: Database) -> None:
    load(database)
