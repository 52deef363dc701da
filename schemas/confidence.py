"""Data confidence: how far a creator's record can be trusted, with the reasons.

Two halves. The *static* half depends on the record alone and is computed at
index time (:class:`indexer.features.CreatorFeatures`) so the stores can filter
on it: no follower count or no view/engagement numbers (``no_stats``), no posts
(``no_posts``) -- both make the level ``low`` -- and fewer than
:data:`FEW_POSTS` posts (``few_posts``) or no audience shares
(``missing_audience``) -- ``medium``. The *freshness* half depends on when the
record was last refreshed (``updated_at``) and on the moment of the query:
older than :data:`STALE_DAYS` is ``stale_data`` (``medium``), older than
:data:`VERY_STALE_DAYS` ``very_stale_data`` (``low``), no ``updated_at`` at
all ``no_update_date`` (``medium``: freshness that is not shown is not
assumed). The level is the worst of all reasons; ``high`` has none.
"""

from __future__ import annotations

from typing import Literal

from schemas.creator import Creator

ConfidenceLevel = Literal["low", "medium", "high"]
LEVELS: tuple[ConfidenceLevel, ...] = ("high", "medium", "low")
#: Rank of a level: 0 high, 1 medium, 2 low (what the stores filter on).
RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
FEW_POSTS = 5
STALE_DAYS = 180
VERY_STALE_DAYS = 365
#: Reason code -> rank it forces (and what it means, for docs and API descriptions).
REASONS: dict[str, tuple[int, str]] = {
    "no_stats": (2, "no follower count, or neither average views nor engagement"),
    "no_posts": (2, "no posts in the record"),
    "few_posts": (1, f"fewer than {FEW_POSTS} posts"),
    "missing_audience": (1, "no audience shares (countries, ages, gender)"),
    "no_update_date": (1, "the record has no updated_at"),
    "stale_data": (1, f"updated more than {STALE_DAYS} days ago"),
    "very_stale_data": (2, f"updated more than {VERY_STALE_DAYS} days ago"),
}


def static_reasons(creator: Creator) -> list[str]:
    """Reasons that depend on the record only (computed once, at index time)."""
    out: list[str] = []
    has_views = creator.avg_views is not None or any(c.views is not None for c in creator.content)
    has_rate = creator.engagement_rate is not None or any(
        c.engagement() is not None for c in creator.content)
    if creator.followers is None or not (has_views or has_rate):
        out.append("no_stats")
    if not creator.content:
        out.append("no_posts")
    elif len(creator.content) < FEW_POSTS:
        out.append("few_posts")
    if creator.audience is None or creator.audience.is_empty():
        out.append("missing_audience")
    return out


def freshness_reasons(updated_ts: float | None, now_ts: float) -> list[str]:
    """Reasons that depend on the age of the record at ``now_ts``."""
    if updated_ts is None:
        return ["no_update_date"]
    age_days = (now_ts - updated_ts) / 86_400.0
    if age_days > VERY_STALE_DAYS:
        return ["very_stale_data"]
    if age_days > STALE_DAYS:
        return ["stale_data"]
    return []


def rank_of(reasons: list[str]) -> int:
    return max((REASONS[r][0] for r in reasons), default=0)


def level_of(reasons: list[str]) -> ConfidenceLevel:
    return LEVELS[rank_of(reasons)]


def freshness_bound(min_confidence: ConfidenceLevel | None, max_data_age_days: int | None,
                    now_ts: float) -> tuple[float | None, bool]:
    """``(updated_since_ts, unknown_ok)`` a store applies for these brief fields.

    ``high`` needs an update within :data:`STALE_DAYS`; ``medium`` within
    :data:`VERY_STALE_DAYS` or no date at all; ``max_data_age_days`` needs a dated
    update that recent. ``(None, True)``: no bound.
    """
    since: float | None = None
    unknown_ok = True
    if min_confidence == "high":
        since, unknown_ok = now_ts - STALE_DAYS * 86_400.0, False
    elif min_confidence == "medium":
        since = now_ts - VERY_STALE_DAYS * 86_400.0
    if max_data_age_days is not None:
        bound = now_ts - max_data_age_days * 86_400.0
        since = bound if since is None else max(since, bound)
        unknown_ok = False
    return since, unknown_ok
