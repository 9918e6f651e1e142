"""The one way the platform writes a PDF: A4, Chinese embedded, titled, numbered, ragged-right text.

Every generated PDF (landscape report, access dossier, Delphi roadmap) starts from :class:`Document`, so
each carries its title and language in the metadata (what a PDF reader shows in its window and tab),
"page n of N" in the footer, and left-aligned paragraphs: fpdf2 justifies by default, which stretches
short lines and Chinese text into gaps. Images flow with the text and shrink to fill the page they are
on rather than leave half a page empty.
"""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

from fpdf import FPDF
from PIL import Image

from ic2permed.core.fonts import cjk_font
from ic2permed.core.i18n import HTML_LANG, N_, gettext

log = logging.getLogger(__name__)
MARGIN = 15
SHRINK_TO_FIT = 0.6
"""An image may shrink to this share of its width to fit the rest of a page before it moves to the next."""


class Document(FPDF):
    """An A4 document with the CJK font embedded (subset) so Chinese renders in any viewer."""

    def __init__(self, title: str, locale: str, subject: str = "") -> None:
        super().__init__(format="A4")
        self.locale = locale
        self.heading = title
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 5)
        self.family = "helvetica"
        font = cjk_font()
        if font is not None:
            self.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
            self.family = "cjk"
        else:
            log.warning("No CJK font found (install fonts-noto-cjk); Chinese will not render in the PDF")
        self.set_title(title)
        self.set_subject(subject or title)
        self.set_author("IC2PerMed")
        self.set_creator("IC2PerMed")
        self.set_lang(HTML_LANG.get(locale, "en"))
        self.set_creation_date(datetime.now(UTC))
        self.add_page()

    def footer(self) -> None:
        """The document's title and "page n of N" on every page."""
        self.set_y(-MARGIN)
        self.set_font(self.family, size=7)
        self.set_text_color(90, 90, 90)
        label = gettext(self.locale, N_("Page %(page)s of %(pages)s")) % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, f"{self.heading} · {label}", align="C")
        self.set_text_color(0, 0, 0)

    def paragraph(
        self, text: str, size: float = 9, height: float = 5, indent: float = 0, link: str = "", colour: int = 0
    ) -> None:
        """One left-aligned paragraph; an indent moves the whole block, a link makes it clickable."""
        if not text:
            return
        self.set_font(self.family, size=size)
        if link:
            self.set_text_color(11, 79, 138)  # the platform's link blue
        else:
            self.set_text_color(colour, colour, colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, height, text, align="L", link=link, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def picture(self, png: bytes, width: float | None = None) -> None:
        """An image in the flow: full width, or smaller to finish this page, or on the next page."""
        with Image.open(io.BytesIO(png)) as image:
            ratio = image.height / image.width
        width = width or self.epw
        room = self.h - self.b_margin - self.y
        if width * ratio > room:
            fitted = room / ratio
            if fitted < width * SHRINK_TO_FIT:
                self.add_page()
                room = self.h - self.b_margin - self.y
                fitted = min(width, room / ratio)
            width = fitted
        self.image(io.BytesIO(png), x=self.l_margin + (self.epw - width) / 2, w=width)
        self.ln(2)

    def bytes(self) -> bytes:
        return bytes(self.output())
