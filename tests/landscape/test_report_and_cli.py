"""The PDF report carries Chinese with an embedded CJK font; the CLI keeps its contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from ic2permed.core.fonts import cjk_font
from ic2permed.landscape import report
from tests.clirunner import InProcessCli
from tests.fakes.servers import cli_env
from tests.landscape.test_analysis import LABELLED


@pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")
def test_pdf_report_has_chinese_text_and_an_embedded_cjk_font() -> None:
    body = report.pdf(LABELLED, "zh_Hans", "测试视图")
    reader = PdfReader(io.BytesIO(body))
    # pypdf returns the 2-byte CID text with NULs between characters; poppler's pdftotext does not.
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    assert "IC2PerMed 政策全景报告" in text
    assert "虚构项目 cn-cancer-fund" in text
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():  # type: ignore[index]
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    embedded.append(str(descriptor["/FontName"]))
    assert any("CJK" in name for name in embedded), embedded


def test_command_line_contract(cli: InProcessCli) -> None:
    exported = cli("landscape", "export", "--format", "json", IC2PERMED_LOAD_BUNDLED_DATA="true")
    assert exported.code == 0, exported.stderr
    items = json.loads(exported.stdout)
    required = {
        "id",
        "kind",
        "region",
        "country",
        "issuing_body",
        "identifier",
        "year",
        "status",
        "title_en",
        "title_zh",
        "themes",
        "sources",
        "verified",
    }
    assert items and all(required <= set(i) for i in items)
    assert {i["region"] for i in items} <= {"EU", "Europe (non-EU)", "China", "International"}
    assert all(isinstance(i["themes"], list) and isinstance(i["verified"], bool) for i in items)
    assert all({"url", "title"} <= set(s) for i in items for s in i["sources"])
    found = cli("landscape", "search", "GDPR", "--json", "--limit", "3")
    assert found.code == 0, found.stderr
    ranked = json.loads(found.stdout)
    assert ranked[0]["id"] == "eu-gdpr" and len(ranked) <= 3


def test_the_console_script_refuses_a_missing_file(tmp_path: Path) -> None:
    """A real `ic2permed landscape` process: a usage error, a non-zero exit, no traceback."""
    bad = subprocess.run(
        [sys.executable, "-m", "ic2permed", "landscape", "import", str(tmp_path / "missing.csv")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=cli_env(IC2PERMED_LOAD_BUNDLED_DATA="false"),
        timeout=180,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "missing.csv" in bad.stderr and bad.stdout == ""
