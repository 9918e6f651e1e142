from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ic2permed.core.i18n import gettext, negotiate

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import i18n as catalogue_tools

SAME_IN_BOTH = {"IC2PerMed"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,zh-TW;q=0.5", "zh_Hans"),
        ("de-DE", "en"),
        ("en;q=0.2, zh-Hans;q=0.9", "zh_Hans"),
        ("zh;q=0", "en"),
        ("", "en"),
    ],
)
def test_accept_language_negotiation(header: str, expected: str) -> None:
    assert negotiate(header) == expected


def test_every_extracted_string_has_a_chinese_translation() -> None:
    """Fails when a template or marked Python string is missing from the zh_Hans catalogue."""
    extracted = {str(m.id) for m in catalogue_tools.extract() if m.id}
    zh = {str(m.id): m for m in catalogue_tools.load("zh_Hans") if m.id}
    missing = sorted(extracted - zh.keys())
    assert missing == [], f"run `python scripts/i18n.py update` and translate: {missing}"
    untranslated = sorted(
        i for i in extracted if not zh[i].string or zh[i].fuzzy or (zh[i].string == i and i not in SAME_IN_BOTH)
    )
    assert untranslated == []


def test_catalogue_translates_at_runtime() -> None:
    assert gettext("zh_Hans", "Log in") == "登录"
    assert gettext("en", "Log in") == "Log in"
