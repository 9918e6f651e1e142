"""EU → China and China → EU access requests in a real browser: from the directory cart to "made available",
with the compliance checklist blocking until every step has its evidence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import ADMIN_PASSWORD, LiveServer, cli_env

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "access-browser-password"

HEADER = (
    "record_type,id,biobank_id,parent_id,name_en,name_zh,country,region,contact_email,"
    "material_types,diseases,access_conditions,donors,samples,count_year"
)
ROWS = (
    "biobank,jy-lyon-test,,,Lyon Journey Biobank (fictional),里昂旅程样本库（虚构）,FR,EU,"
    "access@lyon-journey.example,SERUM,,,900,2000,2025",
    "collection,jy-lyon-test:serum,jy-lyon-test,,Lyon journey serum (fictional),里昂旅程血清（虚构）,,,,"
    "SERUM,E11,HMB,900,2000,2025",
    "biobank,jy-hangzhou-test,,,Hangzhou Journey Biobank (fictional),杭州旅程样本库（虚构）,CN,China,"
    "access@hangzhou-journey.example,SERUM,,,1200,5000,2025",
    "collection,jy-hangzhou-test:serum,jy-hangzhou-test,,Hangzhou journey serum (fictional),杭州旅程血清（虚构）,,,,"
    "SERUM;DNA,E11,GRU;IRB,1200,5000,2025",
)
CSV = "\n".join((HEADER, *ROWS)) + "\n"
PEOPLE = {
    "jy-lea-fictional": "researcher",
    "jy-wang-fictional": "researcher",
    "jy-rep-lyon-fictional": "biobank_manager",
    "jy-rep-hangzhou-fictional": "biobank_manager",
    "jy-committee-fictional": "reviewer",
}


def _cli(live_server: LiveServer, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ic2permed", *args],
        cwd=live_server.cwd,
        input=stdin,
        text=True,
        env=cli_env(),
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def cast(live_server: LiveServer) -> None:
    """Fictional biobanks, collections with DUO conditions, people in each role and the representatives."""
    catalogue = live_server.cwd / "journey.csv"
    catalogue.write_text(CSV, encoding="utf-8")
    _cli(live_server, "biobanks", "import", str(catalogue))
    for username, role in PEOPLE.items():
        _cli(
            live_server,
            "users",
            "create",
            "--username",
            username,
            "--role",
            role,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
    token = _cli(live_server, "users", "token", "create", "pat-fictional", "--label", "journey").strip()
    headers = {"Authorization": f"Bearer {token}"}
    for username, biobank in (
        ("jy-rep-lyon-fictional", "jy-lyon-test"),
        ("jy-rep-hangzhou-fictional", "jy-hangzhou-test"),
    ):
        response = httpx.put(
            f"{live_server.url}/api/v1/biobanks/biobanks/{biobank}/managers/{username}", headers=headers
        )
        assert response.status_code == 200, response.text
    assert ADMIN_PASSWORD  # the shared server's admin created the token above


def _login(chromium: Any, live_server: LiveServer, username: str) -> Any:
    context = chromium.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/login?next=/requests")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/requests")
    return page


def _press(page: Any, url: str, section: str | None, button: str) -> None:
    page.goto(url)
    scope = page.locator(section) if section else page
    scope.get_by_role("button", name=button, exact=True).first.click()
    page.wait_for_url(url if section is None else f"{url}*")


def _evidence(page: Any, url: str, section: str, actors: tuple[str, ...]) -> int:
    """Fill every open evidence form of `section` whose step the given actors may evidence."""
    filled = 0
    while True:
        page.goto(url)
        rows = page.locator(f"{section} tr[data-status='pending']")
        target = None
        for index in range(rows.count()):
            row = rows.nth(index)
            if row.get_attribute("data-actor") in actors:
                target = row
                break
        if target is None:
            return filled
        target.get_by_label("Reference (approval or filing number, contract version)").fill(f"REF-{filled + 1}")
        target.get_by_label("Date").fill("2026-11-20")
        target.get_by_role("button", name="Record evidence").click()
        page.wait_for_url(f"{url}*")
        filled += 1


def _journey(
    chromium: Any, live_server: LiveServer, requester: str, rep: str, collection: str, country: str, tag: str
) -> None:
    from playwright.sync_api import expect

    page = _login(chromium, live_server, requester)
    page.goto(f"{live_server.url}/biobanks/collection/{collection}")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(f"**/biobanks/collection/{collection}")
    page.goto(f"{live_server.url}/biobanks/cart")
    page.get_by_label("Title").fill(f"Serum study {tag} (fictional)")
    page.get_by_role("button", name="Save request draft").click()
    page.wait_for_url("**/biobanks/requests/*")
    page.get_by_role("link", name="Turn into an access request").click()
    page.wait_for_url("**/requests/new?draft=*")
    expect(page.get_by_label("Title")).to_have_value(f"Serum study {tag} (fictional)")
    page.get_by_label("Principal investigator").fill("Dr Fictive")
    page.get_by_label("Institution", exact=True).fill("Fictional Institute")
    page.get_by_label("Institution's country (ISO code, e.g. FR, CN)").fill(country)
    page.get_by_label("Intended use as DUO terms (e.g. HMB, DS:E11)").fill("DS:E11")
    page.get_by_role("button", name="Check the request").click()
    page.wait_for_url("**/requests/new")
    expect(page.locator("#preview")).to_contain_text("Guidance, not legal advice.")
    page.screenshot(path=str(SHOTS / f"access-{tag}-preview.png"), full_page=True)
    page.get_by_role("button", name="Submit the request").click()
    page.wait_for_url("**/requests/*")
    url = page.url
    expect(page.locator("#request-state")).to_have_text("Under review")

    committee = _login(chromium, live_server, "jy-committee-fictional")
    _press(committee, url, None, "In progress")
    expect(committee.locator("#request-state")).to_have_text("In progress")

    representative = _login(chromium, live_server, rep)
    section = "section.ac-item"
    for button in ("Checking availability", "Available", "Access conditions indicated"):
        _press(representative, url, section, button)
    agreement = tag == "eu-cn"  # the Hangzhou biobank asks for its MTA, version 1.0, accepted by both sides
    if agreement:
        representative.goto(f"{live_server.url}/requests/agreements")
        representative.get_by_label("Biobank").select_option("jy-hangzhou-test")
        representative.get_by_label("Kind").select_option("mta")
        representative.get_by_label("Version").fill("1.0")
        representative.get_by_label("Title").fill("Hangzhou journey MTA (fictional)")
        representative.get_by_role("button", name="Publish").click()
        expect(representative.get_by_test_id("agreement-row")).to_contain_text("Hangzhou journey MTA (fictional)")
        page.goto(url)
        page.get_by_role("button", name="Accept Hangzhou journey MTA (fictional), version 1.0").click()
        page.wait_for_url(f"{url}*")
        expect(page.get_by_test_id("item-agreement")).to_contain_text("Still to accept: Biobank representative")
    _press(page, url, section, "Access conditions met")

    representative.goto(url)
    representative.locator(section).get_by_role("button", name="Made available", exact=True).click()
    alert = representative.locator("p.error[role=alert]")
    expect(alert).to_contain_text("lack evidence")
    expect(alert).to_contain_text("Ethics approval on the recipient")
    if agreement:
        expect(alert).to_contain_text("not accepted by both parties: Material transfer agreement 1.0")
        representative.get_by_role("button", name="Accept Hangzhou journey MTA (fictional), version 1.0").click()
        representative.wait_for_url(f"{url}*")
        expect(representative.get_by_test_id("item-agreement")).not_to_contain_text("Still to accept")
    representative.screenshot(path=str(SHOTS / f"access-{tag}-blocked.png"), full_page=True)

    assert _evidence(representative, url, section, ("PROVIDER", "BOTH")) > 0
    assert _evidence(page, url, section, ("RECIPIENT",)) > 0
    _press(representative, url, section, "Made available")
    expect(representative.locator(f"{section} [data-testid=item-state]")).to_have_text("Made available")
    representative.screenshot(path=str(SHOTS / f"access-{tag}-made-available.png"), full_page=True)
    if agreement:  # the biobank sets when access ends, then withdraws it
        grant = representative.get_by_test_id("grant-controls")
        grant.get_by_label("Access until").fill("2027-06-30")
        grant.get_by_role("button", name="Save end date").click()
        expect(representative.locator(section)).to_contain_text("access until 2027-06-30")
        grant = representative.get_by_test_id("grant-controls")
        grant.get_by_label("Reason").fill("Consent withdrawn (fictional)")
        grant.get_by_role("button", name="Revoke access").click()
        expect(representative.locator(section)).to_contain_text("revoked")
        expect(representative.get_by_test_id("grant-controls")).to_have_count(0)
    representative.get_by_role("button", name="简体中文").click()
    representative.wait_for_url(url)
    expect(representative.locator(f"{section} [data-testid=item-state]")).to_have_text("已提供")
    expect(representative.locator(".ac-note")).to_contain_text("仅供指引，不构成法律意见。")
    representative.screenshot(path=str(SHOTS / f"access-{tag}-made-available-zh.png"), full_page=True)
    for p in (page, committee, representative):
        p.context.close()


def test_eu_researcher_gets_serum_from_a_chinese_biobank(live_server: LiveServer, chromium: Any, cast: None) -> None:
    SHOTS.mkdir(exist_ok=True)
    _journey(
        chromium, live_server, "jy-lea-fictional", "jy-rep-hangzhou-fictional", "jy-hangzhou-test:serum", "FR", "eu-cn"
    )


def test_chinese_researcher_gets_serum_from_an_eu_biobank(live_server: LiveServer, chromium: Any, cast: None) -> None:
    SHOTS.mkdir(exist_ok=True)
    _journey(chromium, live_server, "jy-wang-fictional", "jy-rep-lyon-fictional", "jy-lyon-test:serum", "CN", "cn-eu")
