"""The errors the review in issue 13 found stay fixed in the bundled data."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def _items() -> dict[str, dict[str, Any]]:
    data = files("ic2permed.landscape") / "data"
    return {
        row["id"]: row
        for name in ("items_eu.json", "items_cn.json", "items_intl.json")
        for row in json.loads((data / name).read_text(encoding="utf-8"))
    }


def _biobanks() -> dict[str, dict[str, Any]]:
    raw = json.loads((files("ic2permed.biobanks") / "data" / "biobanks.json").read_text(encoding="utf-8"))
    return {row["id"]: row for row in raw}


def test_landscape_corrections() -> None:
    items = _items()
    # The Commission and most commentaries: in force 26 March 2025; EU Monitor's copy of EUR-Lex computes
    # publication + 20 days (25 March), and the summary says so rather than hiding the discrepancy.
    ehds = items["eu-ehds"]
    assert ehds["in_force_date"] == "2025-03-26"
    assert "25 March 2025" in ehds["summary_en"] and any("Date pub. +20" in s["quote"] for s in ehds["sources"])
    gbt = items["cn-gbt-35273-2017"]
    assert "国家质量监督检验检疫总局" in gbt["issuing_body"] and "市场监督管理总局" not in gbt["issuing_body"]
    cnas = items["cn-cnas-cl10"]
    assert cnas["title_zh"] == "生物样本库质量和能力认可准则"
    assert (cnas["identifier"], cnas["year"]) == ("CNAS-CL10:2020", 2020)
    ai = items["cn-ai-md-registration-guideline-2022"]
    assert "医疗器械技术审评中心" in ai["issuing_body"] and ai["in_force_date"] == "2022-03-09"
    assert "17 (later" not in items["eu-1mg"]["summary_en"]
    assert items["eu-it-phg-guidelines-2013"]["url"] != items["eu-it-omics-plan"]["url"]
    assert not [i for i, row in items.items() if row["region"] == "China" and not row["title_zh"]]


def test_directory_figures_count_what_they_say() -> None:
    biobanks = _biobanks()
    # Participant counts, planned totals and sample counts are not donors with samples.
    for biobank_id in ("eu-no-hunt", "uk-alspac", "cn-cmec", "eu-fr-constances"):
        assert biobanks[biobank_id]["donors"] is None, biobank_id
        assert biobanks[biobank_id]["samples"] is None, biobank_id
    assert "almost 120,000" in biobanks["eu-no-hunt"]["description_en"]
    assert "202,045" in biobanks["eu-fr-constances"]["description_en"]
