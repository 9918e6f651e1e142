"""A researcher searches the bundled directory, filters by disease, opens a collection, adds it to cart."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, cli_env

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "researcher-browser-password"


@pytest.fixture(scope="module")
def researcher(live_server: LiveServer) -> str:
    """A fictional researcher on the shared live server (which runs with the bundled data loaded)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ic2permed",
            "users",
            "create",
            "--username",
            "rae-fictional",
            "--role",
            "researcher",
            "--password-stdin",
        ],
        cwd=live_server.cwd,
        input=PASSWORD + "\n",
        text=True,
        env=cli_env(),
        check=True,
        capture_output=True,
    )
    return "rae-fictional"


def test_search_filter_by_disease_open_collection_add_to_cart(
    live_server: LiveServer, chromium: Any, researcher: str
) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/login?next=/biobanks")
    page.get_by_label("Username").fill(researcher)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/biobanks")

    page.get_by_label("Search in English or Chinese").fill("cancer")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/biobanks?*q=cancer*")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^[1-9][0-9]*$"))
    before = int(page.locator("#result-count").inner_text())

    filters = page.get_by_role("complementary", name="Filters")
    filters.get_by_role("group", name="Disease (ICD-10)").get_by_label("II — Neoplasms", exact=False).check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**disease=II*")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^[1-9][0-9]*$"))
    assert int(page.locator("#result-count").inner_text()) <= before

    first = page.locator(".bb-hit h3 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/biobanks/collection/**")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape(name)))
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("This collection is in your cart.")).to_be_visible()

    page.get_by_role("link", name="Go to the cart").click()
    page.wait_for_url("**/biobanks/cart")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_text("Disease (ICD-10): II").first).to_be_visible()  # the search that found it is kept
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "biobanks-cart.png"), full_page=True)

    page.get_by_role("button", name="Remove").click()  # leave the shared server as it was found
    expect(page.get_by_role("link", name=name)).to_have_count(0)
    context.close()


def test_chinese_search_shows_chinese_facets(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/biobanks?q=%E8%82%BF%E7%98%A4")  # 肿瘤
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^[1-9][0-9]*$"))
    filters = page.get_by_role("complementary", name="筛选")
    expect(filters.get_by_role("group", name="样本类型")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "biobanks-search-zh.png"), full_page=True)
    context.close()
