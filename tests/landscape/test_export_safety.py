"""Landscape exports never hand a spreadsheet a live formula, and still round-trip."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from ic2permed.core.database import Database
from ic2permed.landscape import exchange, service
from tests.landscape.conftest import fictional_item, load_items

EVIL = '=HYPERLINK("http://evil.example/steal","Click")'


def test_formula_titles_export_as_text_in_csv_and_xlsx(database: Database) -> None:
    load_items(database, [fictional_item("x-evil", title_en=EVIL, summary_en="@SUM(1)")])
    with database.session() as session:
        items = service.all_items(session)
    rows = list(csv.DictReader(io.StringIO(exchange.items_csv(items).lstrip("\ufeff"))))
    assert rows[0]["title_en"] == "'" + EVIL
    assert rows[0]["summary_en"] == "'@SUM(1)"
    sheet = load_workbook(io.BytesIO(exchange.items_xlsx(items))).active
    assert sheet is not None
    title_column = exchange.COLUMNS.index("title_en") + 1
    cell = sheet.cell(row=2, column=title_column)
    assert cell.data_type == "s" and cell.value == EVIL
    for name, content in (("x.csv", exchange.items_csv(items).encode()), ("x.xlsx", exchange.items_xlsx(items))):
        parsed = exchange.from_row(exchange.read_rows(name, content)[0])
        assert parsed["title_en"] == EVIL and parsed["summary_en"] == "@SUM(1)"
