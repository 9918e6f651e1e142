"""The home page's cards say what each part of the platform holds and how much, in both languages."""

from __future__ import annotations

import re

import httpx
import pytest

from ic2permed.biobanks import service as biobanks
from ic2permed.biobanks import spec as biobanks_spec
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor
from ic2permed.domains import all_domains
from ic2permed.federation.hub import service as hub
from ic2permed.federation.hub.schemas import NodeCreate

pytestmark = pytest.mark.anyio


def _cards(html: str) -> dict[str, str]:
    """Card title → the card's text, tags stripped."""
    found = {}
    for block in re.findall(r'<article class="card">(.*?)</article>', html, re.S):
        title = re.sub(r"<[^>]+>", "", re.search(r"<h2>(.*?)</h2>", block, re.S)[1]).strip()  # type: ignore[index]
        found[title] = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    return found


async def test_cards_count_what_each_part_holds(client: httpx.AsyncClient, database: Database) -> None:
    biobanks_spec.load_bundled(database)
    with database.session() as session:
        counts = biobanks.counts(session)
        hub.add_node(
            session,
            Actor.system(),
            NodeCreate(id="eu-card", name="Card", base_url="http://127.0.0.1:9/api", jurisdiction="EU"),
        )
    assert counts["biobanks"] > 5 and counts["collections"] > counts["biobanks"]
    cards = _cards((await client.get("/")).text)
    assert f"{counts['biobanks']} biobanks" in cards["Biobanks"]
    assert f"{counts['collections']} collections" in cards["Biobanks"]
    assert "MIABIS catalogue" in cards["Biobanks"]
    assert "1 biobank nodes answering counts" in cards["Federated search"]
    assert "0 access requests submitted" in cards["Access requests"]
    assert "0 laws, policies, programmes and standards" in cards["Landscape"]  # not loaded in this database
    assert set(cards) == {"Landscape", "Experts & Working Groups", "Biobanks", "Federated search"} | {
        "Access requests",
        "Stakeholders",
    }
    chinese = _cards((await client.get("/", headers={"Accept-Language": "zh-CN"})).text)
    assert f"{counts['biobanks']} 个生物样本库" in chinese["生物样本库"]


def test_every_card_comes_from_a_domain_spec() -> None:
    """The web mounts domains: the home page knows no domain, each spec offers its own card."""
    assert sorted(d.name for d in all_domains() if d.home) == sorted(d.name for d in all_domains())
