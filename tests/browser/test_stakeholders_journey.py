"""A planner searches an organisation in Chinese, opens its ego network, reads the top EU–China brokers and the
suggested bridges, and downloads the network as GraphML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_search_ego_network_brokers_bridges_and_graphml(live_server: LiveServer, chromium: Any, tmp_path: Path) -> None:
    context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/stakeholders")
    page.get_by_label("用中文或英文按名称或缩写搜索机构").fill("药品监督")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url("**/stakeholders?q=*")
    first = page.locator("ul.organisations > li").first
    expect(first).to_contain_text("国家药品监督管理局")

    first.get_by_role("link").first.click()
    page.wait_for_url("**/stakeholders/organisations/cn-nmpa")
    expect(page.get_by_role("heading", name="自我中心网络")).to_be_visible()
    ego = page.locator("figure.network svg")
    expect(ego.locator("a.node[data-id='cn-nmpa']")).to_have_count(1)
    expect(ego.locator("a.node[data-id='int-ich']")).to_have_count(1)  # a direct partner is drawn
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "stakeholders-organisation-zh.png"), full_page=True)

    # With JavaScript, hovering a partner dims the organisations it is not tied to.
    ego.locator("a.node[data-id='int-ich']").hover()
    expect(ego.locator("a.node[data-id='cn-nhc']")).to_have_css("opacity", "0.25")
    expect(ego.locator("a.node[data-id='cn-nmpa']")).to_have_css("opacity", "1")

    # Clicking a partner in the picture opens its page: the picture works without JavaScript.
    ego.locator("a.node[data-id='int-ich']").click()
    page.wait_for_url("**/stakeholders/organisations/int-ich")

    page.goto(live_server.url + "/stakeholders")
    brokers = page.locator("table.brokers tbody tr")
    expect(brokers.first).to_be_visible()
    assert brokers.count() >= 5
    expect(page.get_by_role("heading", name="中欧主要中介机构")).to_be_visible()
    suggestions = page.locator("ol.suggestions > li")
    expect(suggestions.first).to_contain_text("↔")
    page.screenshot(path=str(SHOTS / "stakeholders-index-zh.png"), full_page=True)

    with page.expect_download() as caught:
        page.get_by_role("link", name="GraphML").click()
    target = tmp_path / "network.graphml"
    caught.value.save_as(target)
    graph = nx.read_graphml(target)
    assert "cn-nmpa" in graph and graph.nodes["cn-nmpa"]["name_zh"] == "国家药品监督管理局"
    context.close()
