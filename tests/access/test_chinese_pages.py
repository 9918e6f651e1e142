"""QA as a Chinese user: access pages, dossiers, notifications and e-mails say codes in words, in Chinese.

Each test reads what a Chinese reader sees (the page text without markup, the PDF text) and checks that the
Chinese labels are there and the raw codes (step ids, authority and actor codes, states, DUO and value codes)
are not."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ic2permed.access import compliance
from ic2permed.access.models import OutboxMessage
from ic2permed.core.database import Database
from ic2permed.core.fonts import cjk_font
from ic2permed.core.http.session import LANG_COOKIE
from tests.access.conftest import auth
from tests.access.test_pages import FORM
from tests.access.test_requests_api import REP, REQUESTER, REVIEWER, move, submit
from tests.factories import csrf_from, login

pytestmark = pytest.mark.anyio

ZH = {LANG_COOKIE: "zh_Hans"}
RAW_STEP_IDS = ("ethics_provider", "ethics_recipient", "material_transfer_agreement", "import_rules_recipient")
RAW_CODES = ("ETHICS_CN", "ETHICS_EU", "PROVINCIAL_CAC", "NONE", "PROVIDER", "RECIPIENT", "BOTH")


def visible(html: str) -> str:
    """What a reader sees: the text between the tags of <body> (attributes, styles and scripts dropped)."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]+", text))


