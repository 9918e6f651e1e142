"""Start servers for tests, one way: an ASGI app in a thread, or a command in its own process.

Both take a free loopback port and fail the test loudly (with the server's output) when the server does
not come up in time; neither returns before it answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli_env(**overrides: str) -> dict[str, str]:
    """The caller's environment without any IC2PERMED_* setting, plus `overrides` (for child processes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    env.update(overrides)
    return env


def wait_until(ready: Callable[[], bool], timeout: float, why: Callable[[], str]) -> None:
    """Poll `ready` until it holds; fail the test with `why()` when `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(why())
        time.sleep(0.05)


@contextmanager
def serving(app: Any, lifespan: Literal["on", "off", "auto"] = "off", timeout: float = 30) -> Iterator[str]:
    """`app` over real HTTP in a background thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until(
            lambda: server.started or not thread.is_alive(),
            timeout,
            lambda: f"test server on port {port} did not start within {timeout} s",
        )
        if not server.started:
            pytest.fail(f"test server on port {port} stopped before it started")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def _answers(url: str, ok_only: bool) -> bool:
    try:
        response = httpx.get(url, timeout=1)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 or not ok_only


@contextmanager
def serving_command(
    args: list[str], cwd: Path, probe: str, env: dict[str, str] | None = None, timeout: float = 60, ok_only: bool = True
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m ic2permed <args>` as its own process, output to `cwd/server.log`, until `probe` answers."""
    log_path = cwd / f"server-{time.monotonic_ns()}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ic2permed", *args], cwd=cwd, env=env or cli_env(), stdout=log, stderr=log
        )
        try:
            wait_until(
                lambda: process.poll() is not None or _answers(probe, ok_only),
                timeout,
                lambda: f"{' '.join(args)} did not answer at {probe}:\n{log_path.read_text(errors='replace')}",
            )
            if process.poll() is not None:
                pytest.fail(f"{' '.join(args)} exited with {process.returncode}:\n{log_path.read_text()}")
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
