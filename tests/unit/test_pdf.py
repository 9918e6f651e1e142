"""Every generated PDF starts from core.pdf.Document: title and language in the metadata, numbered pages."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ic2permed.core.pdf import Document


def test_a_document_carries_its_title_language_and_page_numbers() -> None:
    doc = Document("访问申请档案 #7", "zh_Hans", subject="虚构申请")
    for n in range(120):
        doc.paragraph(f"第 {n} 段：一段足够长的中文文字，用来把文档撑到好几页，以便检查页脚的页码是否正确。")
    reader = PdfReader(io.BytesIO(doc.bytes()))
    assert reader.metadata is not None and reader.metadata.title == "访问申请档案 #7"
    assert reader.metadata.subject == "虚构申请"
    assert str(reader.trailer["/Root"]["/Lang"]) == "zh-Hans"  # type: ignore[index]
    pages = len(reader.pages)
    assert pages > 1
    last = reader.pages[-1].extract_text().replace("\x00", "")
    assert f"第 {pages} 页，共 {pages} 页" in last
