"""A coordinator proposes and accepts a balanced membership, runs a two-round Delphi study in which three
experts vote (in English and Chinese), closes it and downloads the roadmap PDF."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.browser.conftest import LiveServer, cli_env

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "journey-password-42"
EXPERTS = [
    ("journey-eu1", "Alvena Quorn (demo)", "", "EU", "academia"),
    ("journey-cn1", "Chen Rui (demo)", "陈睿（演示）", "China", "healthcare"),
    ("journey-cn2", "Lin Lan (demo)", "林澜（演示）", "China", "academia"),
    ("journey-eu2", "Bredric Vellax (demo)", "", "Europe (non-EU)", "industry"),
]


def _cli(server: LiveServer, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ic2permed", *args],
        cwd=server.cwd,
        env=cli_env(),
        input=stdin,
        text=True,
        capture_output=True,
        check=True,
        timeout=180,
    )
    return done.stdout.strip()


def _seed(server: LiveServer) -> None:
    """The coordinator's account, a small pilot group and four invited experts (fictional)."""
    _cli(
        server,
        "users",
        "create",
        "--username",
        "coord-journey",
        "--role",
        "coordinator",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    token = _cli(server, "users", "token", "create", "coord-journey")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.url + "/api/v1", headers=headers, timeout=30) as api:
        group = api.post(
            "/working-groups",
            json={
                "id": "wg-journey",
                "name_en": "Pilot group on data sharing",
                "name_zh": "数据共享试点组",
                "pillar": "pillar-2",
                "themes": ["wg-5"],
                "min_size": 3,
                "max_size": 4,
            },
        )
        assert group.status_code == 201, group.text
        for username, name, name_zh, region, sector in EXPERTS:
            invited = api.post(
                "/experts/invitations",
                json={
                    "username": username,
                    "password": PASSWORD,
                    "profile": {
                        "name": name,
                        "name_zh": name_zh,
                        "region": region,
                        "sector": sector,
                        "expertise": ["wg-5"],
                        "languages": ["en", "zh"] if name_zh else ["en"],
                        "consent_listed": True,
                    },
                },
            )
            assert invited.status_code == 201, invited.text


def _login(page: Any, url: str, username: str, zh: bool = False) -> None:
    page.goto(url + "/login")
    page.get_by_label("用户名" if zh else "Username").fill(username)
    page.get_by_label("密码" if zh else "Password").fill(PASSWORD)
    page.get_by_role("button", name="登录" if zh else "Log in").click()
    page.wait_for_url(url + "/")


def _vote(chromium: Any, server: LiveServer, username: str, study_url: str, ratings: dict[str, int], zh: bool) -> None:
    from playwright.sync_api import expect

    context = chromium.new_context(locale="zh-CN" if zh else "en-GB")
    page = context.new_page()
    _login(page, server.url, username, zh)
    page.goto(study_url + "/vote")
    for code, rating in ratings.items():
        page.locator(f"#statement-{code}").get_by_role("radio", name=str(rating), exact=False).first.check()
    page.get_by_role("button", name="保存我的回答" if zh else "Save my answers").click()
    page.wait_for_url(study_url + "/vote?saved=1")
    expect(page.locator("#saved")).to_be_visible()
    expect(page.locator("#answered")).to_contain_text(f"{len(ratings)}")
    for code, rating in ratings.items():
        expect(page.locator(f"#statement-{code} input[value='{rating}']")).to_be_checked()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"experts-ballot-{username}.png"), full_page=True)
    context.close()


