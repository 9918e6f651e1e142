"""The registry of domains: what `web` mounts, what the CLI adds, what bundled data is loaded.

Only this module, `web`, `cli` and `bootstrap` may import several domains at once.
"""

from __future__ import annotations

import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import typer
from fastapi import APIRouter

from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.i18n import N_


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str


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
    shutdown: Callable[[Any], Awaitable[None]] | None = None  # given app.state when the app stops
    start_demo: Callable[[Settings, Database], list[subprocess.Popen[bytes]]] | None = None
    stop_demo: Callable[[list[subprocess.Popen[bytes]]], None] | None = None
    templates: tuple[str, ...] = field(default_factory=tuple)


def all_domains() -> list[DomainSpec]:
    from ic2permed.access import spec as access_spec
    from ic2permed.biobanks import spec as biobanks_spec
    from ic2permed.federation import spec as federation_spec
    from ic2permed.landscape import spec as landscape_spec

    return [landscape_spec.SPEC, biobanks_spec.SPEC, federation_spec.SPEC, access_spec.SPEC]


def nav_entries() -> list[NavEntry]:
    entries = [NavEntry(N_("Home"), "/")]
    for domain in all_domains():
        entries.extend(domain.nav)
    return entries
