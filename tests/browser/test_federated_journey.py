"""A researcher counts across nodes; the fast nodes' answers show up before the slow node's."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, cli_env
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def nodes_command(live: LiveServer, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "ic2permed", "nodes", *args],
        cwd=live.cwd,
        env=cli_env(),
        check=True,
        capture_output=True,
        timeout=60,
    )


@contextmanager
def registered(live: LiveServer, name: str, url: str, region: str) -> Iterator[str]:
    """A node registered on the shared server under a fresh id, disabled again afterwards."""
    node_id = f"{name}-{uuid.uuid4().hex[:8]}"
    jurisdiction = "CN" if region == "China" else "EU"
    nodes_command(
        live, "add", node_id, url + "/api", "--name", name, "--region", region, "--jurisdiction", jurisdiction
    )
    try:
        yield node_id
    finally:
        nodes_command(live, "disable", node_id)


def test_answers_stream_in_as_nodes_reply(live_server: LiveServer, chromium: Any) -> None:
    slow_may_answer = threading.Event()
    with (
        serving(fake_node(count=150)) as fast_eu_url,
        serving(fake_node(count=60)) as fast_cn_url,
        serving(fake_node(count=10, gate=slow_may_answer)) as slow_cn_url,
        registered(live_server, "fast-eu", fast_eu_url, "EU") as fast_eu,
        registered(live_server, "fast-cn", fast_cn_url, "China") as fast_cn,
        registered(live_server, "slow-cn", slow_cn_url, "China") as slow_cn,
    ):
        context = chromium.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(live_server.url + "/federated-search")
        page.get_by_label("疾病（ICD-10 编码、类目组或章，逗号分隔）").fill("E10-E14")
        page.get_by_role("combobox", name="性别").select_option("female")
        try:
            page.get_by_role("button", name="在所有节点中计数").click(no_wait_after=True)
            # The slow node cannot answer yet, so these rows can only be on screen if the page streams.
            expect(page.locator(f'tr[data-node="{fast_eu}"]')).to_be_visible()
            expect(page.locator(f'tr[data-node="{fast_cn}"]')).to_be_visible()
            expect(page.locator(f'tr[data-node="{slow_cn}"]')).to_have_count(0)
        finally:
            slow_may_answer.set()
        expect(page.locator(f'tr[data-node="{slow_cn}"]')).to_be_visible()
        arrived = page.locator("tr[data-node]").evaluate_all("rows => rows.map(r => r.dataset.node)")
        assert sorted(arrived[:2]) == sorted([fast_eu, fast_cn]) and arrived[2:] == [slow_cn]
        totals = page.locator("ul.totals")
        expect(totals).to_contain_text("150")
        text = totals.inner_text().replace("：", ": ")
        assert "欧盟: 150" in text and "中国: 70" in text
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "federated-search-zh.png"), full_page=True)
        context.close()
