"""Import and export: CSV with BOM and XLSX round-trip; bad files import nothing; citations."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ic2permed.core.database import Database
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.permissions import Actor
from ic2permed.landscape import exchange, service
from tests.landscape.conftest import fictional_item, load_items

ITEMS = [
    fictional_item(
        "x-one",
        title_zh="第一项，含逗号",
        acronyms=["ONE", "1ST"],
        themes=["genomics", "cancer"],
        sources=[{"url": "https://example.org/one", "title": "Example, one", "quote": 'a "quoted" bit'}],
        verified=True,
    ),
    fictional_item(
        "x-two",
        region="China",
        country="CN",
        kind="standard",
        legal_tier="GB/T",
        identifier="GB/T 0000-2099",
        status="planned",
    ),
]


def test_csv_and_xlsx_round_trip(database: Database) -> None:
    load_items(database, ITEMS)
    with database.session() as session:
        before = service.all_items(session)
    csv_text = exchange.items_csv(before)
    assert csv_text.startswith("\ufeff")
    xlsx = exchange.items_xlsx(before, "zh_Hans")
    header = [c.value for c in load_workbook(io.BytesIO(xlsx)).active[1]]
    assert header[0] == "条目编号" and "标题（英文）" in header  # the header in the reader's language
    assert len(set(header)) == len(header)  # each label names one column, so an import can read it back
    for name, content in (("x.csv", csv_text.encode("utf-8")), ("x.xlsx", xlsx)):
        rows = exchange.read_rows(name, content)
        again = [exchange.from_row(r) for r in rows]
        for original, parsed in zip(before, again, strict=True):
            dumped = original.model_dump(mode="json")
            sources = [{k: s[k] or "" for k in ("url", "title", "accessed", "quote")} for s in dumped.pop("sources")]
            assert sources == parsed.pop("sources")
            assert {k: dumped[k] for k in parsed} == parsed


def test_bad_file_reports_every_row_and_imports_nothing(database: Database) -> None:
    csv_text = (
        "id,kind,region,status,title_en,themes,year\n"
        "x-good,law,EU,in_force,A fine item,genomics,2020\n"
        "x-bad,treaty,EU,in_force,Bad kind,genomics,2020\n"
        "x-worse,law,Atlantis,sometimes,,astrology,20x0\n"
    )
    with database.session() as session, pytest.raises(ValidationFailed) as caught:
        service.import_file(session, Actor.system(), "bad.csv", csv_text.encode())
    rows = {(e.row, e.field) for e in caught.value.errors}
    assert (3, "kind") in rows
    assert (4, "row") in rows or {(4, "region"), (4, "status")} <= rows
    with database.session() as session:
        assert service.all_items(session) == []


def test_good_file_creates_then_updates(database: Database) -> None:
    csv_text = "id,kind,region,status,title_en,themes\nx-new,policy,EU,in_force,New policy,cancer | prevention\n"
    with database.session() as session:
        report = service.import_file(session, Actor.system(), "ok.csv", csv_text.encode())
        assert report.created == 1
        again = service.import_file(session, Actor.system(), "ok.csv", csv_text.replace("New", "Renamed").encode())
        assert again.updated == 1
        assert service.get_item(session, "x-new").themes == ["cancer", "prevention"]


def test_citations(database: Database) -> None:
    load_items(database, ITEMS)
    with database.session() as session:
        items = service.items_by_ids(session, ["x-two", "x-one"])
    bib = exchange.bibtex(items)
    assert bib.startswith("@misc{x-two,") and "number = {GB/T 0000-2099}" in bib
    ris = exchange.ris(items)
    assert ris.count("ER  - ") == 2 and "TY  - STAND" in ris and "T2  - 第一项，含逗号" in ris
