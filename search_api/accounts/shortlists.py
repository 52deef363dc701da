"""Shortlists of creators with notes and tags, per tenant."""

from __future__ import annotations

import json
import sqlite3

from indexer.stores.sqlite_db import Database
from schemas.api import Shortlist, ShortlistItem
from scout.errors import Conflict, LimitExceeded, NotFound
from search_api.accounts.db import decode_page, encode_page, new_id, now, page_where, to_dt

MAX_SHORTLISTS = 500
MAX_ITEMS = 2_000
_COLS = ("s.seq, s.id, s.name, s.description, s.created_at, s.updated_at, "
         "(SELECT count(*) FROM shortlist_items i WHERE i.shortlist_seq = s.seq)")


class ShortlistStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, tenant: str, name: str, description: str = "") -> Shortlist:
        t = now()
        sid = new_id("sl")
        with self.db.transaction() as conn:
            (count,) = conn.execute("SELECT count(*) FROM shortlists WHERE tenant = ?",
                                    (tenant,)).fetchone()
            if count >= MAX_SHORTLISTS:
                raise LimitExceeded(f"a tenant may keep at most {MAX_SHORTLISTS} shortlists",
                                    field="name")
            try:
                conn.execute("INSERT INTO shortlists(id, tenant, name, description, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (sid, tenant, name, description, t, t))
            except sqlite3.IntegrityError:
                raise Conflict(f"a shortlist called {name!r} exists already",
                               field="name") from None
        return self.get(tenant, sid)

    def _seq(self, tenant: str, sid: str) -> int:
        rows = self.db.query("SELECT seq FROM shortlists WHERE id = ? AND tenant = ?",
                             (sid, tenant))
        if not rows:
            raise NotFound(f"no shortlist with id {sid!r}", field="shortlist_id")
        return int(rows[0][0])

    def get(self, tenant: str, sid: str) -> Shortlist:
        rows = self.db.query(f"SELECT {_COLS} FROM shortlists s WHERE s.id = ? AND s.tenant = ?",
                             (sid, tenant))
        if not rows:
            raise NotFound(f"no shortlist with id {sid!r}", field="shortlist_id")
        return _shortlist(rows[0])

    def page(self, tenant: str, limit: int,
             cursor: str | None) -> tuple[list[Shortlist], str | None]:
        where, params = page_where(decode_page("shortlists", cursor))
        rows = self.db.query(
            f"SELECT {_COLS} FROM shortlists s WHERE s.tenant = ? {where.replace('seq', 's.seq')} "
            "ORDER BY s.seq DESC LIMIT ?", (tenant, *params, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return ([_shortlist(r) for r in rows],
                encode_page("shortlists", rows[-1][0]) if more else None)

    def update(self, tenant: str, sid: str, name: str | None,
               description: str | None) -> Shortlist:
        seq = self._seq(tenant, sid)
        with self.db.transaction() as conn:
            try:
                if name is not None:
                    conn.execute("UPDATE shortlists SET name = ? WHERE seq = ?", (name, seq))
            except sqlite3.IntegrityError:
                raise Conflict(f"a shortlist called {name!r} exists already",
                               field="name") from None
            if description is not None:
                conn.execute("UPDATE shortlists SET description = ? WHERE seq = ?",
                             (description, seq))
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE seq = ?", (now(), seq))
        return self.get(tenant, sid)

    def delete(self, tenant: str, sid: str) -> None:
        seq = self._seq(tenant, sid)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM shortlists WHERE seq = ?", (seq,))

    def put_item(self, tenant: str, sid: str, creator_id: str, note: str,
                 tags: list[str]) -> tuple[ShortlistItem, bool]:
        """Add or replace a creator's entry; whether it was new."""
        seq = self._seq(tenant, sid)
        t = now()
        with self.db.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM shortlist_items WHERE shortlist_seq = ? AND "
                                  "creator_id = ?", (seq, creator_id)).fetchone() is not None
            if not exists:
                (count,) = conn.execute("SELECT count(*) FROM shortlist_items WHERE "
                                        "shortlist_seq = ?", (seq,)).fetchone()
                if count >= MAX_ITEMS:
                    raise LimitExceeded(f"a shortlist holds at most {MAX_ITEMS} creators",
                                        field="creator_id")
            conn.execute(
                "INSERT INTO shortlist_items(shortlist_seq, creator_id, note, tags, added_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(shortlist_seq, creator_id) "
                "DO UPDATE SET note = excluded.note, tags = excluded.tags, "
                "updated_at = excluded.updated_at",
                (seq, creator_id, note, json.dumps(tags), t, t))
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE seq = ?", (t, seq))
        return next(i for i in self.items(tenant, sid) if i.creator_id == creator_id), not exists

    def delete_item(self, tenant: str, sid: str, creator_id: str) -> None:
        seq = self._seq(tenant, sid)
        with self.db.transaction() as conn:
            gone = conn.execute("DELETE FROM shortlist_items WHERE shortlist_seq = ? AND "
                                "creator_id = ?", (seq, creator_id)).rowcount
            if not gone:
                raise NotFound(f"creator {creator_id!r} is not on this shortlist",
                               field="creator_id")
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE seq = ?", (now(), seq))

    def items(self, tenant: str, sid: str) -> list[ShortlistItem]:
        """Items in the order they were added (no creator data; the API adds it)."""
        seq = self._seq(tenant, sid)
        rows = self.db.query("SELECT creator_id, note, tags, added_at, updated_at FROM "
                             "shortlist_items WHERE shortlist_seq = ? "
                             "ORDER BY added_at, creator_id",
                             (seq,))
        return [ShortlistItem(creator_id=r[0], note=r[1], tags=json.loads(r[2]),
                              added_at=to_dt(r[3]), updated_at=to_dt(r[4]))  # type: ignore[arg-type]
                for r in rows]


def _shortlist(row: tuple[object, ...]) -> Shortlist:
    _, sid, name, description, created, updated, count = row
    return Shortlist(id=sid, name=name, description=description, item_count=count,
                     created_at=to_dt(created), updated_at=to_dt(updated))  # type: ignore[arg-type]
