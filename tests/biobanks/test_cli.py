"""`ic2permed biobanks …` as outside checks run it: JSON on stdout, one line per error.

In this process (`cli` fixture), except the last test, which runs the console script as a real process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.biobanks.conftest import CATALOGUE
from tests.clirunner import InProcessCli
from tests.fakes.servers import cli_env


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A real `ic2permed biobanks …` process."""
    return subprocess.run(
        [sys.executable, "-m", "ic2permed", "biobanks", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=cli_env(IC2PERMED_LOAD_BUNDLED_DATA="false", **env),
        timeout=120,
    )


def _csv(tmp_path: Path) -> Path:
    """The fictional catalogue as an import file (biobanks first, then collections)."""
    lines = [
        "record_type,id,biobank_id,parent_id,name_en,name_zh,country,region,material_types,diseases,donors,samples,count_year"
    ]
    for b in CATALOGUE["biobanks"]:
        lines.append(
            f"biobank,{b['id']},,,{b['name_en']},{b['name_zh']},{b['country']},{b['region']},"
            f"{';'.join(b.get('material_types', []))},,{b['donors']},{b['samples']},{b['count_year'] or ''}"
        )
        for c in b.get("collections", []):
            for item, parent in [(c, ""), *((s, c["id"]) for s in c.get("sub_collections", []))]:
                lines.append(
                    f"collection,{item['id']},{b['id']},{parent},{item['name_en']},{item['name_zh']},,,"
                    f"{';'.join(item['material_types'])},{';'.join(item['diseases'])},"
                    f"{item['donors']},{item['samples']},{item['count_year']}"
                )
    path = tmp_path / "catalogue.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_search_export_and_check(cli: InProcessCli, tmp_path: Path) -> None:
    imported = cli("biobanks", "import", str(_csv(tmp_path)))
    assert imported.code == 0, imported.stderr
    assert len(json.loads(imported.stdout)["created"]) == 6

    found = cli("biobanks", "search", "--disease", "IV", "--material", "SERUM", "--json")
    assert found.code == 0, found.stderr
    rows = json.loads(found.stdout)
    assert {(r["id"], r["biobank_id"]) for r in rows} == {
        ("bb-north:diabetes", "bb-north"),
        ("bb-north:diabetes:type1", "bb-north"),
    }
    chinese = json.loads(cli("biobanks", "search", "--q", "乳腺癌", "--json").stdout)
    assert [r["id"] for r in chinese] == ["bb-north:cancer"]

    exported = cli("biobanks", "export", "--format", "json")
    data = json.loads(exported.stdout)
    north = next(b for b in data if b["id"] == "bb-north")
    assert north["region"] == "EU" and north["material_types"] == []
    assert {c["id"] for c in north["collections"]} >= {"bb-north:diabetes", "bb-north:cancer"}
    assert next(c for c in north["collections"] if c["id"] == "bb-north:cancer")["diseases"] == ["C50.9"]
    fhir = json.loads(cli("biobanks", "export", "--format", "fhir", "--disease", "C50").stdout)
    assert fhir["resourceType"] == "Bundle" and fhir["type"] == "collection"

    report = json.loads(cli("biobanks", "check", "--json").stdout)
    assert {"bb-north:cancer", "bb-west"} <= {p["entity_id"] for p in report if p["code"] == "samples_below_donors"}
    assert cli("biobanks", "check", "--strict").code == 1


@pytest.mark.slow
def test_bad_input_gives_a_row_report_and_nonzero_exit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_type,id,name_en,country\nbiobank,x,X,Atlantis\nthing,y,Y,DE\n", encoding="utf-8")
    result = run(["import", str(bad)], tmp_path)
    assert result.returncode == 1
    assert "row 2: country: 'Atlantis' is not an ISO 3166 country" in result.stderr
    assert "row 3: record_type: use biobank or collection" in result.stderr
    assert result.stdout == ""
    unknown = run(["search", "--disease", "Q", "--json"], tmp_path)
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1
