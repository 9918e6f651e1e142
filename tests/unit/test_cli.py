"""The command line as a user meets it: stdout for data, one line for errors, a non-zero exit.

Behaviour is tested in this process (`cli` fixture); the last test runs the console script as a real
process, once, for the contract itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import InProcessCli
from tests.fakes.servers import cli_env


def test_users_and_tokens_round_trip(cli: InProcessCli, tmp_path: Path) -> None:
    created = cli(
        "users",
        "create",
        "--username",
        "mo-fictional",
        "--role",
        "curator",
        "--role",
        "expert",
        "--password-stdin",
        stdin="a-long-password\n",
    )
    assert created.code == 0, created.stderr
    assert created.stdout == ""
    assert (tmp_path / "var" / "ic2permed.db").exists()
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    listed = cli("users", "list", "--json")
    assert json.loads(listed.stdout)[0]["roles"] == ["curator", "expert"]
    token = cli("users", "token", "create", "mo-fictional", "--label", "ci")
    assert token.stdout.startswith("ic2p_") and token.stdout.count("\n") == 1
    tokens = json.loads(cli("users", "token", "list", "mo-fictional", "--json").stdout)
    assert tokens[0]["label"] == "ci" and tokens[0]["revoked_at"] is None
    assert cli("users", "token", "revoke", str(tokens[0]["id"])).code == 0
    changed = cli("users", "set-password", "mo-fictional", "--password-stdin", stdin="another-long-one\n")
    assert changed.code == 0


@pytest.mark.parametrize(
    ("args", "env", "stdin", "message"),
    [
        (["users", "list"], {"IC2PERMED_PORT": "70000"}, "", "Configuration error: IC2PERMED_PORT"),
        (["users", "list"], {"IC2PERMED_DATABASE_URL": "oracle://x"}, "", "unknown database scheme 'oracle'"),
        (
            ["users", "create", "--username", "no", "--role", "expert", "--password-stdin"],
            {},
            "a-long-password\n",
            "username",
        ),
        (
            ["users", "create", "--username", "nia", "--role", "expert", "--password-stdin"],
            {},
            "short\n",
            "password",
        ),
        (["users", "token", "revoke", "42"], {}, "", "No token with id 42"),
    ],
)
def test_bad_input_gets_one_line_and_nonzero_exit(
    cli: InProcessCli, args: list[str], env: dict[str, str], stdin: str, message: str
) -> None:
    result = cli(*args, stdin=stdin, **env)
    assert result.code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_config_show_masks_secrets(cli: InProcessCli) -> None:
    result = cli("config", "show", "--json", IC2PERMED_SECRET_KEY="k" * 40)
    shown = json.loads(result.stdout)
    assert shown["secret_key"] == "**********"
    assert "k" * 40 not in result.stdout + result.stderr


def test_the_console_script_keeps_its_contract(tmp_path: Path) -> None:
    """A real process: JSON on stdout with exit 0; a bad setting as one line on stderr with exit 2."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ic2permed", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=cli_env(IC2PERMED_LOAD_BUNDLED_DATA="false", **env),
            timeout=120,
        )

    shown = run("config", "show", "--json", IC2PERMED_SECRET_KEY="k" * 40)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["secret_key"] == "**********"
    bad = run("users", "list", IC2PERMED_PORT="70000")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()]
    assert bad.stderr.startswith("Configuration error: IC2PERMED_PORT")
