"""A small fictional catalogue (no real biobanks, no real figures) and helpers for the biobank tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from ic2permed.biobanks import service
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.web.app import create_app

SOURCE = [{"url": "https://example.org/fictional", "title": "Fictional", "accessed": "2026-11-28", "quote": "x"}]

CATALOGUE: dict[str, Any] = {
    "networks": [{"id": "test-net", "name_en": "Test Network", "name_zh": "测试网络", "verified": True}],
    "biobanks": [
        {
            "id": "bb-north",
            "name_en": "Northern Test Biobank",
            "name_zh": "北方测试生物样本库",
            "country": "DE",
            "region": "EU",
            "city": "Testburg",
            "juristic_person": "Test University",
            "quality_marks": ["ISO 20387"],
            "networks": ["test-net"],
            "donors": 5000,
            "samples": 20000,
            "count_year": 2024,
            "sources": SOURCE,
            "verified": True,
            "collections": [
                {
                    "id": "bb-north:diabetes",
                    "name_en": "Diabetes cohort",
                    "name_zh": "糖尿病队列",
                    "collection_types": ["DISEASE_SPECIFIC"],
                    "material_types": ["SERUM", "DNA"],
                    "data_categories": ["MEDICAL_RECORDS"],
                    "diseases": ["E10", "E11.9"],
                    "sex": ["MALE", "FEMALE"],
                    "access_conditions": ["DUO:0000007"],
                    "commercial_use": False,
                    "donors": 3000,
                    "samples": 12000,
                    "count_year": 2024,
                    "sub_collections": [
                        {
                            "id": "bb-north:diabetes:type1",
                            "name_en": "Type 1 diabetes children",
                            "name_zh": "1型糖尿病儿童",
                            "material_types": ["SERUM"],
                            "diseases": ["E10.9"],
                            "donors": 400,
                            "samples": 1600,
                            "count_year": 2024,
                        }
                    ],
                },
                {
                    "id": "bb-north:cancer",
                    "name_en": "Breast cancer tissue",
                    "name_zh": "乳腺癌组织",
                    "collection_types": ["DISEASE_SPECIFIC"],
                    "material_types": ["TISSUE_FROZEN", "DNA"],
                    "diseases": ["C50.9"],
                    "commercial_use": True,
                    "donors": 800,
                    "samples": 500,
                    "count_year": 2015,
                },
            ],
        },
        {
            "id": "bb-east",
            "name_en": "Eastern Test Cohort",
            "name_zh": "东部测试队列",
            "country": "CN",
            "region": "China",
            "city": "Testcity",
            "quality_marks": ["GB/T 37864"],
            "collection_types": ["POPULATION_BASED"],
            "material_types": ["SERUM", "WHOLE_BLOOD"],
            "diseases": ["E11", "I21", "ORPHA:558"],
            "donors": 100000,
            "samples": 400000,
            "count_year": 2023,
            "sources": SOURCE,
            "verified": False,
        },
        {
            "id": "bb-west",
            "name_en": "Western Test Biobank",
            "name_zh": "",
            "country": "GB",
            "region": "Europe (non-EU)",
            "material_types": ["PLASMA"],
            "diseases": ["F31.8", "XX99"],
            "donors": 10,
            "samples": 5,
            "count_year": None,
            "sources": [],
            "verified": False,
        },
    ],
}


def catalogue_bytes() -> bytes:
    return json.dumps(CATALOGUE, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def loaded(database: Database) -> Iterator[Database]:
    """The database fixture (SQLite and PostgreSQL) holding the fictional catalogue."""
    with database.session() as session:
        assert service.load_bundle(session, catalogue_bytes(), name="biobanks-test")
    yield database


@pytest.fixture
async def web(settings: Settings, loaded: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client over an app serving the fictional catalogue."""
    app = create_app(settings, loaded)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield http
