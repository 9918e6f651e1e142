"""Spreadsheet-safe cells for every CSV and XLSX export (CSV/formula injection, OWASP).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://evil", "click")``). Exports therefore write
such text with a leading apostrophe in CSV (the convention spreadsheets show as plain text) and as an
explicit string cell in XLSX. Plain numbers such as ``-5`` or ``+3.5`` are left alone: they are not
formulas. Importers call :func:`unescape_cell` so an export re-imports to the same values.

Every export goes through :func:`safe_cell` (or :func:`csv_writer` / :func:`xlsx_append`), so a new
domain gets the protection by using these helpers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
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
