"""A researcher on the Chinese page asks for a BMI range (a Locator criterion) and a real node answers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from playwright.sync_api import expect

from ic2permed.federation.node.synth import synthesise
from tests.browser.conftest import LiveServer
from tests.browser.test_federated_journey import registered
from tests.federation.node_helpers import live_node

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_a_bmi_range_on_the_chinese_page_is_counted_by_a_real_node(
    live_server: LiveServer, chromium: Any, tmp_path: Path
) -> None:
    db = tmp_path / "cn.duckdb"
    synthesise(db, 600, "cn", seed=21)
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT count(DISTINCT individual_pk) FROM measures WHERE assay = 'LOINC:39156-5' AND value BETWEEN 24 AND 27.9"
    ).fetchone()
    con.close()
    expected = int(row[0]) if row else 0
    assert 0 < expected < 600
    with live_node(db) as url, registered(live_server, "cn-bmi", url.removesuffix("/api"), "China") as node_id:
        context = chromium.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(live_server.url + "/federated-search")
        page.get_by_label("体重指数（BMI） (千克/平方米) 从").fill("24")
        page.get_by_label("体重指数（BMI） (千克/平方米) 至").fill("27.9")
        page.get_by_role("button", name="在所有节点中计数").click()
        row_of_node = page.locator(f'tr[data-node="{node_id}"]')
        expect(row_of_node.locator("td.count")).to_have_text(str(expected))
        expect(page.locator("#results-h + p.meta")).to_contain_text("体重指数（BMI） 24–27.9 千克/平方米")
        expect(page.get_by_label("体重指数（BMI） (千克/平方米) 从")).to_have_value("24")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "federated-locator-criteria-zh.png"), full_page=True)
        context.close()
