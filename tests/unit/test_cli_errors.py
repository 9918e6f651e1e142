"""Errors on the command line read the same everywhere: one line, `error: WHERE: what`, naming the option the
user typed, values quoted as 'value', and a pointer to --help for usage mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from ic2permed.cli import app
from tests.clirunner import InProcessCli


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["query", "--disease", "糖尿病"], "error: --disease: '糖尿病' is not an ICD-10 code"),
        (["landscape", "search", "x", "--region", "Mars"], "error: --region: unknown region(s): Mars"),
        (["biobanks", "search", "--material", "NOPE"], "error: --material: 'NOPE' is not on the MIABIS list"),
        (["nodes", "add", "BAD", "http://127.0.0.1:9/api"], "error: NODE_ID: String should match pattern"),
        (["experts", "search", "--region", "Mars"], "error: --region: unknown region 'Mars'; use one of 'China'"),
        (["stakeholders", "search", "--region", "Mars"], "error: --region: unknown region 'Mars'"),
        (
            ["landscape", "export", "--format", "pdf"],
            "error: --format: use json, csv or xlsx (see: ic2permed landscape export --help)",
        ),
        (["biobanks", "import", "missing.csv"], "error: PATH: path 'missing.csv' does not exist."),
        (["node", "synth", "--db", "x.duckdb"], "error: Missing option '--donors'."),
        (["biobanks", "search", "--bogus"], "error: No such option: --bogus (see: ic2permed biobanks search --help)"),
        (["node", "import", "nowhere", "--db", "x.duckdb"], "error: 'nowhere' is not a directory"),
    ],
)
def test_every_error_is_one_line_naming_what_to_change(cli: InProcessCli, args: list[str], line: str) -> None:
    done = cli(*args)
    assert done.code != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(line), lines[0]
    assert "Value error" not in lines[0] and "Traceback" not in done.stderr


def _leaves(command: object, path: list[str]) -> list[tuple[list[str], object]]:
    subs = getattr(command, "commands", None)
    if not isinstance(subs, dict) or not subs:
        return [(path, command)]
    return [leaf for name, sub in subs.items() for leaf in _leaves(sub, [*path, name])]


def test_yes_no_flags_never_ask_for_a_value_in_any_command() -> None:
    flags = [
        (" ".join(path), param.opts[0])
        for path, command in _leaves(typer.main.get_command(app), [])
        for param in getattr(command, "params", [])
        if getattr(param, "is_flag", False) and param.param_type_name == "option" and param.metavar != ""
    ]
    assert flags == []


def test_json_silences_the_node_commands_human_output(cli: InProcessCli, tmp_path: Path) -> None:
    done = cli("node", "synth", "--donors", "500", "--db", str(tmp_path / "n.duckdb"), "--json")
    assert done.code == 0 and json.loads(done.stdout)["donors"] == 500 and done.stderr == ""
