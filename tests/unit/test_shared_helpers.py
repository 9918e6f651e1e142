"""The helpers that replaced copies in several places: redirects, the bilingual pick, the CLI database."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ic2permed.biobanks import cli as biobanks_cli
from ic2permed.core.http.redirects import same_site
from ic2permed.core.i18n import pick
from ic2permed.landscape import cli as landscape_cli


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/biobanks/cart", "/biobanks/cart"),
        ("/landscape?q=x", "/landscape?q=x"),
        ("//evil.example/", "/fallback"),
        ("/\\evil.example/", "/fallback"),
        ("https://evil.example/", "/fallback"),
        ("javascript:alert(1)", "/fallback"),
        ("", "/fallback"),
        (None, "/fallback"),
    ],
)
def test_only_paths_on_this_site_are_followed(target: str | None, expected: str) -> None:
    assert same_site(target, "/fallback") == expected


def test_chinese_text_on_chinese_pages_when_there_is_one() -> None:
    assert pick("zh_Hans", "Serum bank", "血清库") == "血清库"
    assert pick("zh_Hans", "Serum bank", "") == "Serum bank"
    assert pick("zh_Hans", "Serum bank", None) == "Serum bank"
    assert pick("en", "Serum bank", "血清库") == "Serum bank"
    assert pick("en", None, "血清库") == ""


@pytest.mark.parametrize(
    ("sub_app", "args"),
    [(biobanks_cli.app, ["search", "--json"]), (landscape_cli.app, ["search", "genome", "--json"])],
    ids=["biobanks", "landscape"],
)
def test_a_sub_command_without_the_root_never_opens_an_unmigrated_database(
    sub_app: typer.Typer, args: list[str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(sub_app, args)
    assert isinstance(result.exception, RuntimeError)
    assert "root command prepares the database" in str(result.exception)
    assert list(tmp_path.iterdir()) == []  # no var/ic2permed.db made on the side
