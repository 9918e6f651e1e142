"""An admin, in Chinese, creates a user (and hands over the one-time password) and registers a federation node."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ADMIN_PASSWORD, LiveServer

pytestmark = pytest.mark.browser


def test_admin_creates_a_user_and_a_node_in_chinese(live_server: LiveServer, chromium: Any) -> None:
    context = chromium.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.locator("#username").fill("pat-fictional")
    page.locator("#password").fill(ADMIN_PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    page.get_by_role("link", name="用户", exact=True).click()
    page.wait_for_url("**/admin/users")
    expect(page.get_by_role("heading", name="用户", exact=True)).to_be_visible()
    username = f"lin-fictional-{secrets.token_hex(3)}"
    form = page.locator("#new-user")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("页面上显示的名称").fill("林虚构")
    form.get_by_label("研究人员").check()
    form.get_by_role("button", name="创建用户").click()
    expect(page.get_by_text(f"请现在把这个一次性密码交给 {username}")).to_be_visible()
    password = page.locator("#one-time-password").inner_text()
    row = page.locator(f"tr[data-username='{username}']")
    expect(row).to_contain_text("研究人员")

    other = chromium.new_context(locale="zh-CN")
    newcomer = other.new_page()
    newcomer.goto(live_server.url + "/login")
    newcomer.locator("#username").fill(username)
    newcomer.locator("#password").fill(password)
    newcomer.locator("form[action='/login'] button[type=submit]").click()
    newcomer.wait_for_url(live_server.url + "/")
    expect(newcomer.get_by_role("link", name=username)).to_be_visible()
    other.close()

    row.locator("summary").click()
    row.get_by_role("button", name="停用").click()
    page.wait_for_url("**/admin/users?saved=*")
    expect(page.locator(f"tr[data-username='{username}']")).to_contain_text("已停用")

    page.get_by_role("link", name="联邦节点", exact=True).click()
    page.wait_for_url("**/federated-search/nodes")
    expect(page.get_by_role("heading", name="联邦节点")).to_be_visible()
    node = f"cn-web-{secrets.token_hex(2)}"
    form = page.locator("#new-node")
    form.get_by_label("标识（简短，例如 eu-graz）").fill(node)
    form.get_by_label("向研究人员显示的名称").fill("网页登记的节点")
    form.get_by_label("Beacon 基础网址").fill("http://127.0.0.1:9/api")
    form.get_by_label("地区").select_option("China")
    form.get_by_role("button", name="登记节点").click()
    page.wait_for_url("**/federated-search/nodes?saved=*")
    row = page.locator(f"tr[data-node='{node}']")
    expect(row).to_contain_text("网页登记的节点")
    expect(row).to_contain_text("中国")

    row.get_by_role("button", name="移除").click()  # leave the shared server's registry as it was
    page.wait_for_url("**/federated-search/nodes")
    expect(page.locator(f"tr[data-node='{node}']")).to_have_count(0)
    context.close()
