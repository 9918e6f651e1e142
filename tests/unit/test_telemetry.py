"""FastAPI's native OpenTelemetry is off unless a deployment asks for it (issue 15: its per-request check
for a provider cost a node about a seventh of its CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2permed.core.config import Settings
from ic2permed.core.http.telemetry import OFF, fastapi_telemetry
from ic2permed.federation.node.app import NodeSettings


def test_off_by_default_and_fastapis_own_defaults_when_asked() -> None:
    assert fastapi_telemetry(False) == OFF == {"tracing": False, "metrics": False, "logs": False}
    assert fastapi_telemetry(True) is None
    assert Settings(_env_file=None).telemetry is False
    assert NodeSettings(db=Path("node.duckdb")).telemetry is False


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IC2PERMED_TELEMETRY", "true")
    assert Settings(_env_file=None).telemetry is True
