"""Scout's documented cost model for one sponsored post."""

from __future__ import annotations

import pytest

from ranker.cost import (
    CPM_EUR,
    DEFAULT_CPM_EUR,
    FLOOR_EUR,
    TIER_PREMIUM,
    VIEWS_PER_FOLLOWER_FALLBACK,
    estimate_cost_eur,
    expected_views,
)


def test_formula_from_the_docstring() -> None:
    # max(FLOOR, CPM * views / 1000) * premium
    assert estimate_cost_eur("tiktok", "micro", 100_000, 80_000) == pytest.approx(
        CPM_EUR["tiktok"] * 100 * TIER_PREMIUM["micro"])
    assert estimate_cost_eur("youtube", "mega", 2_000_000, 5_000_000) == pytest.approx(
        CPM_EUR["youtube"] * 2_000 * TIER_PREMIUM["mega"])


def test_floor_applies_to_tiny_reach() -> None:
    assert estimate_cost_eur("tiktok", "nano", 10, 100) == pytest.approx(
        FLOOR_EUR * TIER_PREMIUM["nano"])


def test_views_fall_back_to_share_of_followers_then_none() -> None:
    assert expected_views(500.0, 10_000) == 500.0
    assert expected_views(None, 10_000) == 10_000 * VIEWS_PER_FOLLOWER_FALLBACK
    assert expected_views(None, None) is None
    assert estimate_cost_eur("tiktok", "mid", None, None) is None
    assert estimate_cost_eur("tiktok", "mid", None, 1_000_000) == pytest.approx(
        CPM_EUR["tiktok"] * 300 * TIER_PREMIUM["mid"])


def test_unknown_platform_and_tier_use_defaults() -> None:
    assert estimate_cost_eur("myspace", None, 100_000, None) == pytest.approx(
        DEFAULT_CPM_EUR * 100 * TIER_PREMIUM["micro"])
    assert estimate_cost_eur(None, None, 100_000, None) == estimate_cost_eur(
        "myspace", "micro", 100_000, None)


def test_cost_grows_with_reach_and_tier() -> None:
    views = [1_000, 10_000, 100_000, 1_000_000]
    costs = [estimate_cost_eur("instagram", "mid", v, None) for v in views]
    assert costs == sorted(costs) and len(set(costs)) == len(costs)
    premiums = [estimate_cost_eur("instagram", t, 200_000, None) for t in TIER_PREMIUM]
    assert premiums == sorted(premiums)


def test_estimates_are_rounded_to_cents() -> None:
    cost = estimate_cost_eur("x", "macro", 12_345, None)
    assert cost is not None and round(cost, 2) == cost