async def test_check_page_in_chinese_names_steps_authorities_and_values_in_chinese(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    await login(api, "wang-fictional")
    api.cookies.update(ZH)
    page = await api.get("/requests/new", params={"collection": "bb-lyon-test:serum"})
    checked = await api.post("/requests/new", data={**FORM, "action": "check", "csrf_token": csrf_from(page.text)})
    assert checked.status_code == 200, checked.text
    text = visible(checked.text)
    assert "提供方伦理审查批准" in text and "材料转移协议（MTA）" in text  # step titles
    assert "提供方（样本库）" in text and "提供方和接收方" in text  # actors
    assert "《通用数据保护条例》第46条" in text  # the Chinese legal basis
    assert "GDPR Art. 46(2)(c)" not in text
    assert "里昂血清队列（虚构）" in text  # the preview heading uses the page language
    assert "Lyon serum cohort" not in text
    assert not words(text) & {*RAW_STEP_IDS, *RAW_CODES}, words(text) & {*RAW_STEP_IDS, *RAW_CODES}


async def test_request_page_in_chinese_labels_use_moves_and_the_blocker(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    request = await submit(api, catalogue)
    rid, item = request["id"], request["collections"][0]["id"]
    assert (await move(api, catalogue, REVIEWER, rid, "in_progress")).status_code == 200
    for target in ("checking_availability", "available", "access_conditions_indicated"):
        assert (await move(api, catalogue, REP, rid, target, item)).status_code == 200
    assert (await move(api, catalogue, REQUESTER, rid, "access_conditions_met", item)).status_code == 200

    # The API's 409 still lists the step ids, in its detail and its field list.
    blocked = await move(api, catalogue, REP, rid, "made_available", item)
    assert blocked.status_code == 409
    assert "ethics_provider" in blocked.json()["detail"]
    assert {"field": "checklist", "message": "ethics_provider"} in blocked.json()["errors"]

    await login(api, REP)
    api.cookies.update(ZH)
    page = await api.get(f"/requests/{rid}")
    text = visible(page.text)
    assert "以下步骤提供证明之前不能提供" in text
    assert "提供方伦理审查批准" in text and "接收方所在地关于人体生物材料进口的规定" in text
    assert "ethics_provider," not in text and "import_rules_recipient" not in text
    duo_zh = [s for s in text.splitlines() if "DS:E11" in s]
    assert duo_zh and "· research" not in text and "研究" in text  # DUO label and purpose in Chinese
    assert "material, data" not in text and "genetic ·" not in text and "pseudonymised" not in text
    assert "去标识化（假名化）" in text and "材料（样本）" in text
    assert "伦理审查委员会（中国）" in text and "ETHICS_CN" not in text and "PROVINCIAL_CAC" not in text
    assert "《人类遗传资源管理条例》第二十七条" in text  # the export certificate's Chinese legal basis

    made = await api.post(
        f"/requests/{rid}/move",
        data={"target": "made_available", "item": str(item), "csrf_token": csrf_from(page.text)},
    )
    assert made.status_code == 409
    refusal = visible(made.text)
    assert "无法提供该样本集：以下合规步骤尚缺证明" in refusal
    assert "提供方伦理审查批准" in refusal
    assert not words(refusal) & set(RAW_STEP_IDS), words(refusal) & set(RAW_STEP_IDS)


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")
async def test_chinese_dossier_pdf_and_html_say_states_codes_and_legal_basis_in_chinese(
    api: httpx.AsyncClient, catalogue: dict[str, str], tmp_path: Path
) -> None:
    request = await submit(api, catalogue)
    rid = request["id"]
    await login(api, REQUESTER)
    api.cookies.update(ZH)
    pdf = await api.get(f"/requests/{rid}/dossier.pdf")
    assert pdf.status_code == 200
    (tmp_path / "dossier-zh.pdf").write_bytes(pdf.content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\x00", "")
    flat = re.sub(r"\s+", "", text)
    assert "审核中" in flat and "已提交" in flat  # request and collection states
    assert "伦理审查委员会（中国）" in flat and "提供方和接收方" in flat
    assert "《人类遗传资源管理条例》第二十七条" in flat
    for raw in ("under_review", "submitted", "ETHICS_CN", "PROVIDER", "NONE·BOTH", "HGRRegulationArt."):
        assert raw not in flat, raw
    html = await api.get(f"/requests/{rid}/dossier.html")
    shown = visible(html.text)
    assert "审核中" in shown and "伦理审查委员会（中国）" in shown and "《人类遗传资源管理条例》" in shown
    assert "under_review" not in shown and "ETHICS_CN" not in shown and "HGR Regulation Art." not in shown


async def test_notifications_follow_the_readers_language_and_mail_is_bilingual(
    api: httpx.AsyncClient, catalogue: dict[str, str], database: Database
) -> None:
    request = await submit(api, catalogue)
    assert (await move(api, catalogue, REVIEWER, request["id"], "in_progress")).status_code == 200
    await login(api, REP)
    english = visible((await api.get("/requests/notifications")).text)
    assert "An access request asks for your collection Hangzhou serum and genotypes (fictional)" in english
    api.cookies.update(ZH)
    chinese = visible((await api.get("/requests/notifications")).text)
    assert "有一份访问申请涉及您的样本集 杭州血清与基因型（虚构）" in chinese
    assert "An access request asks" not in chinese

    await login(api, REQUESTER)
    api.cookies.update(ZH)
    mine = visible((await api.get("/requests/notifications")).text)
    assert "申请状态已变为：进行中" in mine and "in_progress" not in mine
    api_zh = await api.get("/api/v1/requests/notifications", headers=auth(catalogue, REQUESTER), cookies=ZH)
    assert api_zh.status_code == 200, api_zh.text  # the JSON list speaks the reader's language too
    assert any("进行中" in n["text"] for n in api_zh.json())

    with database.session() as session:
        mails = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "email")).all()
        assert mails
        body = str(mails[0].payload["body"])
        subject = str(mails[0].payload["subject"])
    assert "\n" not in subject and "Access request #" in subject and "访问申请 #" in subject  # one header line
    assert "Answer it in IC2PerMed" in body and "请在 IC2PerMed 中答复" in body
    assert "杭州血清与基因型（虚构）" in body


def test_every_rule_has_a_chinese_legal_basis_citing_chinese_titles() -> None:
    for rule in compliance.rules().rules:
        assert re.search(r"[\u4e00-\u9fff]", rule.legal_basis_zh), rule.id
        if "HGR Regulation" in rule.legal_basis:
            assert "《人类遗传资源管理条例》" in rule.legal_basis_zh, rule.id
        if "PIPL" in rule.legal_basis:
            assert "《个人信息保护法》" in rule.legal_basis_zh, rule.id
        if "GDPR Art." in rule.legal_basis and "UK GDPR" not in rule.legal_basis:
            assert "《通用数据保护条例》" in rule.legal_basis_zh, rule.id


def test_the_cli_contract_keeps_its_step_keys() -> None:
    transfer = compliance.parse_transfer(
        provider="CN", recipient="EU", moves=["data"], identifiability="pseudonymised", purpose="research"
    )
    steps = compliance.answer(transfer)["steps"]
    assert steps and all(
        set(s) == {"id", "title_en", "title_zh", "legal_basis", "citations", "authority", "actor"} for s in steps
    )
