"""Biobank pages show each source with its kind and the date it was looked up (issue 13)."""

from __future__ import annotations

import httpx
import pytest

from ic2permed.core.database import Database

pytestmark = pytest.mark.anyio


async def test_biobank_page_shows_source_kinds(client: httpx.AsyncClient, database: Database) -> None:
    from ic2permed.biobanks import spec

    spec.load_bundled(database)
    page = await client.get("/biobanks/biobank/eu-no-hunt")
    assert page.status_code == 200
    assert "official source" in page.text and "2026-11-30" in page.text
