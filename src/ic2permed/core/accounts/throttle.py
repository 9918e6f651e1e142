"""Login throttling: limits per (account, address), per address and per account.

The policy, and why (also in docs/security.md):
- 5 failures for one account from one address lock that pair for 15 minutes: online guessing from
  one place is over, and nobody else is affected.
- 30 failures from one address (any accounts) lock that address for 15 minutes: password spraying.
- 100 failures for one account from anywhere lock the account for 15 minutes, except for browsers
  that already logged in to it successfully (a signed "known device" cookie, OWASP's device-cookie
  pattern). A distributed attacker can therefore slow guessing to ~100 per 15 minutes per account,
  but cannot lock a user out of the browser they normally use.
- A success clears the pair's failures.

The web app counts in the database (`DatabaseFailures`), shared by every worker: counted per process,
the limits multiplied by the number of workers (4 workers: 20 guesses per pair and 400 per account per
window), and the recommended deployment runs several. `MemoryFailures` serves tests and single-process
tools with a fake clock.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from ic2permed.core.accounts import service
from ic2permed.core.database import Database

WINDOW_SECONDS = 15 * 60
PAIR_LIMIT = 5
ADDRESS_LIMIT = 30
ACCOUNT_LIMIT = 100
MAX_KEYS = 100_000  # memory stays bounded however many names or addresses an attacker invents


class FailureStore(Protocol):
    """Where failures are counted: `get` gives (count, first) per key still inside the window."""

    def get(self, keys: list[str], horizon: float) -> dict[str, tuple[int, float]]: ...

    def add(self, keys: list[str], now: float, horizon: float) -> None: ...

    def clear(self, key: str) -> None: ...


class MemoryFailures:
    """In this process only (tests, a single worker's tools)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def get(self, keys: list[str], horizon: float) -> dict[str, tuple[int, float]]:
        with self._lock:
            found = {k: self._failures[k] for k in keys if k in self._failures}
        return {k: v for k, v in found.items() if v[1] >= horizon}

    def add(self, keys: list[str], now: float, horizon: float) -> None:
        with self._lock:
            for key in keys:
                count, first = self._failures.get(key, (0, now))
                if first < horizon:
                    count, first = 0, now
                self._failures[key] = (count + 1, first)
                self._failures.move_to_end(key)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class DatabaseFailures:
    """In the platform's database, so every worker sees every failure."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, keys: list[str], horizon: float) -> dict[str, tuple[int, float]]:
        with self.database.session() as session:
            return service.login_failures(session, keys, horizon)

    def add(self, keys: list[str], now: float, horizon: float) -> None:
        with self.database.session() as session:
            service.record_login_failure(session, keys, now, horizon)

    def clear(self, key: str) -> None:
        with self.database.session() as session:
            service.clear_login_failures(session, key)


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class LoginThrottle:
    """The policy above over a store. Its methods may touch the database: call them off the event loop."""

    def __init__(self, clock: Callable[[], float] = time.time, store: FailureStore | None = None) -> None:
        self._clock = clock
        self.store: FailureStore = store if store is not None else MemoryFailures()

    def retry_after(self, username: str, address: str, known_device: bool = False) -> int:
        """Seconds until this attempt may be made; 0 when it may be made now."""
        name = username.lower()
        now = self._clock()
        limits = {_key("pair", name, address): PAIR_LIMIT, _key("address", address): ADDRESS_LIMIT}
        if not known_device:
            limits[_key("account", name)] = ACCOUNT_LIMIT
        found = self.store.get(list(limits), now - WINDOW_SECONDS)
        wait = 0.0
        for key, (count, first) in found.items():
            if count >= limits[key]:
                wait = max(wait, first + WINDOW_SECONDS - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        name = username.lower()
        now = self._clock()
        keys = [_key("pair", name, address), _key("address", address), _key("account", name)]
        self.store.add(keys, now, now - WINDOW_SECONDS)

    def succeeded(self, username: str, address: str) -> None:
        self.store.clear(_key("pair", username.lower(), address))
