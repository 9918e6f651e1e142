"""An analyst searches, compares a theme, looks at opportunities and downloads a report, in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_search_compare_opportunities_report(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/landscape")
    page.get_by_label("可用中文或英文按标题、编号或缩写搜索").fill("個人信息保護法")
    page.get_by_role("button", name="搜索", exact=True).click()
    first = page.locator("ol.items > li").first
    assert "个人信息保护法" in first.inner_text()

    page.get_by_role("checkbox", name="中国").check()
    page.get_by_role("button", name="应用筛选").click()
    assert page.locator("ol.items > li").count() >= 1
    assert all(li.get_attribute("data-region") == "China" for li in page.locator("ol.items > li").all())

    page.get_by_role("link", name="按主题并列对比").click()
    page.get_by_label("主题").select_option("data-protection")
    page.get_by_role("button", name="对比").click()
    aligned = page.locator("tr.aligned")
    assert aligned.count() >= 1
    row = aligned.filter(has_text="Regulation (EU) 2016/679")
    assert "个人信息保护法" in row.inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "landscape-compare-zh.png"), full_page=True)

    page.goto(live_server.url + "/landscape/opportunities")
    reasons = page.locator("p.reason")
    assert reasons.count() >= 3
    assert "双方均涉及" in reasons.first.inner_text()

    page.goto(live_server.url + "/landscape?region=China")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="报告（PDF）").click()
    download = download_info.value
    path = download.path()
    assert path is not None and Path(path).read_bytes().startswith(b"%PDF")
    context.close()
