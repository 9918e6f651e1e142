"""`ic2permed compliance steps` as outside checks run it: a real process, JSON on stdout, one line per error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

BASE = ["--from", "CN", "--to", "EU", "--moves", "data", "--identifiability", "identifiable", "--purpose", "research"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    environment["IC2PERMED_LOAD_BUNDLED_DATA"] = "false"
    return subprocess.run(
        [sys.executable, "-m", "ic2permed", "compliance", "steps", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def ok(args: list[str], cwd: Path) -> dict[str, Any]:
    done = run([*args, "--json"], cwd)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def step_ids(document: dict[str, Any]) -> list[str]:
    return [step["id"] for step in document["steps"]]


def test_the_json_contract_and_its_defaults(tmp_path: Path) -> None:
    document = ok(BASE, tmp_path)
    assert set(document) == {"rules_version", "on", "steps"}
    assert document["on"] == date.today().isoformat()  # --on defaults to today
    assert document["rules_version"]
    for step in document["steps"]:
        assert set(step) == {"id", "title_en", "title_zh", "legal_basis", "citations", "authority", "actor"}
        assert isinstance(step["citations"], list)
    ids = step_ids(document)
    # --data-kind defaults to genetic: the HGR filing is there; --subjects defaults to 1000: contract, not assessment.
    assert "cn_hgr_information_filing" in ids
    assert "cn_pipl_standard_contract" in ids
    assert "cn_cac_security_assessment" not in ids
    hgr = next(s for s in document["steps"] if s["id"] == "cn_hgr_information_filing")
    assert hgr["authority"] == "NHC" and hgr["actor"] == "PROVIDER"
    assert "cn-hgr-regulation" in hgr["citations"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in hgr["title_zh"])


def test_steps_that_do_not_apply_are_absent_not_marked(tmp_path: Path) -> None:
    done = run([*BASE, "--data-kind", "clinical", "--identifiability", "anonymous", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "n/a" not in done.stdout.lower()
    assert step_ids(json.loads(done.stdout)) == ["ethics_provider", "ethics_recipient", "data_transfer_agreement"]


def test_options_change_the_answer(tmp_path: Path) -> None:
    many = step_ids(ok([*BASE, "--subjects", "20000"], tmp_path))
    assert "cn_cac_security_assessment" in many and "cn_pipl_standard_contract" not in many
    ciio = step_ids(ok([*BASE, "--ciio"], tmp_path))
    assert "cn_cac_security_assessment" in ciio
    old = ok([*BASE, "--moves", "material", "--on", "2024-04-30"], tmp_path)
    assert old["on"] == "2024-04-30"
    authorities = {s["id"]: s["authority"] for s in old["steps"]}
    assert authorities["cn_hgr_international_cooperation_approval"] == "MOST"
    assert authorities["cn_hgr_material_export_certificate"] == "MOST"
    assert "data_transfer_agreement" in authorities and "material_transfer_agreement" in authorities
    new = ok(["--from", "cn", "--to", "eu", "--moves", "material", "--identifiability", "anonymous",
              "--purpose", "research", "--on", "2024-05-01"], tmp_path)  # fmt: skip
    assert {s["authority"] for s in new["steps"] if s["id"].startswith("cn_hgr")} == {"NHC"}


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "XX", *BASE[2:]],
        [*BASE[:2], "--to", "China", *BASE[4:]],
        [*BASE[:4], "--moves", "samples", *BASE[6:]],
        [*BASE[:6], "--identifiability", "partly", *BASE[8:]],
        [*BASE[:8], "--purpose", "fun"],
        [*BASE, "--data-kind", "imaging"],
        [*BASE, "--subjects", "0"],
        [*BASE, "--on", "30/11/2026"],
        [*BASE, "--on", "2019-06-30"],  # before the first rule
        [*BASE[:4], *BASE[6:]],  # no --moves
        BASE[:8],  # no --purpose
        [*BASE, "--bogus"],
    ],
)
def test_a_question_it_cannot_answer_exits_2_with_one_line(args: list[str], tmp_path: Path) -> None:
    done = run([*args, "--json"], tmp_path)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == ""  # never an empty list
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: --"), lines[0]


def test_the_human_table_says_it_is_guidance(tmp_path: Path) -> None:
    done = run(BASE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cn_hgr_information_filing" in done.stdout.replace("…", "") or "HGR" in done.stdout
    assert "Guidance, not legal advice." in done.stdout
