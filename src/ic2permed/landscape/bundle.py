"""The bundled landscape dataset (CC BY 4.0): files, checksum and first-use loading."""

from __future__ import annotations

import json
import logging
from importlib.resources import files
from typing import Any

from ic2permed.core import bundles
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.landscape import service

NAME = "landscape"
ITEM_FILES = ("items_eu.json", "items_cn.json", "items_intl.json")
log = logging.getLogger(__name__)


def _read(name: str) -> bytes:
    return (files("ic2permed.landscape") / "data" / name).read_bytes()


def contents() -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    raw = [_read(name) for name in (*ITEM_FILES, "relations.json")]
    items = [row for blob in raw[:-1] for row in json.loads(blob)]
    relations = json.loads(raw[-1])
    return items, relations, bundles.checksum(*raw)


def load(database: Database, force: bool = False) -> service.LoadReport | None:
    """Load or merge the bundle; skipped when this exact bundle is already in (unless forced)."""
    items, relations, checksum = contents()
    with database.session() as session:
        if not force and service.bundle_is_loaded(session, NAME, checksum):
            return None
        report = service.load_bundle(session, Actor.system(), items, relations, mark=(NAME, checksum))
    log.info("Landscape bundle: %s added, %s updated, %s withdrawn", report.added, report.updated, report.withdrawn)
    return report


def load_bundled(database: Database) -> None:
    load(database)
