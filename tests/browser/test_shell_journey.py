"""A person logs in, switches to Chinese, sees the translated navigation and logs out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ADMIN_PASSWORD, LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_login_switch_to_chinese_and_logout(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="Landscape").is_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("pat-fictional")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("link", name="pat-fictional").is_visible()

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(live_server.url + "/")
    zh_nav = page.get_by_role("navigation", name="主导航")
    for label in ("首页", "政策全景", "生物样本库", "联邦检索"):
        assert zh_nav.get_by_role("link", name=label).is_visible()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "home-zh.png"), full_page=True)

    page.reload()
    assert page.get_by_role("link", name="政策全景").first.is_visible()

    page.get_by_role("button", name="退出登录").click()
    assert page.get_by_role("link", name="登录").is_visible()
    assert page.get_by_role("link", name="pat-fictional").count() == 0
    context.close()


def test_chinese_browser_gets_chinese_first_page(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "连接欧洲与中国的个性化医学"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到主要内容"
    context.close()
