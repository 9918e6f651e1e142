"""Flags read as flags: `--version` works, and `--json` (like every yes/no option) takes no value."""

from __future__ import annotations

import json

from ic2permed import __version__
from tests.clirunner import InProcessCli


def test_version_flag(cli: InProcessCli) -> None:
    done = cli("--version")
    assert done.code == 0 and done.stdout.strip() == __version__


def test_yes_no_options_take_no_value(cli: InProcessCli) -> None:
    helped = cli("landscape", "search", "--help")
    line = next(line for line in helped.stdout.splitlines() if "--json" in line)
    assert "<bool>" not in line and "Print the ranked items as JSON" in line
    listed = cli("nodes", "list", "--json")
    assert listed.code == 0, listed.stderr
    assert json.loads(listed.stdout) == []
