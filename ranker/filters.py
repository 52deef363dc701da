"""Compile briefs and search queries into the stores' :class:`FilterSpec`."""

from __future__ import annotations

import time

from indexer.stores.base import AudienceMin, CollabRule, FilterSpec
from schemas import Brief, Filters
from schemas.brief import Competitors
from schemas.confidence import RANK, freshness_bound

#: Brief/query field -> the stored column it sets a minimum on.
STAT_MINIMUMS = (("min_credibility", "credibility"),
                 ("min_follower_growth_30d", "follower_growth_30d"),
                 ("min_follower_growth_90d", "follower_growth_90d"),
                 ("min_view_growth_30d", "view_growth_30d"),
                 ("min_view_growth_90d", "view_growth_90d"))


def competitor_rule(competitors: Competitors, now_ts: float) -> CollabRule:
    """Collaborations with the brief's competitors inside its window (undated ones count)."""
    return CollabRule(brands=competitors.keys(), categories=tuple(sorted(competitors.categories)),
                      since_ts=now_ts - competitors.window_days * 86_400.0)


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
    dimensions are country, age and gender shares only. Briefs' competitor
    exclusion, ``min_confidence`` and ``max_data_age_days`` are relative to ``now``
    (default: the clock).
    """
    audience: tuple[AudienceMin, ...] = ()
    exclude_flagged = False
    without: CollabRule | None = None
    max_rank: int | None = None
    since: float | None = None
    unknown_ok = False
    if isinstance(query, Brief):
        now_ts = time.time() if now is None else now
        if query.competitors is not None and query.competitors.mode == "exclude":
            without = competitor_rule(query.competitors, now_ts)
        if query.min_confidence is not None:
            max_rank = RANK[query.min_confidence]
        since, unknown_ok = freshness_bound(query.min_confidence, query.max_data_age_days, now_ts)
        unknown_ok = unknown_ok and since is not None
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
        without_collabs=without,
        max_confidence_rank=max_rank,
        updated_since_ts=since,
        updated_unknown_ok=unknown_ok,
        minimums=stat_minimums(query, time.time() if now is None else now),
    )
