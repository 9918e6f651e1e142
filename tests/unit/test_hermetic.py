"""The suite is hermetic: settings in the caller's shell or a `.env` where it starts do not reach a test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ic2permed.core.config import load_settings

REPO = Path(__file__).resolve().parents[2]


def test_no_setting_from_the_shell_is_left() -> None:
    assert [n for n in os.environ if n.startswith("IC2PERMED_") and not n.startswith("IC2PERMED_TEST_")] == []
    settings = load_settings()
    assert (settings.var_dir, settings.port) == (Path("var"), 8000)


def test_each_test_runs_in_its_own_empty_directory(tmp_path: Path) -> None:
    assert Path.cwd() == tmp_path
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_settings_in_the_shell_and_a_dotenv_do_not_reach_the_suite(tmp_path: Path) -> None:
    """The config tests and the two above, run by a pytest started with settings that would break them."""
    (tmp_path / ".env").write_text("IC2PERMED_PORT=1\nIC2PERMED_SECRET_KEY=weak\n")
    shell = {"IC2PERMED_VAR_DIR": str(tmp_path / "elsewhere"), "IC2PERMED_PORT": "70000", "IC2PERMED_LOG_LEVEL": "nope"}
    tests = [
        str(REPO / "tests" / "unit" / "test_config.py"),
        f"{Path(__file__)}::test_no_setting_from_the_shell_is_left",
        f"{Path(__file__)}::test_each_test_runs_in_its_own_empty_directory",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(REPO), *tests],
        cwd=tmp_path,
        env={**os.environ, **shell},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
