"""What every `ic2permed` sub-command shares: this run's settings and the database, prepared once.

The root command (`ic2permed.cli`) puts a `CommandState` on the Typer context; a domain's `cli.py` asks
`command_database(ctx)` for the database. Preparing (migrations, bundled data) belongs to the root, which
may import every domain; a sub-command run without it gets an error, never an unmigrated database.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.vocab import regions


class CommandState:
    """Settings for this run; the database is made ready lazily, on first need."""

    def __init__(self, settings: Settings, prepare: Callable[[Settings], Database]) -> None:
        self.settings = settings
        self._prepare = prepare
        self._database: Database | None = None

    def database(self) -> Database:
        if self._database is None:
            self._database = self._prepare(self.settings)
        return self._database


def command_state(ctx: typer.Context) -> CommandState:
    state = ctx.find_root().obj
    if not isinstance(state, CommandState):
        raise RuntimeError("this command runs under `ic2permed`, whose root command prepares the database")
    return state


def command_database(ctx: typer.Context) -> Database:
    """The root command's prepared database (migrated, bundled data loaded on first use)."""
    return command_state(ctx).database()


def region_values(values: list[str] | None) -> list[str]:
    """An option callback for `--region`: the four regions, or one line naming the unknown value."""
    for value in values or []:
        if value not in regions.REGION_CODES:
            known = ", ".join(repr(code) for code in sorted(regions.REGION_CODES))
            raise typer.BadParameter(f"unknown region {value!r}; use one of {known}")
    return values or []
