"""Briefs a tenant saved, to rerun and to tie feedback to (``brief_id``)."""

from __future__ import annotations

import sqlite3

from indexer.stores.sqlite_db import Database
from schemas import Brief
from schemas.api import SavedBrief
from scout.errors import Conflict, LimitExceeded, NotFound
from search_api.accounts.db import decode_page, encode_page, new_id, now, page_where, to_dt

MAX_BRIEFS = 5_000


class BriefStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, tenant: str, brief: Brief) -> SavedBrief:
        bid = brief.id or new_id("br")
        brief = brief.model_copy(update={"id": bid, "cursor": None})
        with self.db.transaction() as conn:
            (count,) = conn.execute("SELECT count(*) FROM briefs WHERE tenant = ?",
                                    (tenant,)).fetchone()
            if count >= MAX_BRIEFS:
                raise LimitExceeded(f"a tenant may keep at most {MAX_BRIEFS} briefs", field="id")
            try:
                conn.execute("INSERT INTO briefs(tenant, id, body, created_at) VALUES (?, ?, ?, ?)",
                             (tenant, bid, brief.model_dump_json(), now()))
            except sqlite3.IntegrityError:
                raise Conflict(f"a brief with id {bid!r} exists already", field="id") from None
        return self.get(tenant, bid)

    def get(self, tenant: str, bid: str) -> SavedBrief:
        rows = self.db.query("SELECT id, body, created_at FROM briefs WHERE tenant = ? AND id = ?",
                             (tenant, bid))
        if not rows:
            raise NotFound(f"no brief with id {bid!r}", field="brief_id")
        r = rows[0]
        return SavedBrief(id=r[0], brief=Brief.model_validate_json(r[1]),
                          created_at=to_dt(r[2]))  # type: ignore[arg-type]

    def delete(self, tenant: str, bid: str) -> None:
        with self.db.transaction() as conn:
            gone = conn.execute("DELETE FROM briefs WHERE tenant = ? AND id = ?",
                                (tenant, bid)).rowcount
        if not gone:
            raise NotFound(f"no brief with id {bid!r}", field="brief_id")

    def page(self, tenant: str, limit: int,
             cursor: str | None) -> tuple[list[SavedBrief], str | None]:
        where, params = page_where(decode_page("briefs", cursor))
        rows = self.db.query(f"SELECT seq, id, body, created_at FROM briefs WHERE tenant = ? "
                             f"{where} ORDER BY seq DESC LIMIT ?", (tenant, *params, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        out = [SavedBrief(id=r[1], brief=Brief.model_validate_json(r[2]),
                          created_at=to_dt(r[3])) for r in rows]  # type: ignore[arg-type]
        return out, (encode_page("briefs", rows[-1][0]) if more else None)
