"""`ic2permed demo` in a real subprocess (issue 15): it stops every node it started when told to stop or when it
dies without a chance to (SIGKILL), and it restarts a node that died and says so."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import SECRET

REPO = Path(__file__).resolve().parents[2]
NODES = 2


def _open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_block(size: int) -> int:
    """A port whose next `size` neighbours are free too (the demo puts its nodes right after the hub).

    Taken below the kernel's range for outgoing connections: a port from that range can become the local
    end of some other test's connection while the demo starts, and the node meant for it then never binds."""
    stop = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0]) - size - 1
    if stop <= 10000:
        pytest.skip("the range for outgoing connections leaves no room below it")
    chooser = random.Random()
    for _ in range(200):
        port = chooser.randrange(10000, stop)
        if all(_bindable(port + i) for i in range(size + 1)):
            return port
    pytest.skip("no block of free ports")


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the module's demos: the nodes' synthetic data is made once and reused, as `make run` does."""
    return tmp_path_factory.mktemp("demo") / "var"


def _node_pid(port: int) -> int:
    """The process serving a demo node on `port` (found by its command line)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in words and b"--port" in words and str(port).encode() in words:
            return int(entry.name)
    raise AssertionError(f"no node process on port {port}")


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@contextmanager
def _demo(var_dir: Path, cwd: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, list[int]]]:
    """A demo with its hub and nodes answering; killed at the end whatever the test did."""
    port = _free_block(NODES)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")} | {
        "IC2PERMED_VAR_DIR": str(var_dir),
        "IC2PERMED_PORT": str(port),
        "IC2PERMED_DEMO_NODES": str(NODES),
        "IC2PERMED_SECRET_KEY": SECRET,
        "IC2PERMED_LOAD_BUNDLED_DATA": "false",
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "ic2permed", "demo"],
        cwd=cwd,
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
        yield demo, port, nodes
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait(timeout=10)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])  # a service manager's stop; Ctrl-C
def test_the_demo_stops_its_nodes_on_a_signal(var_dir: Path, tmp_path: Path, signum: int) -> None:
    with _demo(var_dir, tmp_path) as (demo, port, nodes):
        demo.send_signal(signum)
        demo.wait(timeout=60)
        _wait_for(lambda: not any(_open(p) for p in nodes), 20, "a node still holds its port")
        assert not any(_open(p) for p in [port, *nodes])  # every port is free for the next start


def test_the_nodes_stop_when_the_demo_is_killed(var_dir: Path, tmp_path: Path) -> None:
    """SIGKILL (or a crash) leaves the demo no chance to stop anything: the nodes must notice on their own."""
    with _demo(var_dir, tmp_path) as (demo, port, nodes):
        pids = [_node_pid(p) for p in nodes]
        demo.kill()
        demo.wait(timeout=10)
        _wait_for(lambda: not any(_open(p) for p in [port, *nodes]), 15, "a node outlived the demo")
        _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), 15, "a node process is left")


def test_a_node_that_died_is_restarted_and_the_hub_says_so(var_dir: Path, tmp_path: Path) -> None:
    with _demo(var_dir, tmp_path) as (demo, port, nodes):
        victim = _node_pid(nodes[0])
        os.kill(victim, signal.SIGKILL)
        hub = f"http://127.0.0.1:{port}"

        def restarted() -> bool:
            listed = httpx.get(f"{hub}/api/v1/federation/nodes", timeout=5).json()
            process = next(n["process"] for n in listed if n["base_url"].endswith(f":{nodes[0]}/api"))
            return bool(process["state"] == "running" and process["restarts"] == 1)

        _wait_for(restarted, 60, "the hub never reported the node restarted")
        _wait_for(lambda: _open(nodes[0]), 60, "the restarted node does not answer")
        assert _node_pid(nodes[0]) != victim
        page = httpx.get(f"{hub}/federated-search", timeout=10)
        assert "restarted at" in page.text
        answers = httpx.post(f"{hub}/api/v1/federation/query", json={}, timeout=30).json()
        assert answers["answered"] == NODES  # it answers queries again
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=60)
        _wait_for(lambda: not any(_open(p) for p in nodes), 20, "a restarted node outlived the demo")
