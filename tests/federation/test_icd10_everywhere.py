"""One ICD-10 check everywhere: a node import and the directory's import give the same answer to the same code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ic2permed.biobanks.codes import BadCode, known_disease_code
from ic2permed.core.errors import ValidationFailed
from ic2permed.core.vocab import icd10
from ic2permed.federation.node.importers import disease_code, import_directory
from tests.federation.node_helpers import HANDMADE


@pytest.mark.parametrize("code", ["E99.9x", "E99", "U99.1"])
def test_codes_off_the_who_list_are_refused_by_both_imports(code: str) -> None:
    with pytest.raises(icd10.InvalidCode, match="is not in ICD-10"):
        disease_code(f"ICD10:{code}")
    with pytest.raises(BadCode, match="is not in ICD-10"):
        known_disease_code(code)


@pytest.mark.parametrize(("code", "canonical"), [("E11.9", "E11.9"), ("F3181", "F31.81"), ("e10", "E10")])
def test_codes_on_the_list_are_accepted_by_both_in_one_form(code: str, canonical: str) -> None:
    assert disease_code(f"ICD10:{code}")[0] == known_disease_code(code) == icd10.known(code)


def test_a_node_import_names_the_row_of_an_unknown_code(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(HANDMADE, broken)
    rows = (broken / "individuals.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "ICD10:F32.9" in rows[5]
    rows[5] = rows[5].replace("ICD10:F32.9", "ICD10:E99.9x")
    (broken / "individuals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    with pytest.raises(ValidationFailed) as caught:
        import_directory("beacon-csv", broken, tmp_path / "node.duckdb", show_progress=False)
    assert any("'ICD10:E99.9x' is not in ICD-10" in e.message and e.row == 5 for e in caught.value.errors)
