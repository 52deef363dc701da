"""Per-creator numbers derived once at index time, so queries never recompute them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from indexer.growth import growth
from ranker.cost import estimate_cost_eur
from ranker.credibility import Credibility, credibility
from schemas import Creator, average_views, engagement_rate, last_posted, tier_of
from schemas.confidence import rank_of, static_reasons
from schemas.creator import brand_key

#: The timestamp an undated collaboration is stored with: it is never "before" a window
#: start, so it always counts (docs/ranking.md, competitor exclusion).
UNDATED_TS = 1e18


def collaborations(creator: Creator) -> tuple[tuple[str, str | None, float], ...]:
    """``(brand key, category, date as a UTC timestamp or UNDATED_TS)`` per collaboration,
    deduplicated: what the stores index for competitor and category filters."""
    out: dict[tuple[str, str | None, float], None] = {}
    for c in creator.brand_collaborations:
        ts = (datetime.combine(c.date, time(), UTC).timestamp()
              if c.date is not None else UNDATED_TS)
        out.setdefault((brand_key(c.brand), c.category or None, ts), None)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CreatorFeatures:
    """Derived, query-independent facts about one creator."""

    engagement_rate: float | None
    avg_views: float | None
    tier: str | None
    estimated_cost_eur: float | None
    last_posted_ts: float | None
    content_count: int
    #: When the record was last refreshed (``updated_at``), for freshness filters.
    updated_ts: float | None = None
    #: Data confidence from the record alone (:func:`schemas.confidence.static_reasons`).
    confidence_reasons: tuple[str, ...] = ()
    confidence_rank: int = 0
    collabs: tuple[tuple[str, str | None, float], ...] = ()
    #: :mod:`ranker.credibility` score in [0, 1] (None: no check could run).
    credibility: float | None = None
    #: Relative growth over 30/90 days from ``history`` (:mod:`indexer.growth`); None: unknown.
    follower_growth_30d: float | None = None
    follower_growth_90d: float | None = None
    view_growth_30d: float | None = None
    view_growth_90d: float | None = None

    @classmethod
    def of(cls, creator: Creator, *, checked: Credibility | None = None) -> CreatorFeatures:
        """The features of ``creator`` (``checked``: its credibility, if already computed)."""
        views = average_views(creator)
        tier = tier_of(creator.followers)
        last = last_posted(creator)
        reasons = tuple(static_reasons(creator))
        return cls(
            engagement_rate=engagement_rate(creator),
            avg_views=views,
            tier=tier,
            estimated_cost_eur=estimate_cost_eur(creator.platform, tier, views, creator.followers),
            last_posted_ts=last.timestamp() if last else None,
            content_count=len(creator.content),
            updated_ts=creator.updated_at.timestamp() if creator.updated_at else None,
            confidence_reasons=reasons,
            confidence_rank=rank_of(list(reasons)),
            collabs=collaborations(creator),
            credibility=(checked or credibility(creator)).score,
            follower_growth_30d=growth(creator.history, "followers", 30),
            follower_growth_90d=growth(creator.history, "followers", 90),
            view_growth_30d=growth(creator.history, "avg_views", 30),
            view_growth_90d=growth(creator.history, "avg_views", 90),
        )