def test_membership_delphi_roadmap(live_server: LiveServer, chromium: Any) -> None:
    from playwright.sync_api import expect

    _seed(live_server)
    url = live_server.url
    context = chromium.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    _login(page, url, "coord-journey")

    # balanced membership: propose for the pilot group, review, accept
    page.goto(url + "/working-groups")
    page.get_by_label("Pilot group on data sharing").check()
    page.get_by_role("button", name="Propose membership").click()
    page.wait_for_url(url + "/working-groups/proposals/*")
    expect(page.locator("#proposal-status")).to_have_text("draft")
    expect(page.locator("#objective")).to_have_text("4")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "experts-proposal-en.png"), full_page=True)
    page.get_by_role("button", name="Accept this membership").click()
    page.wait_for_url(url + "/working-groups")
    page.goto(url + "/working-groups/wg-journey")
    members = page.locator("#members tbody tr")
    expect(members).to_have_count(4)

    # a two-round Delphi study
    page.get_by_role("link", name="Open a Delphi study").click()
    page.wait_for_url(url + "/delphi/new?group=wg-journey")
    page.get_by_label("Title (English)").fill("Data sharing priorities")
    page.get_by_label("Title (Chinese)").fill("数据共享优先事项")
    page.get_by_label("Statements, one per line").fill(
        "Common consent templates for EU–China projects | 中欧项目通用知情同意模板 | Data\n"
        "Joint audits of biobanks | 生物样本库联合审计 | Infrastructure"
    )
    deadline = (datetime.now(UTC) + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Deadline of the first round (UTC)").fill(deadline)
    page.get_by_role("button", name="Open the study").click()
    page.wait_for_url(url + "/delphi/*")
    study_url = page.url
    expect(page.locator("#current-round")).to_contain_text("Round 1")

    _vote(chromium, live_server, "journey-eu1", study_url, {"S1": 5, "S2": 2}, zh=False)
    _vote(chromium, live_server, "journey-cn1", study_url, {"S1": 4, "S2": 4}, zh=True)
    _vote(chromium, live_server, "journey-cn2", study_url, {"S1": 5, "S2": 3}, zh=True)

    page.goto(study_url)
    expect(page.locator("#result-S1")).to_contain_text("include")
    expect(page.locator("#pending")).to_contain_text("Bredric Vellax (demo)")
    page.get_by_label("Deadline (UTC)").fill(deadline)
    page.get_by_role("button", name="Open the next round").click()
    page.wait_for_url(study_url)
    expect(page.locator("#current-round")).to_contain_text("Round 2")

    # round 2: each expert sees their previous rating and the group's distribution
    _vote(chromium, live_server, "journey-eu1", study_url, {"S1": 5, "S2": 4}, zh=False)
    _vote(chromium, live_server, "journey-cn1", study_url, {"S1": 5, "S2": 4}, zh=True)
    _vote(chromium, live_server, "journey-cn2", study_url, {"S1": 4, "S2": 5}, zh=True)

    page.goto(study_url)
    expect(page.locator("#result-S2")).to_contain_text("include")  # 4, 4, 5 → CVI 1.0
    page.screenshot(path=str(SHOTS / "experts-study-en.png"), full_page=True)
    page.get_by_role("button", name="Close the study and build the roadmap").click()
    page.wait_for_url(study_url + "/roadmap")
    expect(page.locator(".roadmap-entry")).to_have_count(2)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    english = download_info.value.path()
    assert english is not None and Path(english).read_bytes().startswith(b"%PDF")
    context.close()

    # the Chinese roadmap PDF: Chinese text embedded as text (and rendered to PNG for a look)
    zh_context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    zh_page = zh_context.new_page()
    _login(zh_page, url, "journey-cn1", zh=True)
    zh_page.goto(study_url + "/roadmap")
    expect(zh_page.locator("h1")).to_contain_text("路线图")
    zh_page.screenshot(path=str(SHOTS / "experts-roadmap-zh.png"), full_page=True)
    with zh_page.expect_download() as zh_download:
        zh_page.get_by_role("link", name="下载 PDF").click()
    path = zh_download.value.path()
    assert path is not None
    pdf = Path(path).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\x00", "")
    assert "中欧项目通用知情同意模板" in text and "达成共识的陈述" in text and "数据共享试点组" in text
    (SHOTS / "experts-roadmap-zh.pdf").write_bytes(pdf)
    zh_context.close()
