"""The one progress bar of long commands: Rich on stderr, with percentage, counts and time left.

Silent when the caller asks for machine output (`--json`) or stderr is not a terminal (pipes, CI, tests),
so stdout stays clean and logs hold no redraw noise.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)


def bar(quiet: bool = False, console: Console | None = None) -> Progress:
    """A progress display to use as a context manager; `add_task(..., total=N)` and `update` as usual."""
    shown_on = console or Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TextColumn("time left"),
        TimeRemainingColumn(),
        console=shown_on,
        disable=quiet or not shown_on.is_terminal,
        transient=True,
    )
