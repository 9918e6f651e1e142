"""/docs in a real browser: Swagger UI 5 reads the OpenAPI 3.1 document, lists operations and answers a try-out.

The page is served under a Content-Security-Policy that forbids inline scripts, as a deployment may set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Route, expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NO_INLINE_SCRIPTS = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"


def _with_csp(route: Route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": NO_INLINE_SCRIPTS})


def test_docs_list_operations_and_try_one_out(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.route(live_server.url + "/docs", _with_csp)
    page.goto(live_server.url + "/docs")

    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="API documentation")).to_be_visible()
    expect(page.locator(".swagger-ui .version-stamp").first).to_contain_text("OAS 3.1")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() > 20
    expect(page.locator(".api-links").get_by_role("link", name="/beacon/api", exact=True)).to_be_visible()
    expect(page.locator("#operations-tag-beacon_network")).to_be_visible()

    operation = page.locator(".opblock-get", has=page.locator('[data-path="/api/v1/landscape/items"]')).first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(operation.locator(".live-responses-table .microlight").first).to_contain_text("total")
    assert blocked == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)
    context.close()
