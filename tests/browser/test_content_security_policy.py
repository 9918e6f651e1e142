"""A real browser enforces the Content-Security-Policy on every main page and reports no violation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
PAGES = [
    "/",
    "/login",
    "/landscape",
    "/landscape/compare?theme=pillar-1",
    "/landscape/report.html",
    "/biobanks",
    "/biobanks/stats",
    "/federated-search",
    "/stakeholders",
    "/stakeholders/organisations/cn-bgi",
    "/experts",
    "/working-groups",
]


def test_pages_run_under_the_policy_without_violations(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("main, #main, body").first).to_be_visible()
    page.goto(live_server.url + "/biobanks")
    page.locator("#disease_text").fill("E1")
    expect(page.locator("#icd10-options option").first).to_be_attached(timeout=10_000)  # the external script runs
    context.close()
    assert violations == []
