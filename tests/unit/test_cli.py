"""The command line as a user meets it: real processes, stdout for data, one line for errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IC2PERMED_")}
    environment.update({"IC2PERMED_LOAD_BUNDLED_DATA": "false", **env})
    return subprocess.run(
        [sys.executable, "-m", "ic2permed", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_users_and_tokens_round_trip(tmp_path: Path) -> None:
    created = run(
        [
            "users",
            "create",
            "--username",
            "mo-fictional",
            "--role",
            "curator",
            "--role",
            "expert",
            "--password-stdin",
        ],
        tmp_path,
        stdin="a-long-password\n",
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout == ""
    assert (tmp_path / "var" / "ic2permed.db").exists()
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    listed = run(["users", "list", "--json"], tmp_path)
    assert json.loads(listed.stdout)[0]["roles"] == ["curator", "expert"]
    token = run(["users", "token", "create", "mo-fictional", "--label", "ci"], tmp_path)
    assert token.stdout.startswith("ic2p_") and token.stdout.count("\n") == 1
    tokens = json.loads(run(["users", "token", "list", "mo-fictional", "--json"], tmp_path).stdout)
    assert tokens[0]["label"] == "ci" and tokens[0]["revoked_at"] is None
    assert run(["users", "token", "revoke", str(tokens[0]["id"])], tmp_path).returncode == 0
    changed = run(["users", "set-password", "mo-fictional", "--password-stdin"], tmp_path, stdin="another-long-one\n")
    assert changed.returncode == 0


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
    tmp_path: Path, args: list[str], env: dict[str, str], stdin: str, message: str
) -> None:
    result = run(args, tmp_path, stdin=stdin, **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_config_show_masks_secrets(tmp_path: Path) -> None:
    result = run(["config", "show", "--json"], tmp_path, IC2PERMED_SECRET_KEY="k" * 40)
    shown = json.loads(result.stdout)
    assert shown["secret_key"] == "**********"
    assert "k" * 40 not in result.stdout + result.stderr
