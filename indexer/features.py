"""Per-creator numbers derived once at index time, so queries never recompute them."""

from __future__ import annotations

from dataclasses import dataclass

from ranker.cost import estimate_cost_eur
from schemas import Creator, average_views, engagement_rate, last_posted, tier_of


@dataclass(frozen=True, slots=True)
class CreatorFeatures:
    """Derived, query-independent facts about one creator."""

    engagement_rate: float | None
    avg_views: float | None
    tier: str | None
    estimated_cost_eur: float | None
    last_posted_ts: float | None
    content_count: int

    @classmethod
    def of(cls, creator: Creator) -> CreatorFeatures:
        views = average_views(creator)
        tier = tier_of(creator.followers)
        last = last_posted(creator)
        return cls(
            engagement_rate=engagement_rate(creator),
            avg_views=views,
            tier=tier,
            estimated_cost_eur=estimate_cost_eur(creator.platform, tier, views, creator.followers),
            last_posted_ts=last.timestamp() if last else None,
            content_count=len(creator.content),
        )
