"""The tenancy schema and small helpers shared by its stores."""

from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import UTC, datetime

from scout.errors import InvalidInput

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    rate_limit TEXT,
    created_at REAL NOT NULL,
    last_used_at REAL,
    revoked_at REAL
);
CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys(tenant);
CREATE TABLE IF NOT EXISTS rate_buckets (
    key_id TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS shortlists (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (tenant, name)
);
CREATE TABLE IF NOT EXISTS shortlist_items (
    shortlist_seq INTEGER NOT NULL REFERENCES shortlists(seq) ON DELETE CASCADE,
    creator_id TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    added_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (shortlist_seq, creator_id)
);
CREATE TABLE IF NOT EXISTS exclusions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    UNIQUE (tenant, creator_id)
);
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    brief_id TEXT,
    views INTEGER NOT NULL,
    clicks INTEGER NOT NULL,
    conversions INTEGER NOT NULL,
    spend REAL NOT NULL,
    currency TEXT NOT NULL,
    spend_eur REAL NOT NULL,
    rating INTEGER,
    occurred_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_creator ON feedback(tenant, creator_id);
CREATE TABLE IF NOT EXISTS eligibility (
    tenant TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL,
    rules TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS briefs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (tenant, id)
)
"""


def now() -> float:
    return time.time()


def to_dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, tz=UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


def encode_page(kind: str, seq: int) -> str:
    raw = json.dumps({"k": kind, "s": seq}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_page(kind: str, cursor: str | None) -> int | None:
    """The ``seq`` a list cursor continues after (lists run newest first)."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        if data["k"] != kind:
            raise ValueError
        seq = int(data["s"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("cursor is not one Scout issued for this list", field="cursor") from None
    return seq


def page_where(after: int | None) -> tuple[str, tuple[int, ...]]:
    return ("AND seq < ?", (after,)) if after is not None else ("", ())
