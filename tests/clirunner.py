"""`ic2permed …` run inside the test process, exactly as the console script runs it.

`main()` is called with the arguments in `sys.argv`, so errors become one line on stderr and an exit code
as they do for a user; only starting a Python process is saved. Each command group keeps one test that
runs it as a real process (the contract of the console script itself).
"""

from __future__ import annotations

import io
import logging
import sys
from dataclasses import dataclass

import pytest

from ic2permed.cli import main


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


class InProcessCli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: str = "", **env: str) -> CliResult:
        """Run `ic2permed <args>` in the current directory; bundled data stays out unless `env` asks for it."""
        self._capsys.readouterr()
        handlers = logging.root.handlers[:]
        with self._monkeypatch.context() as patch:
            patch.setattr(sys, "argv", ["ic2permed", *args])
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            for name, value in {"IC2PERMED_LOAD_BUNDLED_DATA": "false", **env}.items():
                patch.setenv(name, value)
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            finally:
                logging.root.handlers[:] = handlers
        captured = self._capsys.readouterr()
        return CliResult(code, captured.out, captured.err)
