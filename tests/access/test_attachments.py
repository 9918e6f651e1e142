"""Attachments: limits and types enforced, checksums, bytes outside the database, served only as downloads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from ic2permed.access import attachments
from ic2permed.core.config import Settings
from tests.access.conftest import auth, eu_to_cn_request

pytestmark = pytest.mark.anyio

PDF = b"%PDF-1.4\n% fictional ethics approval\n%%EOF\n"


async def _request(api: httpx.AsyncClient, tokens: dict[str, str]) -> tuple[int, int]:
    created = await api.post("/api/v1/requests", json=eu_to_cn_request(), headers=auth(tokens, "lea-fictional"))
    body = created.json()
    return body["id"], body["collections"][0]["id"]


async def test_upload_download_and_limits(
    api: httpx.AsyncClient, catalogue: dict[str, str], settings: Settings
) -> None:
    rid, item = await _request(api, catalogue)
    url = f"/api/v1/requests/{rid}/collections/{item}/attachments"
    lea = auth(catalogue, "lea-fictional")

    ok = await api.post(
        url,
        files={"file": ("伦理批件 approval.pdf", PDF, "application/pdf")},
        data={"body": "Ethics approval"},
        headers=lea,
    )
    assert ok.status_code == 201, ok.text
    digest = hashlib.sha256(PDF).hexdigest()
    stored = Path(settings.var_dir) / "attachments" / digest[:2] / digest
    assert stored.read_bytes() == PDF  # on disk under its checksum, not in the database

    detail = await api.get(f"/requests/{rid}", headers=lea)
    assert "伦理批件 approval.pdf" in detail.text

    for name, content, reason in (
        ("run.exe", b"MZ....", "not allowed"),
        ("page.html", b"<script>alert(1)</script>", "not allowed"),
        ("fake.pdf", b"<script>alert(1)</script>", "not a .pdf"),
        ("empty.txt", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * attachments.MAX_BYTES, "larger"),
    ):
        refused = await api.post(url, files={"file": (name, content, "application/pdf")}, headers=lea)
        assert refused.status_code == 422, (name, refused.text)
        assert reason in refused.text and "file" in refused.text

    rep = auth(catalogue, "rep-hangzhou-fictional")
    page = await api.get(f"/requests/{rid}", headers=rep)
    aid = int(page.text.split(f"/api/v1/requests/{rid}/attachments/")[1].split('"')[0])
    download = await api.get(f"/api/v1/requests/{rid}/attachments/{aid}", headers=rep)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["x-checksum-sha256"] == digest

    outsider = await api.get(f"/api/v1/requests/{rid}/attachments/{aid}", headers=auth(catalogue, "rep-lyon-fictional"))
    assert outsider.status_code == 404


def test_names_are_made_safe() -> None:
    assert attachments.safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert attachments.safe_name("C:\\\\x\\\\报告 <1>.pdf") == "报告 _1_.pdf"
