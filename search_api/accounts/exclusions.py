"""A tenant's blocklist: creators that never appear in its results."""

from __future__ import annotations

from indexer.stores.sqlite_db import Database
from schemas.api import Exclusion
from scout.errors import LimitExceeded, NotFound
from search_api.accounts.db import decode_page, encode_page, now, page_where, to_dt

#: Bounded so the exclusion list always fits one SQL ``NOT IN`` (and one request).
MAX_EXCLUSIONS = 5_000


class ExclusionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, tenant: str, creator_id: str, reason: str) -> tuple[Exclusion, bool]:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT 1 FROM exclusions WHERE tenant = ? AND creator_id = ?",
                               (tenant, creator_id)).fetchone()
            if row is None:
                (count,) = conn.execute("SELECT count(*) FROM exclusions WHERE tenant = ?",
                                        (tenant,)).fetchone()
                if count >= MAX_EXCLUSIONS:
                    raise LimitExceeded(f"a tenant may exclude at most {MAX_EXCLUSIONS} creators",
                                        field="creator_id")
                conn.execute("INSERT INTO exclusions(tenant, creator_id, reason, created_at) "
                             "VALUES (?, ?, ?, ?)", (tenant, creator_id, reason, now()))
            else:
                conn.execute("UPDATE exclusions SET reason = ? WHERE tenant = ? AND "
                             "creator_id = ?", (reason, tenant, creator_id))
        return self.get(tenant, creator_id), row is None

    def get(self, tenant: str, creator_id: str) -> Exclusion:
        rows = self.db.query("SELECT creator_id, reason, created_at FROM exclusions WHERE "
                             "tenant = ? AND creator_id = ?", (tenant, creator_id))
        if not rows:
            raise NotFound(f"creator {creator_id!r} is not excluded", field="creator_id")
        r = rows[0]
        return Exclusion(creator_id=r[0], reason=r[1], created_at=to_dt(r[2]))  # type: ignore[arg-type]

    def delete(self, tenant: str, creator_id: str) -> None:
        with self.db.transaction() as conn:
            gone = conn.execute("DELETE FROM exclusions WHERE tenant = ? AND creator_id = ?",
                                (tenant, creator_id)).rowcount
        if not gone:
            raise NotFound(f"creator {creator_id!r} is not excluded", field="creator_id")

    def page(self, tenant: str, limit: int,
             cursor: str | None) -> tuple[list[Exclusion], str | None]:
        where, params = page_where(decode_page("exclusions", cursor))
        rows = self.db.query(f"SELECT seq, creator_id, reason, created_at FROM exclusions "
                             f"WHERE tenant = ? {where} ORDER BY seq DESC LIMIT ?",
                             (tenant, *params, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        out = [Exclusion(creator_id=r[1], reason=r[2], created_at=to_dt(r[3]))  # type: ignore[arg-type]
               for r in rows]
        return out, (encode_page("exclusions", rows[-1][0]) if more else None)

    def ids(self, tenant: str) -> frozenset[str]:
        return frozenset(r[0] for r in self.db.query(
            "SELECT creator_id FROM exclusions WHERE tenant = ?", (tenant,)))
