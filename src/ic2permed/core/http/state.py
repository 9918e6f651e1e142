"""What a running app holds, typed, so handlers and dependencies need no casts of `app.state`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import State

from ic2permed.core.accounts.security import Signer
from ic2permed.core.accounts.throttle import LoginThrottle
from ic2permed.core.config import Settings
from ic2permed.core.database import Database
from ic2permed.core.domain_spec import NavEntry
from ic2permed.core.http.templating import Templates


class AppState(State):
    """`app.state` of an app built by `web.app.create_app`.

    Starlette's `State` keeps any attribute; the annotated ones are always set at build time. A domain may
    keep its own long-lived resources here too (the hub's per-node HTTP clients), made on first use.
    """

    settings: Settings
    database: Database
    secret_key: str
    """The platform's secret (`core.secrets.secret_key`), read once at build: the signer's and the hub's key."""
    signer: Signer
    templates: Templates
    nav: tuple[NavEntry, ...]
    login_throttle: LoginThrottle
    related: dict[str, Callable[..., Any]]
    """Finders of links between domains' pages, by slot (`core.http.related`), registered by `web`."""

    def __init__(
        self,
        *,
        settings: Settings,
        database: Database,
        secret_key: str,
        templates: Templates,
        nav: tuple[NavEntry, ...],
        login_throttle: LoginThrottle,
    ) -> None:
        values: dict[str, Any] = {
            "settings": settings,
            "database": database,
            "secret_key": secret_key,
            "signer": Signer(secret_key),
            "templates": templates,
            "nav": nav,
            "login_throttle": login_throttle,
            "related": {},
        }
        super().__init__(values)


def app_state(app: object) -> AppState:
    """The typed state of an app made by `create_app` (a clear error for any other app)."""
    state = getattr(app, "state", None)
    if not isinstance(state, AppState):
        raise TypeError("this app was not built by ic2permed.web.app.create_app")
    return state
