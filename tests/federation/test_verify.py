"""`node verify`: our node conforms; a deliberately broken Beacon gets a report naming what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ic2permed.cli import app
from ic2permed.federation.verify import verify
from tests.fakes.broken_beacon import broken_beacon
from tests.federation.node_helpers import SCHEMAS, build_handmade, live_node


@pytest.fixture(scope="module")
def handmade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handmade(tmp_path_factory.mktemp("verify"))


def test_our_node_conforms_over_http(handmade: Path) -> None:
    with live_node(handmade) as base:
        report = verify(base, SCHEMAS)
    assert report.conforms, [c for c in report.checks if not c.ok]
    assert len(report.checks) == 7 + 4 * 3 + 2


def test_a_broken_beacon_is_reported() -> None:
    with TestClient(broken_beacon()) as client:
        report = verify("http://testserver/api", SCHEMAS, client)
    failed = {c.name: c for c in report.checks if not c.ok}
    assert not report.conforms
    assert {"GET /", "GET /info", "GET /configuration", "GET /filtering_terms", "GET /entry_types"} <= set(failed)
    assert "GET /service-info" not in failed
    assert any("apiVersion" in p for p in failed["GET /info"].problems)
    assert any("exists" in p or "numTotalResults" in p for p in failed["GET /individuals count"].problems)
    assert "expected an error status" in failed["unknown endpoint"].problems[0]
    assert report.as_dict()["failed"] == len(failed)


def test_the_command_prints_a_report_and_fails_on_errors(handmade: Path) -> None:
    with live_node(handmade) as base:
        done = CliRunner().invoke(app, ["node", "verify", base, "--schemas", str(SCHEMAS)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["conforms"] is True
    assert "checks pass" in done.stderr
    dead = CliRunner().invoke(app, ["node", "verify", "http://127.0.0.1:9/api", "--schemas", str(SCHEMAS)])
    assert dead.exit_code == 1 and json.loads(dead.stdout)["conforms"] is False
