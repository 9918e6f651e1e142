"""FastAPI's native OpenTelemetry, switched on or off once, when an app is built."""

from __future__ import annotations

from fastapi.telemetry import TelemetryConfig

OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def fastapi_telemetry(enabled: bool) -> TelemetryConfig | None:
    """FastAPI's own defaults when telemetry is wanted, otherwise everything off.

    Left at its defaults, FastAPI asks on every request whether an OpenTelemetry provider has been
    configured since the last one; that question cost a Beacon node about a seventh of its CPU per
    federated query (issue 15). A deployment that exports traces turns it on and pays for it."""
    return None if enabled else OFF
