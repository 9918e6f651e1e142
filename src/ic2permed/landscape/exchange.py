"""Files in and out: CSV (UTF-8 with BOM, for Excel) and XLSX in one column layout, JSON, BibTeX, RIS.

The column layout is documented in docs/landscape-columns.md; lists are joined with " | " and sources
are JSON (core.exports, the same as the directory's), so an export re-imports to the same items. The
XLSX header is in the reader's language; an import reads it in either language or as column names.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from fastapi.responses import Response
from openpyxl import load_workbook
from pydantic import ValidationError

from ic2permed.core.bounds import CountedLines, decode_utf8
from ic2permed.core.errors import FieldError, ValidationFailed
from ic2permed.core.exports import (
    LIST_SEPARATOR,
    XLSX_MEDIA_TYPE,
    SafeDictWriter,
    csv_writer,
    read_sources_cell,
    sources_cell,
    split_list,
    unescape_cell,
    xlsx_table,
)
from ic2permed.core.i18n import LOCALES, N_, gettext
from ic2permed.core.vocab import themes
from ic2permed.landscape.schemas import ItemCreate, ItemRead, Opportunity

COLUMNS = [
    "id",
    "kind",
    "legal_tier",
    "region",
    "country",
    "province",
    "issuing_body",
    "identifier",
    "celex",
    "url",
    "year",
    "in_force_date",
    "end_date",
    "status",
    "title_en",
    "title_zh",
    "title_zh_status",
    "acronyms",
    "summary_en",
    "summary_zh",
    "themes",
    "sources",
    "verified",
]
LIST_COLUMNS = ("acronyms", "themes")
SEPARATOR = LIST_SEPARATOR
COLUMN_LABELS = {
    "id": N_("Item ID"),
    "kind": N_("Kind"),
    "legal_tier": N_("Legal tier"),
    "region": N_("Region"),
    "country": N_("Country"),
    "province": N_("Province"),
    "issuing_body": N_("Issuing body"),
    "identifier": N_("Identifier"),
    "celex": N_("CELEX number"),
    "url": N_("Official link"),
    "year": N_("Year"),
    "in_force_date": N_("In force from"),
    "end_date": N_("End date"),
    "status": N_("Status"),
    "title_en": N_("Title (English)"),
    "title_zh": N_("Title (Chinese)"),
    "title_zh_status": N_("Chinese title status"),
    "acronyms": N_("Acronyms"),
    "summary_en": N_("Summary (English)"),
    "summary_zh": N_("Summary (Chinese)"),
    "themes": N_("Themes"),
    "sources": N_("Sources"),
    "verified": N_("Verified"),
}


def column_of(header: str) -> str:
    """The column a header names: the column name itself, or its label in any language."""
    for column, label in COLUMN_LABELS.items():
        if header == column or any(header == gettext(locale, label) for locale in LOCALES):
            return column
    return header


def known_theme(code: str | None) -> str:
    if code is None or not themes.is_theme(code):
        raise ValidationFailed("Unknown theme", [FieldError("theme", f"{code!r} is not a theme code")])
    return code


def to_row(item: ItemRead) -> dict[str, str]:
    data = item.model_dump(mode="json")
    row: dict[str, str] = {}
    for column in COLUMNS:
        value = data.get(column)
        if column in LIST_COLUMNS:
            row[column] = SEPARATOR.join(value or [])
        elif column == "sources":
            row[column] = sources_cell(value or [])
        elif column == "verified":
            row[column] = "true" if value else "false"
        else:
            row[column] = "" if value is None else str(value)
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column in COLUMNS:
        raw = row.get(column)
        value = "" if raw is None else unescape_cell(str(raw).strip())
        if column in LIST_COLUMNS:
            data[column] = split_list(value)
        elif column == "sources":
            data[column] = read_sources_cell(value)
        elif column == "verified":
            data[column] = value.lower() in ("true", "1", "yes")
        elif column == "year":
            data[column] = _year(value)
        else:
            data[column] = value or None
    for text_column in ("issuing_body", "title_zh", "summary_en", "summary_zh"):
        if data.get(text_column) is None:
            data[text_column] = ""
    data["title_zh_status"] = data.get("title_zh_status") or "translation"
    return data


def _year(value: str) -> int | str | None:
    """XLSX gives years as floats (2020.0); anything else is passed on for the schema to report as `year`."""
    if not value:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return value[:40]


def items_csv(items: list[ItemRead]) -> str:
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(to_row(i) for i in items)
    return "\ufeff" + buffer.getvalue()


def items_xlsx(items: list[ItemRead], locale: str = "en") -> bytes:
    """The items as a spreadsheet with the header in `locale` (an import reads it back in any language)."""
    header = [gettext(locale, COLUMN_LABELS[c]) for c in COLUMNS]
    rows = ([to_row(item)[c] for c in COLUMNS] for item in items)
    return xlsx_table(gettext(locale, N_("Landscape")), header, rows)


def read_rows(filename: str, content: bytes) -> list[dict[str, Any]]:
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(content), read_only=True)
            sheet = book.active
            rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
        except Exception as exc:  # a damaged or foreign file can fail anywhere inside zip/XML parsing
            raise ValidationFailed(
                "Unreadable file", [FieldError("file", f"not a readable .xlsx file ({exc})")]
            ) from None
        if not rows:
            return []
        header = [column_of(str(h)) for h in rows[0]]
        return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]
    lines = CountedLines(decode_utf8(content))
    reader = csv.DictReader(lines)
    try:
        return list(reader)
    except csv.Error as exc:  # e.g. a cell over the csv module's 128 KB limit
        raise ValidationFailed("Unreadable file", [FieldError("file", str(exc), lines.count)]) from None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0


def parse_import(filename: str, content: bytes) -> list[ItemCreate]:
    """Every row checked before anything is written: the rows as items, or one error naming each bad row."""
    try:
        rows = read_rows(filename, content)
    except (UnicodeDecodeError, ValueError, KeyError) as exc:
        raise ValidationFailed("Unreadable file", [FieldError("file", str(exc))]) from None
    missing = [c for c in ("id", "kind", "region", "status", "title_en") if rows and c not in rows[0]]
    if missing:
        raise ValidationFailed("Missing columns", [FieldError("header", f"missing: {', '.join(missing)}")])
    parsed: list[ItemCreate] = []
    errors: list[FieldError] = []
    for number, row in enumerate(rows, start=2):
        try:
            parsed.append(ItemCreate.model_validate(from_row(row)))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "row"
                errors.append(FieldError(field, str(err["msg"]).removeprefix("Value error, "), number))
        except (ValueError, json.JSONDecodeError) as exc:
            errors.append(FieldError("row", str(exc), number))
    ids = [p.id for p in parsed]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(FieldError("id", f"{duplicate!r} appears more than once", None))
    if errors:
        raise ValidationFailed(f"{len(errors)} problem(s) in {filename}; nothing was imported", errors)
    return parsed


def bibtex(items: list[ItemRead]) -> str:
    entries = []
    for item in items:
        fields = {
            "title": item.title_en,
            "author": "{" + (item.issuing_body or "Unknown") + "}",
            "year": str(item.year or ""),
            "number": item.identifier or "",
            "url": item.url or "",
            "note": item.title_zh,
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        entries.append(f"@misc{{{item.id},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def ris(items: list[ItemRead]) -> str:
    records = []
    for item in items:
        kind = "STAT" if item.kind == "law" else "STAND" if item.kind == "standard" else "GOVDOC"
        lines = [f"TY  - {kind}", f"ID  - {item.id}", f"TI  - {item.title_en}"]
        if item.title_zh:
            lines.append(f"T2  - {item.title_zh}")
        lines.append(f"AU  - {item.issuing_body or 'Unknown'}")
        if item.year:
            lines.append(f"PY  - {item.year}")
        if item.identifier:
            lines.append(f"M1  - {item.identifier}")
        if item.url:
            lines.append(f"UR  - {item.url}")
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n".join(records) + "\n"


def opportunities_csv(rows: list[Opportunity]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["score", "eu_id", "eu_title", "cn_id", "cn_title", "shared_themes", "reason_en", "reason_zh"])
    for o in rows:
        writer.writerow(
            [
                o.score,
                o.eu.id,
                o.eu.title_en,
                o.cn.id,
                o.cn.title_zh or o.cn.title_en,
                SEPARATOR.join(o.shared_themes),
                o.reason_en,
                o.reason_zh,
            ]
        )
    return "\ufeff" + buffer.getvalue()


def download(body: str | bytes, media_type: str, filename: str) -> Response:
    charset = "; charset=utf-8" if isinstance(body, str) else ""
    return Response(
        body,
        media_type=media_type + charset,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def export_response(items: list[ItemRead], format: str, locale: str = "en") -> Response:
    if format == "xlsx":
        return download(items_xlsx(items, locale), XLSX_MEDIA_TYPE, "landscape.xlsx")
    if format == "json":
        payload = json.dumps([contract(i) for i in items], ensure_ascii=False, indent=1)
        return download(payload, "application/json", "landscape.json")
    return download(items_csv(items), "text/csv", "landscape.csv")


def contract(item: ItemRead) -> dict[str, Any]:
    """The stable JSON shape of the command-line contract (and the JSON export)."""
    data: dict[str, Any] = item.model_dump(mode="json")
    data["sources"] = [{"url": s.get("url"), "title": s.get("title"), **s} for s in item.sources]
    return data
