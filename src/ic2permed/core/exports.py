"""Spreadsheet-safe cells for every CSV and XLSX export (CSV/formula injection, OWASP).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://evil", "click")``). Exports therefore write
such text with a leading apostrophe in CSV (the convention spreadsheets show as plain text) and as an
explicit string cell in XLSX. Plain numbers such as ``-5`` or ``+3.5`` are left alone: they are not
formulas. Importers call :func:`unescape_cell` so an export re-imports to the same values.

Every export goes through :func:`safe_cell` (or :func:`csv_writer` / :func:`xlsx_append`), so a new
domain gets the protection by using these helpers.

Exports also share one way to write a list in a cell (:data:`LIST_SEPARATOR`), one way to write sources
(:func:`sources_cell`, JSON objects with url and title) and one spreadsheet layout (:func:`xlsx_table`:
bold frozen header, filters, columns as wide as their content).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read the text as a formula (numbers excepted)."""
    return bool(text) and text.startswith(FORMULA_TRIGGERS) and _NUMBER.fullmatch(text) is None


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet evaluates; non-strings pass unchanged."""
    if isinstance(value, str) and (is_formula_like(value) or (value.startswith("'") and _escaped(value))):
        return "'" + value
    return value


def _escaped(value: str) -> bool:
    """A value that already looks escaped gets one more quote, so unescaping restores it exactly."""
    return is_formula_like(value[1:]) or (value[1:].startswith("'") and _escaped(value[1:]))


def unescape_cell(value: str) -> str:
    """Undo :func:`safe_cell` on import: ``'=x`` becomes ``=x``; other text is unchanged."""
    if value.startswith("'") and _escaped(value):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeCsvWriter:
    """`csv.writer` whose rows are neutralised cell by cell."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """`csv.DictWriter` whose values are neutralised cell by cell."""

    def __init__(self, stream: IO[str], fieldnames: Sequence[str], **options: Any) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=fieldnames, **options)

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return self._writer.writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **options)


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row where text is always text: openpyxl would otherwise store ``=…`` as a formula.

    Control characters XLSX cannot hold are dropped rather than failing the whole export.
    """
    cells = []
    for value in values:
        cell = Cell(sheet)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True  # Excel shows the text as typed and never evaluates it
        else:
            cell.value = value
        cells.append(cell)
    sheet.append(cells)


LIST_SEPARATOR = " | "
"""Between the values of a list in one cell, in every CSV and XLSX export (``;`` and ``,`` occur in names)."""
SOURCE_FIELDS = ("url", "title", "accessed", "quote")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 8, 60


def join_list(values: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values if str(v))


def split_list(text: str) -> list[str]:
    """A list cell back to values (``;`` is read too, as older directory exports wrote it)."""
    return [part.strip() for part in re.split(r"[|;]", text) if part.strip()]


def sources_cell(sources: Iterable[Mapping[str, Any] | Any]) -> str:
    """Sources as a JSON list of objects (url, title, accessed, quote, and the kind the host list gives, so
    a reader of the file sees which are official); the URL alone would lose the title. Reading ignores kind."""
    rows = []
    for source in sources:
        data = source if isinstance(source, Mapping) else getattr(source, "__dict__", {})
        row = {k: str(data.get(k) or "") for k in (*SOURCE_FIELDS, "kind") if data.get(k)}
        if row.get("url"):
            rows.append(row)
    return json.dumps(rows, ensure_ascii=False) if rows else ""


def read_sources_cell(text: str) -> list[dict[str, str]]:
    """The sources of a cell: the JSON :func:`sources_cell` writes, or bare URLs separated as lists are."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        found = json.loads(text)
        if not isinstance(found, list) or not all(isinstance(s, dict) for s in found):
            raise ValueError("sources: a JSON list of objects with url and title")
        return [{k: str(s.get(k) or "") for k in SOURCE_FIELDS} for s in found]
    return [{"url": url} for url in split_list(text)]


def display_width(value: Any) -> int:
    """Characters as a spreadsheet column measures them: Chinese (wide) characters count twice."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def xlsx_table(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet as analysts expect it: bold frozen header, a filter on every column, widths to fit."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", title)[:31] or "export"
    xlsx_append(sheet, header)
    widths = [display_width(h) for h in header]
    for row in rows:
        values = list(row)
        xlsx_append(sheet, values)
        for index, value in enumerate(values[: len(widths)]):
            widths[index] = max(widths[index], min(display_width(value), MAX_WIDTH))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
