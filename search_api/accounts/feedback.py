"""Collaboration outcomes a tenant records, and what they add up to per creator.

:meth:`FeedbackStore.source` is the tenant's :class:`ranker.outcomes.OutcomeSource`:
what the ``past_performance`` ranking signal reads on ``POST /v1/match`` (off
by default, see ``docs/api.md``). The scoring itself lives in
:func:`ranker.outcomes.past_performance`, shared with outcome files: a score in
[0, 1] per creator, 0.5 for "no evidence", with conversion rates shrunk towards
the tenant's own average so one lucky collaboration cannot dominate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from indexer.stores.sqlite_db import Database
from ranker.outcomes import MIN_RECORDS_FOR_SCORES, PRIOR_CLICKS, Evidence, Totals, past_performance
from schemas.api import Feedback, FeedbackCreate, Performance
from schemas.brief import CURRENCY_TO_EUR
from scout.errors import NotFound
from search_api.accounts.db import decode_page, encode_page, new_id, now, page_where, to_dt

__all__ = ["MIN_RECORDS_FOR_SCORES", "PRIOR_CLICKS", "FeedbackStore", "TenantOutcomes"]
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
        """Per creator in ``ids``: a score in [0, 1], 0.5 meaning "no evidence either way"
        (:func:`ranker.outcomes.past_performance`)."""
        return {cid: e.score for cid, e in self.past_performance(tenant, ids).items()}

    def past_performance(self, tenant: str, ids: Sequence[str]) -> dict[str, Evidence]:
        """The ``past_performance`` evidence of ``ids`` from ``tenant``'s records."""
        total, t_clicks, t_conv = self.db.query(
            "SELECT count(*), coalesce(sum(clicks), 0), coalesce(sum(conversions), 0) "
            "FROM feedback WHERE tenant = ?", (tenant,))[0]
        totals: dict[str, Totals] = {}
        wanted = list(dict.fromkeys(ids))
        if total >= MIN_RECORDS_FOR_SCORES and wanted:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.query(
                    "SELECT creator_id, count(*), sum(views), sum(clicks), sum(conversions), "
                    "sum(spend_eur), coalesce(sum(rating), 0), count(rating) FROM feedback "
                    f"WHERE tenant = ? AND creator_id IN ({marks}) GROUP BY creator_id",
                    (tenant, *chunk))
                for cid, n, views, clicks, conv, spend, rating_sum, rated in rows:
                    totals[cid] = Totals(n, views, clicks, conv, spend, float(rating_sum), rated)
        return past_performance(wanted, totals, records=total, clicks=t_clicks,
                                conversions=t_conv)

    def source(self, tenant: str) -> TenantOutcomes:
        """``tenant``'s outcomes as the ranker reads them."""
        return TenantOutcomes(self, tenant)


class TenantOutcomes:
    """One tenant's recorded feedback as a :class:`ranker.outcomes.OutcomeSource`."""

    def __init__(self, store: FeedbackStore, tenant: str) -> None:
        self.store = store
        self.tenant = tenant

    def past_performance(self, ids: Sequence[str]) -> dict[str, Evidence]:
        return self.store.past_performance(self.tenant, ids)


def _feedback(r: tuple[object, ...]) -> Feedback:
    (_, fid, cid, bid, views, clicks, conv, spend, cur, spend_eur, rating, occurred, notes,
     created) = r
    return Feedback(id=fid, creator_id=cid, brief_id=bid, views=views, clicks=clicks,  # type: ignore[arg-type]
                    conversions=conv, spend=spend, currency=cur, spend_eur=spend_eur,
                    rating=rating, notes=notes, created_at=to_dt(created),  # type: ignore[arg-type]
                    occurred_on=date.fromisoformat(occurred) if occurred else None)  # type: ignore[arg-type]
