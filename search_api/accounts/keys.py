"""API keys: ``scout_<id>_<secret>``, stored as a SHA-256 hash, never in plain text.

The secret has 256 bits of entropy, so a fast unsalted hash is safe (nothing to
brute-force) and lets a key be found by its hash in one indexed lookup. The
public ``id`` names a key in listings and logs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass

from indexer.stores.sqlite_db import Database
from schemas.api import SCOPES, TENANT_PATTERN, KeyInfo, Scope
from scout.errors import InvalidInput, NotFound, Unauthorized
from search_api.accounts.db import now, to_dt

KEY_PREFIX = "scout_"
_KEY_RE = re.compile(r"^scout_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_TOUCH_EVERY_S = 60.0


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's tenant, id and scope."""

    tenant: str
    key_id: str
    scope: Scope
    rate_limit: str | None = None

    def allows(self, scope: Scope) -> bool:
        return SCOPES.index(self.scope) >= SCOPES.index(scope)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_id_of(key: str) -> str | None:
    """The public id inside a key, or None when it is not shaped like a Scout key."""
    m = _KEY_RE.match(key)
    return m.group(1) if m else None


def check_tenant(tenant: str) -> str:
    if not re.match(TENANT_PATTERN, tenant):
        raise InvalidInput(f"tenant {tenant!r} must be 1-64 of a-z, 0-9, _ and -, "
                           "starting with a letter or digit", field="tenant")
    return tenant


class KeyStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()

    def create(self, tenant: str, scope: Scope, name: str = "",
               rate_limit: str | None = None) -> tuple[str, KeyInfo]:
        """A new key; the plain key is returned here and nowhere else, ever."""
        check_tenant(tenant)
        if scope not in SCOPES:
            raise InvalidInput(f"scope must be one of {', '.join(SCOPES)}", field="scope")
        key_id = secrets.token_hex(6)
        key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        created = now()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO api_keys(id, tenant, name, scope, hash, rate_limit, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key_id, tenant, name, scope, hash_key(key), rate_limit, created))
        return key, self.get(key_id)

    def authenticate(self, key: str) -> Principal:
        """The principal of a live key; :class:`Unauthorized` for anything else."""
        key_id = key_id_of(key)
        if key_id is None:
            raise Unauthorized("that is not a Scout API key (they look like scout_<id>_<secret>)")
        rows = self.db.query(
            "SELECT id, tenant, scope, hash, rate_limit, revoked_at FROM api_keys WHERE id = ?",
            (key_id,))
        if not rows or not hmac.compare_digest(rows[0][3], hash_key(key)):
            raise Unauthorized("unknown API key")
        kid, tenant, scope, _, rate, revoked = rows[0]
        if revoked is not None:
            raise Unauthorized("this API key was revoked")
        self._touch(kid)
        return Principal(tenant=tenant, key_id=kid, scope=scope, rate_limit=rate)

    def _touch(self, key_id: str) -> None:
        t = now()
        with self._lock:
            if t - self._touched.get(key_id, 0.0) < _TOUCH_EVERY_S:
                return
            self._touched[key_id] = t
        with self.db.transaction() as conn:
            conn.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (t, key_id))

    def get(self, key_id: str, tenant: str | None = None) -> KeyInfo:
        sql = ("SELECT id, tenant, name, scope, rate_limit, created_at, last_used_at, revoked_at "
               "FROM api_keys WHERE id = ?")
        params: tuple[str, ...] = (key_id,)
        if tenant is not None:
            sql += " AND tenant = ?"
            params = (key_id, tenant)
        rows = self.db.query(sql, params)
        if not rows:
            raise NotFound(f"no API key with id {key_id!r}", field="key_id")
        return _info(rows[0])

    def list(self, tenant: str | None = None, include_revoked: bool = False) -> list[KeyInfo]:
        sql = ("SELECT id, tenant, name, scope, rate_limit, created_at, last_used_at, revoked_at "
               "FROM api_keys WHERE 1 = 1")
        params: list[str] = []
        if tenant is not None:
            sql += " AND tenant = ?"
            params.append(tenant)
        if not include_revoked:
            sql += " AND revoked_at IS NULL"
        return [_info(r) for r in self.db.query(sql + " ORDER BY created_at, id", params)]

    def revoke(self, key_id: str, tenant: str | None = None) -> KeyInfo:
        """Revoke a key (of ``tenant`` when given); revoking twice is harmless."""
        self.get(key_id, tenant)
        with self.db.transaction() as conn:
            conn.execute("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                         (now(), key_id))
            conn.execute("DELETE FROM rate_buckets WHERE key_id = ?", (key_id,))
        return self.get(key_id)

    def revoke_named(self, tenant: str, name: str) -> list[str]:
        """Revoke every live key of ``tenant`` called ``name``; their ids."""
        rows = self.db.query("SELECT id FROM api_keys WHERE tenant = ? AND name = ? "
                             "AND revoked_at IS NULL", (tenant, name))
        for (key_id,) in rows:
            self.revoke(key_id)
        return [r[0] for r in rows]


def _info(row: tuple[object, ...]) -> KeyInfo:
    kid, tenant, name, scope, rate, created, used, revoked = row
    return KeyInfo(id=kid, tenant=tenant, name=name, scope=scope, rate_limit=rate,
                   created_at=to_dt(created), last_used_at=to_dt(used),  # type: ignore[arg-type]
                   revoked_at=to_dt(revoked))  # type: ignore[arg-type]
