"""Roadmap and raw-vote exports: CSV, XLSX, and a PDF with Chinese embedded and a chart per statement."""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

from fastapi.responses import Response

from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.exports import XLSX_MEDIA_TYPE, SafeDictWriter, xlsx_table
from ic2permed.core.i18n import N_, gettext
from ic2permed.core.pdf import Document
from ic2permed.core.vocab import themes
from ic2permed.experts import charts
from ic2permed.experts.labels import DECISIONS, SCALES, priority_text
from ic2permed.experts.schemas import RoadmapEntry, RoadmapRead

log = logging.getLogger(__name__)

RULE_NAMES = {"cvi": N_("Content Validity Index"), "comet": N_("COMET rule"), "iqr": N_("Median and IQR")}

ROADMAP_COLUMNS = (
    "pillar",
    "working_group",
    "priority",
    "statement_id",
    "text_en",
    "text_zh",
    "n",
    "mean",
    "sd",
    "median",
    "iqr",
    "agreement_pct",
    "disagreement_pct",
    "cvi",
    "decision",
    "stability",
    "diverges",
)
VOTE_COLUMNS = ("round", "expert_id", "region", "sector", "statement_id", "rating", "comment", "updated_at")


def download(content: bytes | str, media_type: str, filename: str) -> Response:
    body = content.encode("utf-8") if isinstance(content, str) else content
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _row(entry: RoadmapEntry, reached: bool) -> dict[str, Any]:
    f = entry.figures
    return {
        "pillar": entry.pillar or "",
        "working_group": entry.group_id,
        "priority": entry.priority,
        "statement_id": entry.statement.code,
        "text_en": entry.statement.text_en,
        "text_zh": entry.statement.text_zh,
        **{k: ("" if f.get(k) is None else f[k]) for k in ROADMAP_COLUMNS[6:]},
    }


def roadmap_csv(*roadmaps: RoadmapRead) -> str:
    """The consensus statements with their statistics (UTF-8 with BOM so spreadsheets read the Chinese)."""
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=ROADMAP_COLUMNS)
    writer.writeheader()
    for roadmap in roadmaps:
        for entry in roadmap.entries:
            writer.writerow(_row(entry, True))
    return "\ufeff" + buffer.getvalue()


def votes_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=VOTE_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


VOTE_LABELS = {
    "round": N_("Round"),
    "expert_id": N_("Expert ID"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "statement_id": N_("Statement ID"),
    "rating": N_("Rating"),
    "comment": N_("Comment"),
    "updated_at": N_("Updated"),
}


def votes_xlsx(rows: list[dict[str, Any]], locale: str = "en") -> bytes:
    """The raw votes as a spreadsheet (text never run as a formula), the header in `locale`."""
    header = [gettext(locale, VOTE_LABELS[c]) for c in VOTE_COLUMNS]
    return xlsx_table(gettext(locale, N_("Votes")), header, ([row[c] for c in VOTE_COLUMNS] for row in rows))


def votes_response(rows: list[dict[str, Any]], fmt: str, study_id: int, locale: str = "en") -> Response:
    if fmt == "csv":
        return download(votes_csv(rows), "text/csv", f"delphi-{study_id}-votes.csv")
    if fmt == "xlsx":
        return download(
            votes_xlsx(rows, locale),
            XLSX_MEDIA_TYPE,
            f"delphi-{study_id}-votes.xlsx",
        )
    raise ValidationFailed("Unknown format", [FieldError("format", f"{fmt!r}: csv or xlsx")])


def _label(code: str | None, locale: str) -> str:
    if code is None:
        return ""
    return themes.theme(code).label(locale) if themes.is_theme(code) else code


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value:.0f} %"


