"""Long commands show a progress bar with a percentage and the time left, on a terminal only."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from ic2permed.core.progress import bar

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_the_bar_shows_percentage_and_time_left_on_a_terminal() -> None:
    screen = io.StringIO()
    with bar(console=Console(file=screen, force_terminal=True, width=120)) as progress:
        task = progress.add_task("individuals", total=200)
        progress.update(task, completed=100)
        progress.refresh()
    text = ANSI.sub("", screen.getvalue())
    assert "individuals" in text and "50%" in text and "100/200" in text and "time left" in text


def test_the_bar_is_silent_off_a_terminal_and_when_asked() -> None:
    for quiet, terminal in ((False, False), (True, True)):
        screen = io.StringIO()
        with bar(quiet=quiet, console=Console(file=screen, force_terminal=terminal, width=120)) as progress:
            progress.update(progress.add_task("x", total=2), completed=1)
            progress.refresh()
        assert screen.getvalue() == ""


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[str, str]:
    """Run the console command with stderr on a pseudo-terminal (as a user sees it); stdout stays a pipe."""
    main, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "ic2permed", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=secondary, env=env
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the command closed its end
            break
        if not chunk:
            break
        seen += chunk
    out, _ = process.communicate(timeout=120)
    os.close(main)
    assert process.returncode == 0, seen.decode(errors="replace")
    return out.decode(), ANSI.sub("", seen.decode(errors="replace"))


def test_node_synth_shows_progress_on_a_terminal_and_keeps_stdout_clean(tmp_path: Path) -> None:
    out, screen = _run_on_a_terminal(["node", "synth", "--donors", "200000", "--db", "n.duckdb"], tmp_path)
    assert json.loads(out)["donors"] == 200000
    assert "200,000 donors" in screen and "%" in screen and "time left" in screen
    piped = subprocess.run(
        [sys.executable, "-m", "ic2permed", "node", "synth", "--donors", "1000", "--db", "p.duckdb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(piped.stdout)["donors"] == 1000 and "time left" not in piped.stderr


def test_node_import_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "records"
    source.mkdir()
    donors = ["id,sex|id,sex|label"] + [f"D{i},NCIT:C16576,female" for i in range(3000)]
    (source / "individuals.csv").write_text("\n".join(donors) + "\n", encoding="utf-8")
    out, screen = _run_on_a_terminal(["node", "import", str(source), "--db", "n.duckdb"], tmp_path)
    assert json.loads(out)["individuals"] == 3000
    assert "individuals" in screen and "%" in screen and "time left" in screen
