"""Per-key token buckets kept in the tenancy database, so all workers share one budget.

A limit ``N/minute`` is a bucket of ``N`` tokens refilled at ``N`` per minute:
bursts up to ``N``, sustained ``N`` per minute. One ``BEGIN IMMEDIATE``
transaction per request takes a token (WAL, ``synchronous=NORMAL``: no fsync).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from indexer.stores.sqlite_db import Database
from scout.errors import ConfigError
from search_api.accounts.db import now

_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour)\s*$")


@dataclass(frozen=True)
class Rate:
    capacity: int
    period_s: float

    @property
    def per_second(self) -> float:
        return self.capacity / self.period_s

    def __str__(self) -> str:
        name = {v: k for k, v in _PERIODS.items()}[self.period_s]
        return f"{self.capacity}/{name}"


def parse_rate(text: str, field: str = "rate_limit") -> Rate | None:
    """``"600/minute"`` to a :class:`Rate`; ``"off"`` (or ``0``) to None."""
    if text.strip().lower() in ("off", "0", "none", ""):
        return None
    m = _RATE_RE.match(text.lower())
    if not m or int(m.group(1)) < 1:
        raise ConfigError(f"{field} {text!r} must look like 600/minute (second, minute, hour) "
                          "or be 'off'", field=field)
    return Rate(int(m.group(1)), _PERIODS[m.group(2)])


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after_s: int


class RateLimiter:
    def __init__(self, db: Database) -> None:
        self.db = db

    def take(self, key_id: str, rate: Rate, at: float | None = None) -> Decision:
        t = now() if at is None else at
        with self.db.transaction() as conn:
            row = conn.execute("SELECT tokens, updated FROM rate_buckets WHERE key_id = ?",
                               (key_id,)).fetchone()
            tokens = float(rate.capacity) if row is None else min(
                float(rate.capacity), row[0] + max(0.0, t - row[1]) * rate.per_second)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            conn.execute(
                "INSERT INTO rate_buckets(key_id, tokens, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(key_id) DO UPDATE SET tokens = excluded.tokens, "
                "updated = excluded.updated", (key_id, tokens, t))
        retry = 0 if allowed else max(1, math.ceil((1.0 - tokens) / rate.per_second))
        return Decision(allowed, int(tokens), retry)