def _num(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def roadmap_pdf(roadmap: RoadmapRead, group_name: str, locale: str) -> bytes:
    """One study's roadmap: its pillar and group, then each statement with figures and distribution chart."""
    doc = Document(gettext(locale, N_("IC2PerMed roadmap")), locale, subject=roadmap.study.title(locale))
    doc.paragraph(gettext(locale, N_("IC2PerMed roadmap")), 16, 9)
    _section(doc, roadmap, group_name, locale)
    return doc.bytes()


def combined_pdf(sections: list[tuple[RoadmapRead, str]], locale: str) -> bytes:
    """The whole roadmap: every closed study, in pillar and working-group order, one section each."""
    doc = Document(gettext(locale, N_("IC2PerMed roadmap")), locale)
    doc.paragraph(gettext(locale, N_("IC2PerMed roadmap")), 16, 9)
    doc.paragraph(date.today().isoformat())
    if not sections:
        doc.paragraph(gettext(locale, N_("No Delphi study has been closed yet.")), 9, 6)
    for roadmap, group_name in sections:
        doc.ln(4)
        _section(doc, roadmap, group_name, locale)
    return doc.bytes()


def _section(doc: Document, roadmap: RoadmapRead, group_name: str, locale: str) -> None:
    study = roadmap.study
    doc.paragraph(study.title(locale), 12, 7)
    pillar_label = gettext(locale, N_("Pillar"))
    group_label = gettext(locale, N_("Working group"))
    round_label = gettext(locale, N_("Round"))
    scale = gettext(locale, SCALES[study.scale])
    rule = gettext(locale, RULE_NAMES[study.rule]) if study.rule else ""
    pillar = _label(roadmap.pillar, locale)
    facts = [
        f"{pillar_label}: {pillar}",
        f"{group_label}: {group_name}",
        " · ".join(p for p in (f"{round_label} {roadmap.round_number}", scale, rule, date.today().isoformat()) if p),
    ]
    for line in facts:
        doc.paragraph(line)
    doc.ln(3)
    heading = N_("Statements that reached consensus") if study.scale != "rank" else N_("Statements in ranked order")
    doc.paragraph(gettext(locale, heading) + f" ({len(roadmap.entries)})", 12, 7)
    for entry in roadmap.entries:
        _entry(doc, entry, study.scale, locale)
    if roadmap.not_reached:
        doc.ln(2)
        doc.paragraph(gettext(locale, N_("Without consensus")) + f" ({len(roadmap.not_reached)})", 12, 7)
        for entry in roadmap.not_reached:
            _entry(doc, entry, study.scale, locale, chart=False)


def _entry(doc: Document, entry: RoadmapEntry, scale: str, locale: str, chart: bool = True) -> None:
    f = entry.figures
    statement = entry.statement
    doc.ln(2)
    doc.paragraph(f"{statement.code} · {statement.text_en}", 10, 5)
    doc.paragraph(statement.text_zh, 10, 5)
    if entry.priority:
        priority = priority_text(entry.priority, locale)
        doc.paragraph(f"{gettext(locale, N_('Priority'))}: {priority}", 8, 4)
    decision = gettext(locale, DECISIONS[f["decision"]]) if f.get("decision") else "—"
    stats = (
        f"n = {f['n']} · {gettext(locale, N_('median'))} {_num(f['median'])} · IQR {_num(f['iqr'])} · "
        f"{gettext(locale, N_('mean'))} {_num(f['mean'])} (SD {_num(f['sd'])}) · "
        f"{gettext(locale, N_('agreement'))} {_pct(f['agreement_pct'])} · {gettext(locale, N_('decision'))}: {decision}"
    )
    doc.paragraph(stats, 8, 4)
    sides = []
    for key, label in (("EU", N_("Europe")), ("China", N_("China"))):
        side = f["by_region"].get(key)
        if side and side["n"]:
            sides.append(f"{gettext(locale, label)}: n = {side['n']}, {_pct(side['agreement_pct'])}")
    if f.get("diverges"):
        sides.append(gettext(locale, N_("Europe and China diverge")))
    if sides:
        doc.paragraph(" · ".join(sides), 8, 4)
    if chart and f.get("distribution"):
        doc.picture(charts.distribution(f["distribution"], scale, locale, fmt="png"), width=80)
