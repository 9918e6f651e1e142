"""A person logs in, switches to Chinese, sees the translated navigation and logs out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_PASSWORD, LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_login_switch_to_chinese_and_logout(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Landscape")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.wait_for_url("**/login**")
    page.get_by_label("Username").fill("pat-fictional")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("link", name="pat-fictional")).to_be_visible()

    page.get_by_role("button", name="简体中文").click()
    zh_nav = page.get_by_role("navigation", name="主导航")
    expect(zh_nav).to_be_visible()  # the POST → redirect → GET has finished once the Chinese page shows
    page.wait_for_url(live_server.url + "/")
    for label in ("首页", "政策全景", "生物样本库", "联邦检索"):
        expect(zh_nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "home-zh.png"), full_page=True)

    page.reload()
    expect(page.get_by_role("link", name="政策全景").first).to_be_visible()

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("link", name="登录")).to_be_visible()
    expect(page.get_by_role("link", name="pat-fictional")).to_have_count(0)
    context.close()


def test_chinese_browser_gets_chinese_first_page(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("连接欧洲与中国的个性化医学")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("跳到主要内容")
    context.close()
