"""The three parts link up: from a landscape item to its directory entry, from there to the laws that govern
it and to a count in its own collection, which opens the federated search asking that node only."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.browser.test_federated_journey import nodes_command
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.browser


def test_landscape_item_to_biobank_to_a_count_in_its_collection(live_server: LiveServer, chromium: Any) -> None:
    with serving(fake_node(count=321)) as url:
        nodes_command(
            live_server,
            "add",
            "eu-demo-1",
            url + "/api",
            "--name",
            "EU demo node 1 (synthetic)",
            "--region",
            "EU",
            "--jurisdiction",
            "EU",
            "--biobank",
            "uk-ukbiobank",
        )
        try:
            context = chromium.new_context(locale="en-GB")
            page = context.new_page()
            page.goto(live_server.url + "/landscape/items/uk-biobank")
            page.locator("#in-directory + ul").get_by_role("link", name="UK Biobank").click()
            page.wait_for_url(live_server.url + "/biobanks/biobank/uk-ukbiobank")
            expect(page.get_by_role("heading", name="Laws and standards that govern it")).to_be_visible()
            expect(page.locator("table.governing")).to_contain_text("international standard")
            expect(page.locator("#in-landscape + ul")).to_contain_text("UK Biobank")
            count_here = page.get_by_role("region", name="Federated search")
            expect(count_here).to_contain_text("synthetic demo data, not this biobank's donors")
            count_here.get_by_role("link", name="Count in this collection").click()
            page.wait_for_url(live_server.url + "/federated-search?node=eu-demo-1")
            expect(page.locator("#scope")).to_contain_text("Asking only: EU demo node 1 (synthetic)")
            row = page.locator('tr[data-node="eu-demo-1"]')
            expect(row.locator("td.count")).to_contain_text("321")
            expect(row.get_by_role("link", name="UK Biobank")).to_have_attribute(
                "href", "/biobanks/biobank/uk-ukbiobank"
            )
            expect(page.locator("tr[data-node]")).to_have_count(1)  # no other node was asked
            # Adding a criterion keeps the scope.
            page.get_by_role("combobox", name="Sex").select_option("female")
            page.get_by_role("button", name="Count in the chosen node").click()
            page.wait_for_url("**/federated-search?*sex=female*")
            assert "node=eu-demo-1" in page.url
            expect(page.locator("tr[data-node]")).to_have_count(1)
            context.close()

            chinese = chromium.new_context(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"})
            page = chinese.new_page()
            page.goto(live_server.url + "/biobanks/biobank/uk-ukbiobank")
            page.get_by_role("link", name="在此样本集中计数").click()
            page.wait_for_url(live_server.url + "/federated-search?node=eu-demo-1")
            expect(page.locator('tr[data-node="eu-demo-1"] th')).to_contain_text("欧盟演示节点 1（合成数据）")
            chinese.close()
        finally:
            nodes_command(live_server, "disable", "eu-demo-1")
