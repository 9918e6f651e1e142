"""A researcher counts across nodes; the fast nodes' answers show up before the slow node's."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import LiveServer, cli_env
from tests.fakes.hub_nodes import fake_node
from tests.fakes.servers import serving

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def register(live: LiveServer, node_id: str, url: str, region: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ic2permed",
            "nodes",
            "add",
            node_id,
            url + "/api",
            "--name",
            node_id,
            "--region",
            region,
            "--jurisdiction",
            "CN" if region == "China" else "EU",
        ],
        cwd=live.cwd,
        env=cli_env(),
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_answers_stream_in_as_nodes_reply(live_server: LiveServer, chromium: Any) -> None:
    with (
        serving(fake_node(count=150)) as fast_eu,
        serving(fake_node(count=60)) as fast_cn,
        serving(fake_node(count=10, delay=2.5)) as slow_cn,
    ):
        register(live_server, "fast-eu", fast_eu, "EU")
        register(live_server, "fast-cn", fast_cn, "China")
        register(live_server, "slow-cn", slow_cn, "China")
        context = chromium.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(live_server.url + "/federated-search")
        page.get_by_label("疾病（ICD-10 编码、类目组或章，逗号分隔）").fill("E10-E14")
        page.get_by_role("combobox", name="性别").select_option("female")
        started = time.monotonic()
        page.get_by_role("button", name="在所有节点中计数").click(no_wait_after=True)
        page.locator('tr[data-node="fast-eu"]').wait_for(timeout=2000)
        page.locator('tr[data-node="fast-cn"]').wait_for(timeout=2000)
        assert page.locator('tr[data-node="slow-cn"]').count() == 0
        assert time.monotonic() - started < 2.4
        page.locator('tr[data-node="slow-cn"]').wait_for(timeout=6000)
        totals = page.locator("ul.totals").inner_text()
        assert "欧盟: 150" in totals.replace("：", ": ") and "中国: 70" in totals.replace("：", ": ")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "federated-search-zh.png"), full_page=True)
        context.close()
