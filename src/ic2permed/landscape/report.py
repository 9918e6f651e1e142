"""A downloadable PDF report of any filtered view: charts, then each item with its link and summary."""

from __future__ import annotations

from datetime import date

from ic2permed.core.i18n import N_, gettext
from ic2permed.core.pdf import Document
from ic2permed.core.vocab import regions
from ic2permed.landscape import charts
from ic2permed.landscape.labels import KINDS, STATUSES
from ic2permed.landscape.schemas import ItemRead

TITLE = N_("IC2PerMed landscape report")
HEATMAP_TITLE = N_("Items per theme and region")
TIMELINE_TITLE = N_("Items per year and region")


def pdf(items: list[ItemRead], locale: str, description: str) -> bytes:
    """A4 report in `locale`: metadata title, page numbers, titled charts, and items that flow after them."""

    def t(message: str) -> str:
        return gettext(locale, message)

    doc = Document(t(TITLE), locale, subject=description)
    doc.paragraph(t(TITLE), size=16, height=9)
    count = t(N_("%(n)s items")) % {"n": len(items)}
    doc.paragraph(f"{description} · {date.today().isoformat()} · {count}", colour=70)
    doc.ln(3)
    doc.picture(charts.heatmap(items, locale, fmt="png", title=t(HEATMAP_TITLE)))
    doc.picture(charts.timeline(items, locale, fmt="png", title=t(TIMELINE_TITLE)))
    doc.ln(2)
    doc.paragraph(t(N_("Items")), size=12, height=8)
    for item in items:
        title = item.title(locale)
        other = item.title_en if locale == "zh_Hans" else item.title_zh
        doc.paragraph(title + (f" / {other}" if other and other != title else ""), size=9.5, height=5)
        facts = [
            regions.region(item.region).label(locale) if item.region in regions.REGION_CODES else item.region,
            t(KINDS[item.kind]),
            t(STATUSES[item.status]),
            str(item.year or ""),
            item.identifier or "",
        ]
        if not item.verified:
            facts.append(t(N_("unverified")))
        doc.paragraph(" · ".join(f for f in facts if f), size=7.5, height=4, colour=70)
        doc.paragraph(item.summary(locale), size=8, height=4)
        link = item.url or next((str(s.get("url")) for s in item.sources if s.get("url")), "")
        if link:
            doc.paragraph(link, size=7.5, height=4, link=link)
        doc.ln(2)
    return doc.bytes()
