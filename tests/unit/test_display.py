"""Codes shown to users get words in both languages: breakdown values, precisions, tiers, audit actions."""

from __future__ import annotations

import pytest

from ic2permed.core.http.templating import Templates
from ic2permed.core.vocab.display import term_label


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("NCIT:C16576", "女性", "Female"),
        ("MIABIS:SERUM", "血清", "Serum"),
        ("ICD10:II", "II 肿瘤", "II Neoplasms"),
        ("40-49", "40-49", "40-49"),
    ],
)
def test_breakdown_values_read_as_words(value: str, zh: str, en: str) -> None:
    assert (term_label(value, "zh_Hans"), term_label(value, "en")) == (zh, en)


def test_template_filters_translate_codes_and_keep_unknown_ones() -> None:
    templates = Templates(["ic2permed.web"])
    render = (
        templates._envs["zh_Hans"]
        .from_string(
            "{{ 'directive' | legal_tier }}|{{ 'GB/T' | legal_tier }}|{{ 'landscape.bundle_add' | audit_action }}|"
            "{{ 'system' | audit_actor }}|{{ 'rounded' | precision }}|{{ 'curator' | role }}|"
            "{{ 'x.y' | audit_action }}|"
            "{{ {'t': '糖尿病'} | json_text }}"
        )
        .render()
    )
    parts = render.split("|")
    expected = ["指令（欧盟）", "推荐性国家标准（GB/T）", "从内置数据添加", "系统（自动）", "已取整", "编审", "x.y"]
    assert parts[:7] == expected
    assert "糖尿病" in parts[7] and "\\u" not in parts[7]
    english = templates._envs["en"].from_string("{{ '法律' | legal_tier }}").render()
    assert english == "Law (PRC)"
