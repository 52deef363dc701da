"""Collaboration outcomes a tenant records, and what they add up to per creator.

``past_performance_scores`` is the bounded hook through which outcomes may
one day steer ranking (off by default, see ``docs/api.md``): a score in [0, 1]
per creator, 0.5 for "no evidence", with conversion rates shrunk towards the
tenant's own average so one lucky collaboration cannot dominate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from indexer.stores.sqlite_db import Database
from schemas.api import Feedback, FeedbackCreate, Performance
from schemas.brief import CURRENCY_TO_EUR
from scout.errors import NotFound
from search_api.accounts.db import decode_page, encode_page, new_id, now, page_where, to_dt

#: Below this many feedback records a tenant's scores stay neutral (0.5).
MIN_RECORDS_FOR_SCORES = 20
#: Pseudo-clicks of the tenant-wide conversion rate mixed into each creator's rate.
PRIOR_CLICKS = 200.0
_COLS = ("seq, id, creator_id, brief_id, views, clicks, conversions, spend, currency, spend_eur, "
         "rating, occurred_on, notes, created_at")


class FeedbackStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, tenant: str, body: FeedbackCreate) -> Feedback:
        fid = new_id("fb")
        spend_eur = round(body.spend * CURRENCY_TO_EUR[body.currency], 2)
        with self.db.transaction() as conn:
            conn.execute(
                f"INSERT INTO feedback(tenant, {_COLS.removeprefix('seq, ')}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tenant, fid, body.creator_id, body.brief_id, body.views, body.clicks,
                 body.conversions, body.spend, body.currency, spend_eur, body.rating,
                 body.occurred_on.isoformat() if body.occurred_on else None, body.notes, now()))
        return self.get(tenant, fid)

    def get(self, tenant: str, fid: str) -> Feedback:
        rows = self.db.query(f"SELECT {_COLS} FROM feedback WHERE id = ? AND tenant = ?",
                             (fid, tenant))
        if not rows:
            raise NotFound(f"no feedback with id {fid!r}", field="feedback_id")
        return _feedback(rows[0])

    def delete(self, tenant: str, fid: str) -> None:
        with self.db.transaction() as conn:
            gone = conn.execute("DELETE FROM feedback WHERE id = ? AND tenant = ?",
                                (fid, tenant)).rowcount
        if not gone:
            raise NotFound(f"no feedback with id {fid!r}", field="feedback_id")

    def page(self, tenant: str, limit: int, cursor: str | None, creator_id: str | None = None,
             brief_id: str | None = None) -> tuple[list[Feedback], str | None]:
        where, params = page_where(decode_page("feedback", cursor))
        extra: list[str] = []
        if creator_id:
            where += " AND creator_id = ?"
            extra.append(creator_id)
        if brief_id:
            where += " AND brief_id = ?"
            extra.append(brief_id)
        rows = self.db.query(f"SELECT {_COLS} FROM feedback WHERE tenant = ? {where} "
                             "ORDER BY seq DESC LIMIT ?", (tenant, *params, *extra, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        following = encode_page("feedback", rows[-1][0]) if more else None
        return [_feedback(r) for r in rows], following

    def performance(self, tenant: str, creator_id: str) -> Performance | None:
        row = self.db.query(
            "SELECT count(*), sum(views), sum(clicks), sum(conversions), sum(spend_eur), "
            "avg(rating), max(created_at) FROM feedback WHERE tenant = ? AND creator_id = ?",
            (tenant, creator_id))[0]
        n, views, clicks, conversions, spend, rating, last = row
        if not n:
            return None
        return Performance(
            collaborations=n, views=views, clicks=clicks, conversions=conversions,
            spend_eur=round(spend, 2),
            click_rate=round(clicks / views, 6) if views else None,
            conversion_rate=round(conversions / clicks, 6) if clicks else None,
            cost_per_conversion_eur=round(spend / conversions, 2) if conversions else None,
            cost_per_1k_views_eur=round(spend / views * 1000, 2) if views else None,
            avg_rating=round(rating, 3) if rating is not None else None,
            last_recorded_at=to_dt(last),  # type: ignore[arg-type]
        )

    def past_performance_scores(self, tenant: str, ids: Sequence[str]) -> dict[str, float]:
        """Per creator in ``ids``: a score in [0, 1], 0.5 meaning "no evidence either way".

        The conversion rate per click, shrunk towards the tenant's overall rate with
        :data:`PRIOR_CLICKS` pseudo-clicks, mapped by ``r / (r + tenant_rate)``; without
        clicks, the average rating ((r - 1) / 4) shrunk towards 0.5 by n / (n + 3).
        Every creator scores 0.5 until the tenant has :data:`MIN_RECORDS_FOR_SCORES`
        records.
        """
        out = dict.fromkeys(ids, 0.5)
        total, t_clicks, t_conv = self.db.query(
            "SELECT count(*), coalesce(sum(clicks), 0), coalesce(sum(conversions), 0) "
            "FROM feedback WHERE tenant = ?", (tenant,))[0]
        if total < MIN_RECORDS_FOR_SCORES or not ids:
            return out
        base = t_conv / t_clicks if t_clicks else 0.0
        marks = ",".join("?" * len(out))
        rows = self.db.query(
            "SELECT creator_id, count(*), sum(clicks), sum(conversions), avg(rating), "
            f"count(rating) FROM feedback WHERE tenant = ? AND creator_id IN ({marks}) "
            "GROUP BY creator_id", (tenant, *out))
        for cid, _, clicks, conv, rating, rated in rows:
            if clicks and base > 0:
                rate = (conv + PRIOR_CLICKS * base) / (clicks + PRIOR_CLICKS)
                out[cid] = round(rate / (rate + base), 6)
            elif rated:
                out[cid] = round(0.5 + (((rating - 1) / 4) - 0.5) * rated / (rated + 3), 6)
        return out


def _feedback(r: tuple[object, ...]) -> Feedback:
    (_, fid, cid, bid, views, clicks, conv, spend, cur, spend_eur, rating, occurred, notes,
     created) = r
    return Feedback(id=fid, creator_id=cid, brief_id=bid, views=views, clicks=clicks,  # type: ignore[arg-type]
                    conversions=conv, spend=spend, currency=cur, spend_eur=spend_eur,
                    rating=rating, notes=notes, created_at=to_dt(created),  # type: ignore[arg-type]
                    occurred_on=date.fromisoformat(occurred) if occurred else None)  # type: ignore[arg-type]
