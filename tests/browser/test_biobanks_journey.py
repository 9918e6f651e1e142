"""A researcher searches the bundled directory, filters by disease, opens a collection, adds it to cart."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer, cli_env, free_port

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "researcher-browser-password"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Module-scoped, so Playwright's event loop is closed before later async tests run in this process."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Like `live_server`, with the bundled datasets loaded and a fictional researcher."""
    cwd = tmp_path_factory.mktemp("live-biobanks")
    env = {**cli_env(), "IC2PERMED_LOAD_BUNDLED_DATA": "true"}
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
        cwd=cwd,
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (cwd / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "ic2permed", "serve", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.terminate()
        pytest.fail(f"server did not start: {(cwd / 'server.log').read_text()}")
    yield LiveServer(url, cwd)
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_search_filter_by_disease_open_collection_add_to_cart(bundled_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(bundled_server.url + "/login?next=/biobanks")
    page.get_by_label("Username").fill("rae-fictional")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/biobanks")

    page.get_by_label("Search in English or Chinese").fill("cancer")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/biobanks?*q=cancer*")
    before = int(page.locator("#result-count").inner_text())
    assert before > 0

    filters = page.get_by_role("complementary", name="Filters")
    filters.get_by_role("group", name="Disease (ICD-10)").get_by_label("II — Neoplasms", exact=False).check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**disease=II*")
    after = int(page.locator("#result-count").inner_text())
    assert 0 < after <= before

    first = page.locator(".bb-hit h3 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/biobanks/collection/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith(name)
    assert page.locator('script[type="application/ld+json"]').count() == 1
    page.get_by_role("button", name="Add to cart").click()
    assert page.get_by_text("This collection is in your cart.").is_visible()

    page.get_by_role("link", name="Go to the cart").click()
    assert page.get_by_role("link", name=name).is_visible()
    assert page.get_by_text("Disease (ICD-10): II").first.is_visible()  # the search that found it is kept
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "biobanks-cart.png"), full_page=True)
    context.close()


def test_chinese_search_shows_chinese_facets(bundled_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(bundled_server.url + "/biobanks?q=%E8%82%BF%E7%98%A4")  # 肿瘤
    assert int(page.locator("#result-count").inner_text()) > 0
    filters = page.get_by_role("complementary", name="筛选")
    assert filters.get_by_role("group", name="样本类型").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "biobanks-search-zh.png"), full_page=True)
    context.close()
