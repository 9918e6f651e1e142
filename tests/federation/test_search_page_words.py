"""The federated search page: disease words in either language lead to ICD-10 codes; nothing typed is lost."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("word", "locale", "code"), [("糖尿病", "zh-Hans", "E10-E14"), ("diabetes", "en", "E10-E14")])
async def test_a_disease_word_offers_codes_and_keeps_the_form(
    client: httpx.AsyncClient, word: str, locale: str, code: str
) -> None:
    query = {"disease": f"C50, {word}", "sex": "female", "age_min": "40", "material": "SERUM"}
    page = await client.get("/federated-search", params=query, headers={"Accept-Language": locale})
    assert page.status_code == 422
    text = html.unescape(page.text)
    assert f'value="C50, {word}"' in text  # the disease field keeps what was typed
    assert 'value="40"' in text and 'value="female" selected' in text and 'value="SERUM" checked' in text
    links = [href for href in text.split('href="')[1:] if href.startswith("/federated-search?")]
    chosen = [parse_qs(urlsplit(href.split('"')[0]).query) for href in links]
    swapped = [q for q in chosen if q.get("disease") == [f"C50, {code}"]]
    assert swapped, "no suggestion swaps the word for its ICD-10 code"
    assert swapped[0]["sex"] == ["female"] and swapped[0]["material"] == ["SERUM"]
    followed = await client.get(links[chosen.index(swapped[0])].split('"')[0])
    assert followed.status_code == 200


async def test_with_no_node_the_page_says_how_to_add_one(client: httpx.AsyncClient) -> None:
    page = await client.get("/federated-search", params={"disease": "E11"})
    assert page.status_code == 200
    assert "No node is registered yet" in page.text
    assert "ic2permed nodes add" in page.text
