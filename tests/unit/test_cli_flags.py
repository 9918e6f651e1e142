"""Flags read as flags: `--version` works, and `--json` (like every yes/no option) takes no value."""

from __future__ import annotations

import json
from pathlib import Path

from ic2permed import __version__
from tests.unit.test_cli import run


def test_version_flag(tmp_path: Path) -> None:
    done = run(["--version"], tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == __version__


def test_yes_no_options_take_no_value(tmp_path: Path) -> None:
    helped = run(["landscape", "search", "--help"], tmp_path)
    line = next(line for line in helped.stdout.splitlines() if "--json" in line)
    assert "<bool>" not in line and "Print the ranked items as JSON" in line
    listed = run(["nodes", "list", "--json"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
