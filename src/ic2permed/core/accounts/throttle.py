"""Login throttling: limits per (account, address), per address and per account, kept in memory.

The policy, and why (also in docs/security.md):
- 5 failures for one account from one address lock that pair for 15 minutes: online guessing from
  one place is over, and nobody else is affected.
- 30 failures from one address (any accounts) lock that address for 15 minutes: password spraying.
- 100 failures for one account from anywhere lock the account for 15 minutes, except for browsers
  that already logged in to it successfully (a signed "known device" cookie, OWASP's device-cookie
  pattern). A distributed attacker can therefore slow guessing to ~100 per 15 minutes per account,
  but cannot lock a user out of the browser they normally use.
- A success clears the pair's failures. Counts live in this process (several workers each count
  on their own, so the limits multiply by the worker count; a shared store would fix that).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 15 * 60
PAIR_LIMIT = 5
ADDRESS_LIMIT = 30
ACCOUNT_LIMIT = 100
MAX_KEYS = 100_000  # memory stays bounded however many names or addresses an attacker invents


@dataclass
class _Failures:
    count: int
    first: float
    last: float


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: OrderedDict[tuple[str, ...], _Failures] = OrderedDict()

    def _get(self, key: tuple[str, ...], now: float) -> _Failures | None:
        entry = self._failures.get(key)
        if entry is not None and now - entry.first > WINDOW_SECONDS:
            del self._failures[key]
            return None
        return entry

    def retry_after(self, username: str, address: str, known_device: bool = False) -> int:
        """Seconds until this attempt may be made; 0 when it may be made now."""
        name = username.lower()
        now = self._clock()
        limits = [(("pair", name, address), PAIR_LIMIT), (("address", address), ADDRESS_LIMIT)]
        if not known_device:
            limits.append((("account", name), ACCOUNT_LIMIT))
        wait = 0.0
        with self._lock:
            for key, limit in limits:
                entry = self._get(key, now)
                if entry is not None and entry.count >= limit:
                    wait = max(wait, entry.first + WINDOW_SECONDS - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, username: str, address: str) -> None:
        name = username.lower()
        now = self._clock()
        with self._lock:
            for key in (("pair", name, address), ("address", address), ("account", name)):
                entry = self._get(key, now)
                if entry is None:
                    self._failures[key] = _Failures(1, now, now)
                else:
                    entry.count += 1
                    entry.last = now
                    self._failures.move_to_end(key)
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(("pair", username.lower(), address), None)
