"""`make run` announces the hub only once its demo nodes answer (or have visibly failed)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from ic2permed.federation.demo import _wait_until_answering
from tests.fakes.servers import free_port

LATE_SERVER = (
    "import time, http.server as h; time.sleep(1.0); "
    "h.ThreadingHTTPServer(('127.0.0.1', {port}), h.SimpleHTTPRequestHandler).serve_forever()"
)


def test_waits_for_a_node_that_comes_up_late() -> None:
    port = free_port()
    node = subprocess.Popen(
        [sys.executable, "-c", LATE_SERVER.format(port=port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        begin = time.monotonic()
        _wait_until_answering([f"http://127.0.0.1:{port}/api"], [node], limit=30)
        waited = time.monotonic() - begin
        assert node.poll() is None
        assert 0.9 <= waited < 30  # not announced before the node answered, and no longer than that
    finally:
        node.terminate()
        node.wait(timeout=10)


def test_a_node_that_died_is_reported_not_waited_for(caplog: pytest.LogCaptureFixture) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    dead.wait(timeout=10)
    begin = time.monotonic()
    with caplog.at_level("WARNING"):
        _wait_until_answering([f"http://127.0.0.1:{free_port()}/api"], [dead], limit=20)
    assert time.monotonic() - begin < 5
    assert "stopped (exit 3)" in caplog.text
