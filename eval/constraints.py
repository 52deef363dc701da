"""A brief's hard constraints, checked on the creator record itself.

This is a second, independent reading of the filter rules in ``docs/ranking.md``
(the ranker's are compiled to SQL or OpenSearch queries): the judgments use it
to grade a creator that breaks a constraint 0, and the evaluation uses it to
count constraint violations among results, which must be none.

Scout's own definitions of the numbers (:func:`schemas.engagement_rate`,
:func:`schemas.average_views`, :func:`schemas.tier_of`) are the constraint's
meaning, so they are reused; how a filter is *executed* is not.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from schemas import Brief, Creator, average_views, engagement_rate, tier_of
from schemas.creator import brand_key

#: Tolerance for audience shares stored with 3 decimals.
_SHARE_EPS = 1e-9


def violations(brief: Brief, creator: Creator, now: float | None = None) -> list[str]:
    """The names of the hard constraints of ``brief`` that ``creator`` breaks (empty: none).

    A value the creator does not have never passes a filter on it. Competitor windows
    count back from ``now`` (default: the clock).
    """
    broken: list[str] = []
    if creator.id in brief.exclude_creator_ids:
        broken.append("exclude_creator_ids")
    if brief.countries and creator.country not in brief.countries:
        broken.append("countries")
    if brief.languages and not set(brief.languages) & set(creator.languages):
        broken.append("languages")
    if brief.categories and not set(brief.categories) & set(creator.categories):
        broken.append("categories")
    if brief.platforms and creator.platform not in brief.platforms:
        broken.append("platforms")
    if brief.tiers and tier_of(creator.followers) not in brief.tiers:
        broken.append("tiers")
    if brief.followers is not None and not _within(creator.followers, brief.followers.min,
                                                   brief.followers.max):
        broken.append("followers")
    if brief.avg_views is not None and not _within(average_views(creator), brief.avg_views.min,
                                                   brief.avg_views.max):
        broken.append("avg_views")
    if brief.min_engagement_rate is not None:
        rate = engagement_rate(creator)
        if rate is None or rate < brief.min_engagement_rate:
            broken.append("min_engagement_rate")
    if brief.brand_safety == "strict" and creator.brand_safety_flags:
        broken.append("brand_safety")
    rivals = brief.competitors
    if rivals is not None and rivals.mode == "exclude":
        since = (time.time() if now is None else now) - rivals.window_days * 86_400.0
        brands = {brand_key(b) for b in rivals.brands}
        for collab in creator.brand_collaborations:
            recent = collab.date is None or datetime(
                collab.date.year, collab.date.month, collab.date.day, tzinfo=UTC
            ).timestamp() >= since
            if recent and (brand_key(collab.brand) in brands
                           or (collab.category or "") in rivals.categories):
                broken.append("competitors")
                break
    target = brief.audience
    if target is not None:
        audience = creator.audience
        for dim, share in sorted(target.min_share.items()):
            keys = {"age": target.age, "countries": target.countries,
                    "gender": [target.gender]}[dim]
            shares = getattr(audience, dim) if audience is not None else {}
            if sum(shares.get(k, 0.0) for k in keys) < share - _SHARE_EPS:
                broken.append(f"audience.min_share.{dim}")
    return broken


def _within(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)
