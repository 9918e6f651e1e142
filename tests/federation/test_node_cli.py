"""`ic2permed node synth|import|serve` as a biobank runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from ic2permed.cli import app
from ic2permed.core.errors import ValidationFailed
from tests.fakes.servers import cli_env, free_port, serving_command
from tests.federation.node_helpers import FULL, HANDMADE, QUESTION, body


def test_synth_then_import_replace_the_node_file(tmp_path: Path) -> None:
    db = tmp_path / "node.duckdb"
    made = CliRunner().invoke(
        app, ["node", "synth", "--donors", "300", "--profile", "cn", "--db", str(db), "--seed", "4"]
    )
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["donors"] == 300
    imported = CliRunner().invoke(app, ["node", "import", str(HANDMADE), "--db", str(db), "--format", "beacon-csv"])
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.stdout)
    assert (report["individuals"], report["skipped"]) == (20, ["genomicVariations"])
    assert "genomicVariations" in imported.stderr


def test_the_import_report_counts_each_field(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["node", "import", str(FULL), "--db", str(tmp_path / "f.duckdb"), "--format", "bff"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    fields = {(f["entry"], f["field"]): f for f in report["fields"]}
    assert fields[("individuals", "measures")] == {
        "entry": "individuals",
        "field": "measures",
        "read": 19,
        "kept": "measures",
    }
    assert report["rows"]["measurements"] == 8
    assert "biosamples.info: 10 value(s) kept in the records only" in done.stderr


def test_a_bad_import_is_refused_whole(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "individuals.csv").write_text("id,sex|id\nA,NCIT:C16576\nB,woman\n", encoding="utf-8-sig")
    done = CliRunner().invoke(app, ["node", "import", str(broken), "--db", str(tmp_path / "n.duckdb")])
    assert isinstance(done.exception, ValidationFailed)
    assert done.exception.errors[0].row == 2
    assert not (tmp_path / "n.duckdb").exists()


def test_serve_runs_a_standalone_beacon(tmp_path: Path) -> None:
    db = tmp_path / "node.duckdb"
    CliRunner().invoke(app, ["node", "import", str(HANDMADE), "--db", str(db)])
    port = free_port()
    base = f"http://127.0.0.1:{port}/api"
    command = [
        "node",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--count-threshold",
        "0",
        "--count-rounding",
        "1",
        "--noise-epsilon",
        "0",
    ]
    with serving_command(command, tmp_path, probe=base, ok_only=False):
        answer = httpx.post(base + "/individuals", json=body(QUESTION), timeout=5).json()
        assert answer["responseSummary"]["numTotalResults"] == 5
    shown = CliRunner().invoke(app, ["node", "log", "--db", str(db)])  # flushed on shutdown
    assert shown.exit_code == 0, shown.output
    [entry] = json.loads(shown.stdout)
    assert entry["requester"] == "anon:127.0.0.1"
    assert entry["query"] == "age<=60&age>=40&icd10~E10-E14&material=SERUM&sex=NCIT:C16576"
    assert entry["answer"] == {"count": 5, "precision": "exact"}


def test_serve_without_a_node_file_says_so_in_one_line(tmp_path: Path) -> None:
    """It used to start the server and end in a traceback from the app's start-up."""
    missing = tmp_path / "missing.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "ic2permed", "node", "serve", "--db", str(missing), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [f"error: no node database at {missing}"]
    assert "Traceback" not in done.stdout + done.stderr
