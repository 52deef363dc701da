"""Data confidence: reason codes from the record, freshness from updated_at, the levels."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import Creator
from schemas.confidence import (
    REASONS,
    STALE_DAYS,
    VERY_STALE_DAYS,
    freshness_bound,
    freshness_reasons,
    level_of,
    static_reasons,
)

DAY = 86_400.0
NOW = 1_800_000_000.0


def creator(**fields: Any) -> Creator:
    base: dict[str, Any] = {
        "id": "c1", "followers": 10_000, "avg_views": 3_000,
        "audience": {"countries": {"DE": 0.8}},
        "content": [{"id": f"p{n}", "views": 100, "likes": 5} for n in range(5)]}
    return Creator.model_validate({**base, **fields})


@pytest.mark.parametrize(("fields", "reasons"), [
    ({}, []),
    ({"followers": None}, ["no_stats"]),
    ({"avg_views": None, "content": [{"id": f"p{n}"} for n in range(5)]}, ["no_stats"]),
    ({"content": []}, ["no_posts"]),
    ({"content": [{"id": "p1", "views": 10}]}, ["few_posts"]),
    ({"audience": None}, ["missing_audience"]),
    ({"audience": {}}, ["missing_audience"]),
    ({"followers": None, "content": [], "audience": None},
     ["no_stats", "no_posts", "missing_audience"]),
])
def test_static_reasons(fields: dict[str, Any], reasons: list[str]) -> None:
    assert static_reasons(creator(**fields)) == reasons


def test_freshness_reasons_and_levels() -> None:
    assert freshness_reasons(None, NOW) == ["no_update_date"]
    assert freshness_reasons(NOW - 10 * DAY, NOW) == []
    assert freshness_reasons(NOW - (STALE_DAYS + 1) * DAY, NOW) == ["stale_data"]
    assert freshness_reasons(NOW - (VERY_STALE_DAYS + 1) * DAY, NOW) == ["very_stale_data"]
    assert level_of([]) == "high"
    assert level_of(["few_posts", "stale_data"]) == "medium"
    assert level_of(["few_posts", "no_stats"]) == "low"
    assert set(REASONS) == {"no_stats", "no_posts", "few_posts", "missing_audience",
                            "no_update_date", "stale_data", "very_stale_data"}


def test_freshness_bound_per_brief_option() -> None:
    assert freshness_bound(None, None, NOW) == (None, True)
    assert freshness_bound("low", None, NOW) == (None, True)
    assert freshness_bound("medium", None, NOW) == (NOW - VERY_STALE_DAYS * DAY, True)
    assert freshness_bound("high", None, NOW) == (NOW - STALE_DAYS * DAY, False)
    assert freshness_bound(None, 30, NOW) == (NOW - 30 * DAY, False)
    # the stricter bound wins, and a dated update is then required
    assert freshness_bound("medium", 400, NOW) == (NOW - VERY_STALE_DAYS * DAY, False)
    assert freshness_bound("high", 30, NOW) == (NOW - 30 * DAY, False)
