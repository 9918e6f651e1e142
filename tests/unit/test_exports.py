"""Spreadsheet formula injection: the shared export helpers neutralise it and round-trip exactly."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from ic2permed.core.exports import csv_writer, is_formula_like, safe_cell, unescape_cell, xlsx_append

ATTACKS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "＝HYPERLINK(1)",
]
HARMLESS = ["Genomics plan", "-5", "+3.5", "1e5", "", "a=b", "'quoted'"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_is_prefixed_and_restored(text: str) -> None:
    assert is_formula_like(text)
    cell = safe_cell(text)
    assert cell == "'" + text
    assert unescape_cell(cell) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_and_numbers_are_unchanged(text: str) -> None:
    assert safe_cell(text) == text
    assert unescape_cell(text) == text


def test_text_that_already_looks_escaped_survives_a_round_trip() -> None:
    for text in ("'=x", "''=x"):
        assert unescape_cell(safe_cell(text)) == text


def test_csv_writer_neutralises_every_cell() -> None:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["ok", "=1+1", 7, None])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["ok", "'=1+1", "7", ""]


def test_xlsx_cells_are_text_never_formulas() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    xlsx_append(sheet, ['=HYPERLINK("http://evil.example","x")', 3, "bell\x07"])
    buffer = io.BytesIO()
    book.save(buffer)
    loaded = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert loaded is not None
    assert loaded["A1"].data_type == "s"
    assert loaded["A1"].value == '=HYPERLINK("http://evil.example","x")'
    assert loaded["B1"].value == 3
    assert loaded["C1"].value == "bell"
