"""Compile briefs and search queries into the stores' :class:`FilterSpec`."""

from __future__ import annotations

import time

from indexer.stores.base import AudienceMin, FilterSpec
from schemas import Brief, Filters

#: Brief/query field -> the stored column it sets a minimum on.
STAT_MINIMUMS = (("min_credibility", "credibility"),
                 ("min_follower_growth_30d", "follower_growth_30d"),
                 ("min_follower_growth_90d", "follower_growth_90d"),
                 ("min_view_growth_30d", "view_growth_30d"),
                 ("min_view_growth_90d", "view_growth_90d"))


def stat_minimums(query: Filters, now: float) -> tuple[tuple[str, float], ...]:
    """The query's minimums on index-time stats, ``max_days_since_last_post`` included
    (as a least ``last_posted_ts`` relative to ``now``)."""
    out = [(column, float(value)) for field, column in STAT_MINIMUMS
           if (value := getattr(query, field)) is not None]
    if query.max_days_since_last_post is not None:
        out.append(("last_posted_ts", now - query.max_days_since_last_post * 86_400.0))
    return tuple(sorted(out))


def compile_filters(query: Filters, *, extra_exclude: frozenset[str] = frozenset(),
                    now: float | None = None) -> FilterSpec:
    """Hard filters of a brief or search query (``now``: for recency, default the clock).

    Briefs add audience share minimums and brand safety: ``strict`` drops every
    flagged creator. Sensitive attributes are never filter inputs: the audience
    dimensions are country, age and gender shares only.
    """
    audience: tuple[AudienceMin, ...] = ()
    exclude_flagged = False
    if isinstance(query, Brief):
        exclude_flagged = query.brand_safety == "strict"
        target = query.audience
        if target is not None:
            rules = []
            for dim, share in sorted(target.min_share.items()):
                keys = {"age": tuple(target.age), "countries": tuple(target.countries),
                        "gender": (target.gender,)}[dim]
                rules.append(AudienceMin(dim, keys, share))
            audience = tuple(rules)
    followers = query.followers
    views = query.avg_views
    return FilterSpec(
        countries=tuple(query.countries),
        languages=tuple(query.languages),
        categories=tuple(query.categories),
        platforms=tuple(query.platforms),
        tiers=tuple(query.tiers),
        followers_min=followers.min if followers else None,
        followers_max=followers.max if followers else None,
        avg_views_min=views.min if views else None,
        avg_views_max=views.max if views else None,
        min_engagement_rate=query.min_engagement_rate,
        audience=audience,
        exclude_ids=frozenset(query.exclude_creator_ids) | extra_exclude,
        exclude_flagged=exclude_flagged,
        minimums=stat_minimums(query, time.time() if now is None else now),
    )
