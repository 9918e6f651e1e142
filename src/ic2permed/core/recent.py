"""Rows a worker read lately, kept for a couple of seconds so the hottest path can skip the database.

The hub asks for the requester and the enabled nodes on every federated query; reading them meant a
trip to a worker thread and two queries, about a third of the hub's CPU per query (issue 15). What is
kept here is forgotten at once when this process changes the data (`Changes.happened`), and at the
latest after `RECENT_SECONDS` when another worker or a command-line run changed it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from time import monotonic
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

RECENT_SECONDS = 2.0


class Changes:
    """How often this process has changed one kind of data; a copy read before a change is stale."""

    def __init__(self) -> None:
        self.count = 0

    def happened(self) -> None:
        """Call after the change is committed: copies read before it are dropped, later ones kept."""
        self.count += 1


@dataclass(frozen=True)
class _Kept(Generic[V]):
    value: V
    at: float
    count: int


class Recent(Generic[K, V]):
    """At most `size` values, each good for `seconds` and until the next change of their kind."""

    def __init__(self, changes: Changes, seconds: float | None = None, size: int = 4096) -> None:
        self.changes, self.size = changes, size
        self.seconds = RECENT_SECONDS if seconds is None else seconds
        self._kept: OrderedDict[K, _Kept[V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        kept = self._kept.get(key)
        if kept is None or kept.count != self.changes.count or monotonic() - kept.at > self.seconds:
            return None
        return kept.value

    def put(self, key: K, value: V, count: int) -> None:
        """Keep a value read when `changes.count` was `count`; dropped if a change happened since."""
        if count != self.changes.count:
            return
        with self._lock:
            self._kept[key] = _Kept(value, monotonic(), count)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
