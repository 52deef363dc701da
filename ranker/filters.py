"""Compile briefs and search queries into the stores' :class:`FilterSpec`."""

from __future__ import annotations

from indexer.stores.base import AudienceMin, FilterSpec
from schemas import Brief, Filters


def compile_filters(query: Filters, *, extra_exclude: frozenset[str] = frozenset()) -> FilterSpec:
    """Hard filters of a brief or search query.

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
    )
