"""`ic2permed demo` stops every node it started when it is told to stop (issue 15), in a real subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SECRET
from tests.fakes.servers import free_port

REPO = Path(__file__).resolve().parents[2]
NODES = 2


def _open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_block(size: int) -> int:
    """A port whose next `size` neighbours are free too (the demo puts its nodes right after the hub)."""
    for _ in range(50):
        port = free_port()
        if port + size < 65535 and not any(_open(port + i) for i in range(size + 1)):
            return port
    pytest.skip("no block of free ports")


@pytest.mark.parametrize("signum", [signal.SIGTERM])  # SIGINT takes the same path (uvicorn catches both)
def test_the_demo_stops_its_nodes_on_a_signal(tmp_path: Path, signum: int) -> None:
    port = _free_block(NODES)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")} | {
        "IC2PERMED_VAR_DIR": str(tmp_path / "var"),
        "IC2PERMED_PORT": str(port),
        "IC2PERMED_DEMO_NODES": str(NODES),
        "IC2PERMED_SECRET_KEY": SECRET,
        "IC2PERMED_LOAD_BUNDLED_DATA": "false",
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "ic2permed", "demo"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nodes = [port + i for i in range(1, NODES + 1)]
    try:
        deadline = time.monotonic() + 240
        while not all(_open(p) for p in [port, *nodes]):
            assert demo.poll() is None, "the demo stopped before it was up"
            assert time.monotonic() < deadline, "the demo did not come up"
            time.sleep(0.5)
        demo.send_signal(signum)
        demo.wait(timeout=60)
        deadline = time.monotonic() + 20
        while any(_open(p) for p in nodes) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_open(p) for p in [port, *nodes])  # every port is free for the next start
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait(timeout=10)
