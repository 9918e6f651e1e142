from __future__ import annotations

import pytest

from ic2permed.core.vocab import icd10, regions


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("F31.8", "F31.8"),
        ("f318", "F31.8"),
        ("ICD10:F3181", "F31.81"),
        ("icd10:E10", "E10"),
        ("E11.900x001", "E11.900X001"),
        ("E10-E14", "E10-E14"),
        ("ix", "IX"),
    ],
)
def test_icd10_normal_form(raw: str, normal: str) -> None:
    assert icd10.normalise(raw) == normal


@pytest.mark.parametrize("bad", ["", "31.8", "E1", "ICD10:hello", "E10-E99"])
def test_icd10_rejects_malformed_codes(bad: str) -> None:
    with pytest.raises(icd10.InvalidCode):
        icd10.normalise(bad)


@pytest.mark.parametrize(
    ("code", "ancestor", "inside"),
    [
        ("F31.8", "F31", True),
        ("F3181", "F31", True),
        ("F31.8", "F30-F39", True),
        ("F31.8", "V", True),
        ("E10.9", "E10-E14", True),
        ("E11.900x001", "E11", True),
        ("E11.900x001", "E10-E14", True),
        ("E11.900x001", "IV", True),
        ("E15", "E10-E14", False),
        ("F31.8", "F32", False),
        ("C50.9", "II", True),
        ("C50.9", "IV", False),
    ],
)
def test_icd10_hierarchy(code: str, ancestor: str, inside: bool) -> None:
    assert icd10.is_within(code, ancestor) is inside


def test_icd10_labels_in_both_languages() -> None:
    assert icd10.label("IV") == "Endocrine, nutritional and metabolic diseases"
    assert icd10.label("IV", "zh_Hans") == "内分泌、营养和代谢疾病"
    assert icd10.chapter_of("E11.900x001") == "IV"
    assert "E10" in icd10.search("type 1 diabetes")


def test_icd10_search_finds_codes_and_chinese_labels() -> None:
    assert icd10.search("E10")[0] == "E10"
    assert "IV" in icd10.search("内分泌")


def test_regions_and_countries() -> None:
    assert {t.code for t in regions.REGIONS} == {"EU", "Europe (non-EU)", "China", "International"}
    assert regions.region_of_country("de") == "EU"
    assert regions.region_of_country("GB") == "Europe (non-EU)"
    assert regions.region_of_country("CN") == "China"
    assert regions.region_of_country("US") == "International"
    assert regions.countries()["DE"].label_zh == "德国"
    assert regions.countries()["CN"].label_en == "China"
    assert len(regions.PROVINCES) == 34
    guangdong = regions.province("广东")
    assert guangdong is not None and guangdong.label_en == "Guangdong"


def test_roadmap_has_three_pillars_and_seven_working_groups() -> None:
    from ic2permed.core.vocab import themes

    pillars = themes.of_kind(themes.PILLAR)
    groups = themes.of_kind(themes.WORKING_GROUP)
    assert len(pillars) == 3 and len(groups) == 7
    assert {g.term.parent for g in groups} == {p.code for p in pillars}
    assert themes.theme("pharmacogenomics").label("zh_Hans") == "药物基因组学与伴随诊断"
    assert themes.working_groups_of(["data-protection", "rare-diseases"]) == ["wg-5", "wg-6"]
    assert all(t.working_groups for t in themes.of_kind(themes.TOPIC))
    assert any(row["term_zh"] == "精准医学" for row in themes.glossary())


def test_miabis_lists_and_fhir_codes() -> None:
    from ic2permed.core.vocab import miabis

    codes = {t.code for t in miabis.material_types()}
    assert {"SERUM", "PLASMA", "WHOLE_BLOOD", "DNA", "TISSUE_FROZEN", "FECES"} <= codes
    assert miabis.material_type("serum").label_en
    assert miabis.collection_type("POPULATION_BASED").label_zh
    with pytest.raises(KeyError):
        miabis.material_type("BLOOD_PUDDING")
    temperature = miabis.fhir_code("storage_temperatures", "temperatureRoom")
    assert temperature == {
        "system": "https://fhir.bbmri-eric.eu/CodeSystem/miabis-storage-temperature-cs",
        "code": "RT",
    }


def test_duo_terms() -> None:
    from ic2permed.core.vocab import duo

    gru = duo.term("GRU")
    assert gru.id == "DUO:0000042"
    assert duo.term("duo:0000042") is gru
    assert gru.label("zh_Hans") != gru.label_en


def test_icd10_codes_in_use_have_chinese_labels() -> None:
    assert icd10.label("E11", "zh_Hans") == "2型糖尿病"
    assert icd10.label("E119", "zh_Hans") == "2型糖尿病，不伴有并发症"
    assert icd10.label("E11.900x001", "zh_Hans") == "2型糖尿病，不伴有并发症"
    assert icd10.label("E13.1", "zh_Hans") == "糖尿病（E13.1）"  # no own translation: its block's, marked
    assert "2型糖尿病" not in icd10.label("E11", "en")
