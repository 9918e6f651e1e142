"""The request pages in both languages: form with DUO findings before submission, checklist, dossier."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from ic2permed.core.fonts import cjk_font
from tests.access.conftest import auth
from tests.factories import csrf_from, login

pytestmark = pytest.mark.anyio

FORM = {
    "collection_ids": ["bb-lyon-test:serum"],
    "title": "Commercial serum study (fictional)",
    "investigator": "Dr Wang Fictive",
    "institution": "Fictional Hangzhou Lab",
    "country": "CN",
    "duo_terms": "HMB",
    "purpose": "commercial",
    "moves": ["material", "data"],
    "data_kind": "genetic",
    "identifiability": "pseudonymised",
    "subjects": "300",
}


async def test_form_shows_duo_mismatch_and_steps_then_submits(
    api: httpx.AsyncClient, catalogue: dict[str, str]
) -> None:
    await login(api, "wang-fictional")
    page = await api.get("/requests/new", params={"collection": "bb-lyon-test:serum"})
    assert page.status_code == 200
    assert "Lyon serum cohort" in page.text
    checked = await api.post("/requests/new", data={**FORM, "action": "check", "csrf_token": csrf_from(page.text)})
    assert checked.status_code == 200, checked.text
    assert "DUO mismatch" in checked.text and "NCU" in checked.text
    assert "eu_gdpr_scc" in checked.text and "Guidance, not legal advice." in checked.text
    submitted = await api.post(
        "/requests/new", data={**FORM, "action": "submit", "csrf_token": csrf_from(checked.text)}
    )
    assert submitted.status_code == 303
    detail = await api.get(submitted.headers["location"])
    assert detail.status_code == 200
    assert "Rules version" in detail.text and "Under review" in detail.text
    assert "Evidence missing" in detail.text

    zh = await api.get(submitted.headers["location"], headers={"Accept-Language": "zh-CN"}, cookies={"lang": "zh_Hans"})
    assert zh.status_code == 200

    bad = await api.post(
        "/requests/new", data={**FORM, "country": "XX", "action": "submit", "csrf_token": csrf_from(checked.text)}
    )
    assert bad.status_code == 422 and "country" in bad.text


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")
async def test_dossier_pdf_embeds_chinese_and_html_downloads(
    api: httpx.AsyncClient, catalogue: dict[str, str], tmp_path: Path
) -> None:
    headers = auth(catalogue, "lea-fictional")
    body = {
        "collection_ids": ["bb-hangzhou-test:serum"],
        "title": "血清研究 serum study (fictional)",
        "investigator": "Dr Léa Fictive",
        "institution": "Fictional Institute of Lyon",
        "country": "FR",
        "moves": ["material"],
    }
    created = (await api.post("/api/v1/requests", json=body, headers=headers)).json()
    await login(api, "lea-fictional")
    pdf = await api.get(f"/requests/{created['id']}/dossier.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    # pypdf returns the 2-byte CID text with NULs between characters.
    text = "".join(p.extract_text() for p in reader.pages).replace("\x00", "")
    assert "血清研究" in text and "杭州血清与基因型" in text
    embedded = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    embedded.append(str(descriptor["/FontName"]))
    assert any("CJK" in name for name in embedded), embedded
    (tmp_path / "dossier.pdf").write_bytes(pdf.content)
    html = await api.get(f"/requests/{created['id']}/dossier.html")
    assert html.status_code == 200 and "attachment" in html.headers["content-disposition"]
    assert "cn_hgr" not in html.text or "HGR" in html.text
    other = await api.get(f"/requests/{created['id']}/dossier.pdf", headers=auth(catalogue, "wang-fictional"))
    assert other.status_code == 404
