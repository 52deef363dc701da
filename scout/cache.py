"""Read results cached under the data version they were computed at.

A type-ahead frontend sends the same searches again and again; answering a repeat
from memory costs microseconds instead of a ranking. An entry is served only while
the backend's :meth:`~indexer.stores.base.Backend.data_version` is the one it was
computed at, so a write (this process's, or another's once refreshed) retires every
entry at once: caching never delays freshness. ``ttl_s`` bounds the age of an entry
for what the version cannot see: the clock (a ``max_days_since_last_post`` filter is
relative to now).

Each entry's lifetime is drawn between ``(1 - spread) x ttl_s`` and ``ttl_s`` when it is
stored. Entries stored together (the first searches after a start or a write) would
otherwise expire together and be recomputed in one burst: at 100k creators, offered
500 repeated searches a second, 180 texts recomputed at once (~17 ms each) held 2
workers back ~250 ms every ``ttl_s`` (p99 140-255 ms against a p50 of 1.4;
docs/benchmarks.md, section 5). Drawn apart, their refreshes spread over the period.
"""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from scout.errors import ConfigError

T = TypeVar("T")

#: Share of ``ttl_s`` by which an entry's lifetime may fall short of it (see above).
SPREAD = 0.5


class VersionedCache(Generic[T]):
    """A thread-safe LRU of at most ``size`` values, each valid for one data version and
    at most ``ttl_s`` seconds (at least ``(1 - spread) x ttl_s``, drawn by ``rng``).
    Values are shared: callers copy before changing one."""

    def __init__(self, size: int, ttl_s: float,
                 clock: Callable[[], float] = time.monotonic, *, spread: float = SPREAD,
                 rng: Callable[[], float] = random.random) -> None:
        if size < 1:
            raise ConfigError(f"a cache holds at least 1 entry, not {size}", field="size")
        if not ttl_s > 0:
            raise ConfigError(f"a cache's ttl must be above 0 seconds, not {ttl_s}",
                              field="ttl_s")
        if not 0 <= spread < 1:
            raise ConfigError(f"a cache's spread must be at least 0 and below 1, not "
                              f"{spread}", field="spread")
        self.size = size
        self.ttl_s = ttl_s
        self.spread = spread
        self._clock = clock
        self._rng = rng
        #: key -> (version, the time it expires, value)
        self._entries: OrderedDict[Hashable, tuple[Hashable, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        #: Called with True (hit) or False (miss) after every lookup (e.g. a metric).
        self.on_lookup: Callable[[bool], None] | None = None

    def get(self, key: Hashable, version: Hashable) -> T | None:
        """The value stored for ``key`` at ``version``, if still young enough."""
        now = self._clock()
        value: T | None = None
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version and now <= entry[1]:
                self._entries.move_to_end(key)
                value = entry[2]
            elif entry is not None:
                del self._entries[key]  # stale: a write or the clock retired it
        if self.on_lookup is not None:
            self.on_lookup(value is not None)
        return value

    def put(self, key: Hashable, version: Hashable, value: T) -> None:
        """Store ``value``, computed at ``version`` (read before computing it)."""
        lifetime = self.ttl_s * (1.0 - self.spread * self._rng())
        with self._lock:
            self._entries[key] = (version, self._clock() + lifetime, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
