"""The landscape report as an analyst opens it: titled, numbered, every item's link and summary, no gaps."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ic2permed.core.fonts import cjk_font
from ic2permed.landscape import charts, report
from ic2permed.landscape.schemas import ItemRead
from tests.landscape.test_analysis import LABELLED, item

pytestmark = pytest.mark.skipif(cjk_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)")


def _many() -> list[ItemRead]:
    """Enough fictional items, with links and summaries in both languages, to run over several pages."""
    found = []
    for n in range(36):
        made = item(f"cn-fictional-{n}", region="China" if n % 2 else "EU", year=2000 + n % 24, themes=["genomics"])
        found.append(
            made.model_copy(
                update={
                    "url": f"https://example.org/fictional/{n}",
                    "title_en": f"Fictional programme {n} on sharing genomic data across borders between Europe and "
                    "China, with consent, data protection and benefit sharing written into every agreement",
                    "summary_en": f"Fictional summary number {n} about genomic data sharing and consent.",
                    "summary_zh": f"虚构摘要第 {n} 号：关于基因组数据共享与知情同意。",
                }
            )
        )
    return found


def _text(reader: PdfReader) -> str:
    # pypdf returns the 2-byte CID text with NULs between characters; poppler's pdftotext does not.
    return "".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def test_the_report_is_titled_numbered_and_links_each_item() -> None:
    items = _many()
    for locale, title, page_one in (
        ("en", "IC2PerMed landscape report", "Page 1 of"),
        ("zh_Hans", "IC2PerMed 政策全景报告", "第 1 页，共"),
    ):
        reader = PdfReader(io.BytesIO(report.pdf(items, locale, "view")))
        assert reader.metadata is not None and reader.metadata.title == title  # the reader's window and tab
        assert len(reader.pages) > 1
        last = reader.pages[-1].extract_text().replace("\x00", "")
        assert f"{len(reader.pages)}" in last and page_one[:-2] in _text(reader)
        text = _text(reader)
        assert page_one in text
        summary = items[3].summary(locale)
        assert summary[:12] in text, summary
        links = {
            str(annotation.get_object()["/A"]["/URI"])
            for page in reader.pages
            for annotation in page.get("/Annots", []) or []
            if "/A" in annotation.get_object()
        }
        assert {str(i.url) for i in items} <= links  # each item's own link, clickable
        if locale == "zh_Hans":
            assert "中国" in text and "欧盟" in text  # region names in the reader's language, not codes


def test_text_is_left_aligned_not_justified() -> None:
    """fpdf2 justifies by default, spacing out the words of each line (a TJ array with gaps); the report never does."""
    body = report.pdf(_many(), "en", "view")
    reader = PdfReader(io.BytesIO(body))
    streams = b"".join(page.get_contents().get_data() for page in reader.pages)  # type: ignore[union-attr]
    assert b" Tj" in streams and b"] TJ" not in streams


def test_the_timeline_has_a_title_and_named_axes_in_both_languages() -> None:
    for locale, words in (("en", ["Items per year", "Year", "Number of items"]), ("zh_Hans", ["年份", "条目数"])):
        svg = charts.timeline(LABELLED, locale, title=words[0]).decode("utf-8")
        for word in words:
            assert f">{word}<" in svg or word in svg, (locale, word)


def _darkest(strip: Image.Image) -> int:
    low, _high = strip.getextrema()  # a greyscale image: (darkest, lightest)
    return int(low)  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (apt-get install poppler-utils)")
@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_no_page_but_the_last_is_half_empty(locale: str, tmp_path: Path) -> None:
    """Rendered as a reader sees it: every page before the last carries ink into its lower third."""
    (tmp_path / "report.pdf").write_bytes(report.pdf(_many(), locale, "view"))
    subprocess.run(["pdftoppm", "-r", "30", "-png", "report.pdf", "page"], cwd=tmp_path, check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) > 1
    for path in pages[:-1]:
        with Image.open(path) as picture:
            grey = picture.convert("L")
            body = grey.crop((0, 0, grey.width, int(grey.height * 0.92)))  # above the footer line
            rows = [y for y in range(body.height) if _darkest(body.crop((0, y, body.width, y + 1))) < 160]
        assert rows and rows[-1] > body.height * 0.75, f"{path.name} ends at {rows[-1] if rows else 0}/{body.height}"
