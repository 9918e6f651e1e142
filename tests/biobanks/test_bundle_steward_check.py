"""The bundled directory passes its own steward check with zero errors (issue 13), checked as a steward runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ic2permed.core.vocab import miabis


def test_bundled_directory_has_no_steward_errors(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    env["IC2PERMED_DATABASE_URL"] = f"sqlite:///{tmp_path / 'steward.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "ic2permed", "biobanks", "check", "--strict", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    problems = json.loads(done.stdout)
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors == [] and done.returncode == 0, errors[:5]


def test_the_genomic_data_extension_is_documented_and_bilingual() -> None:
    term = miabis.data_category("GENOMIC_DATA")
    assert term.label_en.startswith("Genomic data") and term.label_zh.startswith("基因组数据")
    assert any("GENOMIC_DATA" in note for note in miabis.raw()["notes"])
