from __future__ import annotations

from typing import Any

import pytest

from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.landscape import bundle, service


def fictional_item(item_id: str, **fields: Any) -> dict[str, Any]:
    """A made-up item for logic tests (clearly not a real-world fact)."""
    data: dict[str, Any] = {
        "id": item_id,
        "kind": "programme",
        "region": "EU",
        "status": "in_force",
        "title_en": f"Fictional {item_id}",
        "title_zh": f"虚构项目 {item_id}",
        "themes": [],
        "year": 2020,
        "verified": False,
        "sources": [],
    }
    data.update(fields)
    return data


@pytest.fixture
def loaded(database: Database) -> Database:
    """The database with the real bundled landscape loaded."""
    bundle.load(database)
    return database


def load_items(database: Database, items: list[dict[str, Any]], relations: list[dict[str, Any]] | None = None) -> None:
    with database.session() as session:
        service.load_bundle(session, Actor.system(), items, relations or [])
