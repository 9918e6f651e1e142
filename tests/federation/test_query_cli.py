"""`ic2permed query`: with no node, or no node answering, it says so and exits non-zero."""

from __future__ import annotations

import json

from tests.clirunner import InProcessCli
from tests.fakes.servers import free_port


def test_no_node_registered_says_how_to_add_one(cli: InProcessCli) -> None:
    done = cli("query", "--disease", "E11")
    assert done.code == 1
    assert done.stdout == ""
    assert "no node is registered" in done.stderr and "ic2permed nodes add" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_every_node_down_fails_after_showing_each_status(cli: InProcessCli) -> None:
    for node in ("eu-down", "cn-down"):
        added = cli("nodes", "add", node, f"http://127.0.0.1:{free_port()}/api", "--region", "EU")
        assert added.code == 0, added.stderr
    done = cli("query", "--disease", "E11", "--timeout", "2")
    assert done.code == 1
    assert "eu-down" in done.stdout and "cn-down" in done.stdout  # the table still shows why, in words
    words = " ".join(done.stdout.split())
    assert "could not be" in words and "ConnectError" not in words and "ssl:default" not in words
    assert "none of the 2 enabled nodes answered" in done.stderr
    as_json = cli("query", "--disease", "E11", "--timeout", "2", "--json")
    assert as_json.code == 1 and '"answers"' in as_json.stdout
    assert {a["reason"].split(":")[0] for a in json.loads(as_json.stdout)["answers"]} == {"ConnectError"}


def test_nodes_add_takes_the_jurisdiction_from_the_region(cli: InProcessCli) -> None:
    added = cli("nodes", "add", "cn-x", f"http://127.0.0.1:{free_port()}/api", "--region", "China")
    assert added.code == 0, added.stderr
    listed = cli("nodes", "list", "--json")
    assert [(n["id"], n["region"], n["jurisdiction"]) for n in json.loads(listed.stdout)] == [("cn-x", "China", "CN")]
