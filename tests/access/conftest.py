"""A fictional two-continent catalogue, fictional people in every role, and an API client for access tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from ic2permed.biobanks import service as biobanks
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor, Role
from ic2permed.web.app import create_app
from tests.factories import make_token, make_user

SOURCE = [{"url": "https://example.org/fictional", "title": "Fictional", "accessed": "2026-11-30", "quote": "x"}]

CATALOGUE: dict[str, Any] = {
    "networks": [],
    "biobanks": [
        {
            "id": "bb-lyon-test",
            "name_en": "Lyon Test Biobank (fictional)",
            "name_zh": "里昂测试样本库（虚构）",
            "country": "FR",
            "region": "EU",
            "city": "Lyon",
            "contact_email": "access@lyon-test.example",
            "sources": SOURCE,
            "collections": [
                {
                    "id": "bb-lyon-test:serum",
                    "name_en": "Lyon serum cohort (fictional)",
                    "name_zh": "里昂血清队列（虚构）",
                    "material_types": ["SERUM"],
                    "diseases": ["E11"],
                    "access_conditions": ["HMB", "NCU"],
                    "donors": 900,
                    "samples": 2000,
                    "count_year": 2025,
                }
            ],
        },
        {
            "id": "bb-hangzhou-test",
            "name_en": "Hangzhou Test Biobank (fictional)",
            "name_zh": "杭州测试样本库（虚构）",
            "country": "CN",
            "region": "China",
            "city": "Hangzhou",
            "contact_email": "access@hangzhou-test.example",
            "sources": SOURCE,
            "collections": [
                {
                    "id": "bb-hangzhou-test:serum",
                    "name_en": "Hangzhou serum and genotypes (fictional)",
                    "name_zh": "杭州血清与基因型（虚构）",
                    "material_types": ["SERUM", "DNA"],
                    "diseases": ["E11"],
                    "access_conditions": ["GRU", "IRB"],
                    "donors": 1200,
                    "samples": 5000,
                    "count_year": 2025,
                }
            ],
        },
        {
            "id": "bb-other-test",
            "name_en": "Unrelated Test Biobank (fictional)",
            "country": "DE",
            "region": "EU",
            "sources": SOURCE,
            "collections": [
                {"id": "bb-other-test:dna", "name_en": "DNA (fictional)", "material_types": ["DNA"], "donors": 10}
            ],
        },
    ],
}

PEOPLE: dict[str, tuple[Role, ...]] = {
    "lea-fictional": (Role.RESEARCHER,),  # requester in Lyon
    "wang-fictional": (Role.RESEARCHER,),  # requester in Hangzhou
    "other-researcher-fictional": (Role.RESEARCHER,),
    "rep-lyon-fictional": (Role.BIOBANK_MANAGER,),
    "rep-hangzhou-fictional": (Role.BIOBANK_MANAGER,),
    "rep-other-fictional": (Role.BIOBANK_MANAGER,),
    "committee-fictional": (Role.REVIEWER,),
    "curator-fictional": (Role.CURATOR,),
    "expert-fictional": (Role.EXPERT,),
    "admin-fictional": (Role.ADMIN,),
}
MANAGES = {
    "rep-lyon-fictional": "bb-lyon-test",
    "rep-hangzhou-fictional": "bb-hangzhou-test",
    "rep-other-fictional": "bb-other-test",
}


@pytest.fixture
def catalogue(database: Database) -> Iterator[dict[str, str]]:
    """The fictional catalogue, every person, their biobanks; yields username -> API token."""
    with database.session() as session:
        assert biobanks.load_bundle(session, json.dumps(CATALOGUE).encode(), name="access-test")
    tokens = {}
    for username, roles in PEOPLE.items():
        make_user(database, username, *roles)
        tokens[username] = make_token(database, username)
    with database.session() as session:
        for username, biobank_id in MANAGES.items():
            biobanks.assign_manager(session, Actor.system(), biobank_id, username)
    yield tokens


@pytest.fixture
async def api(settings: Settings, database: Database, catalogue: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http


def auth(tokens: dict[str, str], username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[username]}"}


def eu_to_cn_request(**changes: Any) -> dict[str, Any]:
    """Lea in Lyon asks the Hangzhou biobank for serum and genotype data (pseudonymised)."""
    body: dict[str, Any] = {
        "collection_ids": ["bb-hangzhou-test:serum"],
        "title": "Serum proteomics of type 2 diabetes (fictional)",
        "description": "A fictional study for tests.",
        "investigator": "Dr Léa Fictive",
        "institution": "Fictional Institute of Lyon",
        "country": "FR",
        "materials": ["SERUM"],
        "data_categories": ["GENOMIC_DATA"],
        "amounts": "200 aliquots of 0.5 ml",
        "duo_terms": ["DS:E11"],
        "purpose": "research",
        "moves": ["material", "data"],
        "data_kind": "genetic",
        "identifiability": "pseudonymised",
        "subjects": 200,
    }
    body.update(changes)
    return body
