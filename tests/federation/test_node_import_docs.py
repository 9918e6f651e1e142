"""docs/node-import.md shows real files: each format's examples import, and give the counts they show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ic2permed.federation.node.importers import import_directory

DOC = Path(__file__).resolve().parents[2] / "docs" / "node-import.md"
EXAMPLE = re.compile(r"<!-- example: ([\w-]+)/([\w.]+) -->\n```\w+\n(.*?)```", re.S)


def _examples() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for fmt, name, body in EXAMPLE.findall(DOC.read_text(encoding="utf-8")):
        found.setdefault(fmt, {})[name] = body
    return found


def test_the_page_has_an_example_for_every_format() -> None:
    assert sorted(_examples()) == ["beacon-csv", "bff", "miabis-csv"]


@pytest.mark.parametrize("fmt", ["beacon-csv", "bff", "miabis-csv"])
def test_each_documented_example_imports(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / fmt
    source.mkdir()
    for name, body in _examples()[fmt].items():
        (source / name).write_text(body, encoding="utf-8")
    report = import_directory(fmt, source, tmp_path / "node.duckdb", show_progress=False)
    assert (report.individuals, report.biosamples, report.diagnoses) == (2, 2, 3)
