"""What a domain hands the platform to plug in: navigation, routers, CLI, bundled data, templates.

It lives in `core` so that a domain's `spec.py` depends on `core` only; `ic2permed.domains` lists the
specs, and nothing in a domain imports that registry (it would make every domain depend on every other).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import typer
from fastapi import APIRouter
from sqlalchemy.orm import Session

from ic2permed.core.config import Settings
from ic2permed.core.database import Database

if TYPE_CHECKING:
    from ic2permed.core.http.state import AppState


class DemoRun(Protocol):
    """What a domain's demo left running (processes, a supervisor); `ic2permed demo` stops it on the way out."""

    def __len__(self) -> int: ...  # how many processes it runs

    def stop(self) -> None: ...


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str


@dataclass(frozen=True)
class Figure:
    """One number on a home-page card; `label` is a catalogue message with `%(n)s`, e.g. "%(n)s biobanks"."""

    count: int
    label: str


@dataclass(frozen=True)
class HomeCard:
    """What a domain says about itself on the home page: what it holds and how much (the web renders it)."""

    title: str
    path: str
    holds: str  # a catalogue message: one sentence on what this part holds
    figures: Callable[[Session], tuple[Figure, ...]] | None = None


@dataclass(frozen=True)
class DomainSpec:
    name: str
    nav: tuple[NavEntry, ...] = ()
    api: APIRouter | None = None
    pages: APIRouter | None = None
    routers: tuple[APIRouter, ...] = ()  # mounted as they are (e.g. a standard's own paths)
    cli: typer.Typer | None = None
    cli_name: str | None = None
    load_bundled: Callable[[Database], None] | None = None
    more_cli: tuple[tuple[str, typer.Typer], ...] = ()
    shutdown: Callable[[AppState], Awaitable[None]] | None = None  # given the app's state when it stops
    start_demo: Callable[[Settings, Database], DemoRun | None] | None = None  # None: nothing left running
    templates: tuple[str, ...] = field(default_factory=tuple)
    home: tuple[HomeCard, ...] = ()  # cards on the home page, in this order
