"""A downloadable PDF report of any filtered view: charts and the item list, with Chinese embedded."""

from __future__ import annotations

import io
import logging
from datetime import date

from fpdf import FPDF

from ic2permed.core.fonts import cjk_font
from ic2permed.core.i18n import N_, gettext
from ic2permed.landscape import charts
from ic2permed.landscape.labels import KINDS, STATUSES
from ic2permed.landscape.schemas import ItemRead

log = logging.getLogger(__name__)


def pdf(items: list[ItemRead], locale: str, description: str) -> bytes:
    """A4 report; the CJK font is embedded (subset) so Chinese renders in any viewer."""
    doc = FPDF(format="A4")
    doc.set_auto_page_break(auto=True, margin=15)
    font = cjk_font()
    family = "helvetica"
    if font is not None:
        doc.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
        family = "cjk"
    else:
        log.warning("No CJK font found (install fonts-noto-cjk); Chinese will not render in the PDF")
    doc.add_page()
    doc.set_font(family, size=16)
    doc.multi_cell(0, 9, gettext(locale, N_("IC2PerMed landscape report")), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(family, size=9)
    doc.multi_cell(
        0,
        5,
        f"{description} · {date.today().isoformat()} · {len(items)} " + gettext(locale, N_("items")),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(2)
    for chart in (charts.heatmap, charts.timeline):
        image = io.BytesIO(chart(items, locale, fmt="png"))
        doc.image(image, w=180)
        doc.ln(3)
    doc.add_page()
    doc.set_font(family, size=12)
    doc.cell(0, 8, gettext(locale, N_("Items")), new_x="LMARGIN", new_y="NEXT")
    for item in items:
        doc.set_font(family, size=9)
        title = item.title(locale)
        other = item.title_en if locale == "zh_Hans" else item.title_zh
        line = f"{item.title(locale)}" + (f" / {other}" if other and other != title else "")
        doc.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        doc.set_font(family, size=7)
        facts = [
            item.region,
            gettext(locale, KINDS[item.kind]),
            gettext(locale, STATUSES[item.status]),
            str(item.year or ""),
            item.identifier or "",
        ]
        if not item.verified:
            facts.append(gettext(locale, N_("unverified")))
        doc.multi_cell(0, 4, " · ".join(f for f in facts if f), new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    return bytes(doc.output())
