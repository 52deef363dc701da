"""Flat ``key=value`` parameters (query strings, ``--filter`` flags) to a :class:`SearchQuery`.

One parser serves ``GET /v1/search?country=DE&min_followers=10000`` and
``scout search --filter country=DE --filter min_followers=10000`` alike.
List keys may repeat or hold commas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemas import SearchQuery, parse
from scout.errors import InvalidQuery

LIST_KEYS = {
    "country": "countries", "countries": "countries",
    "language": "languages", "languages": "languages",
    "category": "categories", "categories": "categories",
    "platform": "platforms", "platforms": "platforms",
    "tier": "tiers", "tiers": "tiers",
    "exclude": "exclude_creator_ids", "exclude_creator_ids": "exclude_creator_ids",
    "facet": "facets", "facets": "facets",
}
RANGE_KEYS = {
    "min_followers": ("followers", "min"), "max_followers": ("followers", "max"),
    "min_avg_views": ("avg_views", "min"), "max_avg_views": ("avg_views", "max"),
}
SCALAR_KEYS = {"q", "sort", "limit", "cursor", "min_engagement_rate", "min_credibility",
               "min_follower_growth_30d", "min_follower_growth_90d", "min_view_growth_30d",
               "min_view_growth_90d", "max_days_since_last_post"}
FILTER_KEYS = sorted({*LIST_KEYS, *RANGE_KEYS, *SCALAR_KEYS})


def search_query_from_params(pairs: Iterable[tuple[str, str]]) -> SearchQuery:
    body: dict[str, Any] = {}
    for key, value in pairs:
        key = key.strip()
        if key in LIST_KEYS:
            name = LIST_KEYS[key]
            body.setdefault(name, []).extend(v.strip() for v in value.split(",") if v.strip())
        elif key in RANGE_KEYS:
            name, bound = RANGE_KEYS[key]
            body.setdefault(name, {})[bound] = value
        elif key in SCALAR_KEYS:
            body[key] = value
        else:
            raise InvalidQuery(f"unknown filter {key!r}; use one of {', '.join(FILTER_KEYS)}",
                               field=key)
    return parse(SearchQuery, body, InvalidQuery)


def parse_filter_flag(flag: str) -> tuple[str, str]:
    """``"country=DE"`` to ``("country", "DE")``."""
    key, sep, value = flag.partition("=")
    if not sep or not key.strip():
        raise InvalidQuery(f"filter {flag!r} must look like key=value", field="filter")
    return key.strip(), value.strip()
