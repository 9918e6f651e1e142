"""An analyst searches, compares a theme, looks at opportunities and downloads a report, in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_search_compare_opportunities_report(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/landscape")
    page.get_by_label("可用中文或英文按标题、编号或缩写搜索").fill("個人信息保護法")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url("**/landscape?**q=**")
    expect(page.locator("ol.items > li").first).to_contain_text("个人信息保护法")

    page.locator('input[name="region"][value="China"]').check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url("**region=China**")
    expect(page.locator("ol.items > li").first).to_be_visible()
    expect(page.locator('ol.items > li:not([data-region="China"])')).to_have_count(0)

    page.get_by_role("link", name="按主题并列对比").click()
    page.wait_for_url("**/landscape/compare**")
    page.get_by_label("主题").select_option("data-protection")
    page.get_by_role("button", name="对比").click()
    page.wait_for_url("**theme=data-protection**")
    row = page.locator("tr.aligned").filter(has_text="Regulation (EU) 2016/679")
    expect(row).to_contain_text("个人信息保护法")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "landscape-compare-zh.png"), full_page=True)

    page.goto(live_server.url + "/landscape/opportunities")
    reasons = page.locator("p.reason")
    expect(reasons.nth(2)).to_be_visible()  # at least three
    expect(reasons.first).to_contain_text("双方均涉及")

    page.goto(live_server.url + "/landscape?region=China")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="报告（PDF）").click()
    download = download_info.value
    path = download.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF")
    context.close()
