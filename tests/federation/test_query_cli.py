"""`ic2permed query` in a real process: with no node, or no node answering, it says so and exits non-zero."""

from __future__ import annotations

import json
from pathlib import Path

from tests.federation.node_helpers import free_port
from tests.unit.test_cli import run


def test_no_node_registered_says_how_to_add_one(tmp_path: Path) -> None:
    done = run(["query", "--disease", "E11"], tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no node is registered" in done.stderr and "ic2permed nodes add" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_every_node_down_fails_after_showing_each_status(tmp_path: Path) -> None:
    for node in ("eu-down", "cn-down"):
        added = run(["nodes", "add", node, f"http://127.0.0.1:{free_port()}/api", "--region", "EU"], tmp_path)
        assert added.returncode == 0, added.stderr
    done = run(["query", "--disease", "E11", "--timeout", "2"], tmp_path)
    assert done.returncode == 1
    assert "eu-down" in done.stdout and "cn-down" in done.stdout  # the table still shows why
    assert "none of the 2 enabled nodes answered" in done.stderr
    as_json = run(["query", "--disease", "E11", "--timeout", "2", "--json"], tmp_path)
    assert as_json.returncode == 1 and '"answers"' in as_json.stdout


def test_nodes_add_takes_the_jurisdiction_from_the_region(tmp_path: Path) -> None:
    added = run(["nodes", "add", "cn-x", f"http://127.0.0.1:{free_port()}/api", "--region", "China"], tmp_path)
    assert added.returncode == 0, added.stderr
    listed = run(["nodes", "list", "--json"], tmp_path)
    assert [(n["id"], n["region"], n["jurisdiction"]) for n in json.loads(listed.stdout)] == [("cn-x", "China", "CN")]
