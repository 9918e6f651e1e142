"""A live server in its own process and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes import servers

CHROMIUM = os.environ.get("IC2PERMED_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADMIN_PASSWORD = "browser-test-password"


@dataclass
class LiveServer:
    url: str
    cwd: Path


def cli_env() -> dict[str, str]:
    return servers.cli_env(IC2PERMED_LOAD_BUNDLED_DATA="true")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    cwd = tmp_path_factory.mktemp("live")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ic2permed",
            "users",
            "create",
            "--username",
            "pat-fictional",
            "--role",
            "admin",
            "--password-stdin",
        ],
        cwd=cwd,
        input=ADMIN_PASSWORD + "\n",
        text=True,
        env=cli_env(),
        check=True,
        capture_output=True,
    )
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    with servers.serving_command(["serve", "--port", str(port)], cwd, probe=f"{url}/healthz", env=cli_env()):
        yield LiveServer(url, cwd)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's 'chromium' package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
