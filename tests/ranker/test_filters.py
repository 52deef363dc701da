"""Briefs and search queries compiled into the stores' FilterSpec."""

from __future__ import annotations

from typing import Any

from indexer.stores.base import AudienceMin, FilterSpec
from ranker.filters import compile_filters
from schemas import Brief, SearchQuery


def brief(**fields: Any) -> Brief:
    return Brief.model_validate({"text": "protein bar", **fields})


def test_plain_brief_and_query_filter_nothing() -> None:
    assert compile_filters(brief()).is_empty()
    assert compile_filters(SearchQuery()).is_empty()


def test_every_brief_filter_is_carried() -> None:
    spec = compile_filters(brief(
        countries=["de", "AT"], languages=["DE"], categories=["Food"], platforms=["TikTok"],
        tiers=["micro", "mid"], followers={"min": 10_000, "max": 500_000},
        avg_views={"min": 1_000}, min_engagement_rate=0.02, exclude_creator_ids=["x", "y"],
    ))
    assert spec == FilterSpec(
        countries=("DE", "AT"), languages=("de",), categories=("food",), platforms=("tiktok",),
        tiers=("micro", "mid"), followers_min=10_000, followers_max=500_000,
        avg_views_min=1_000, avg_views_max=None, min_engagement_rate=0.02,
        exclude_ids=frozenset({"x", "y"}),
    )


def test_audience_min_share_becomes_hard_rules_targets_alone_do_not() -> None:
    soft = compile_filters(brief(audience={"age": ["18-24"], "countries": ["DE"]}))
    assert soft.audience == ()
    hard = compile_filters(brief(audience={
        "age": ["18-24", "25-34"], "countries": ["DE", "AT"], "gender": "female",
        "min_share": {"countries": 0.5, "age": 0.4, "gender": 0.6}}))
    assert hard.audience == (
        AudienceMin("age", ("18-24", "25-34"), 0.4),
        AudienceMin("countries", ("DE", "AT"), 0.5),
        AudienceMin("gender", ("female",), 0.6),
    )


def test_brand_safety_strict_excludes_flagged() -> None:
    assert compile_filters(brief(brand_safety="strict")).exclude_flagged is True
    assert compile_filters(brief(brand_safety="standard")).exclude_flagged is False
    assert compile_filters(brief(brand_safety="off")).exclude_flagged is False


def test_extra_exclusions_are_merged() -> None:
    spec = compile_filters(brief(exclude_creator_ids=["a"]), extra_exclude=frozenset({"seed"}))
    assert spec.exclude_ids == frozenset({"a", "seed"})


def test_search_query_filters() -> None:
    query = SearchQuery.model_validate({"countries": ["DE"], "followers": {"max": 1_000},
                                        "min_engagement_rate": 0.1, "tiers": ["nano"]})
    spec = compile_filters(query)
    assert spec == FilterSpec(countries=("DE",), followers_max=1_000, min_engagement_rate=0.1,
                              tiers=("nano",))
    assert spec.exclude_flagged is False and spec.audience == ()


def test_credibility_growth_and_recency_become_sorted_minimums() -> None:
    now = 1_800_000_000.0
    spec = compile_filters(brief(min_credibility=0.6, min_follower_growth_30d=0.05,
                                 min_view_growth_90d=-0.1, max_days_since_last_post=30),
                           now=now)
    assert spec.minimums == (("credibility", 0.6), ("follower_growth_30d", 0.05),
                             ("last_posted_ts", now - 30 * 86_400.0),
                             ("view_growth_90d", -0.1))
    query = compile_filters(SearchQuery(min_follower_growth_90d=0.0, min_view_growth_30d=0.2))
    assert query.minimums == (("follower_growth_90d", 0.0), ("view_growth_30d", 0.2))
    assert not compile_filters(brief(min_credibility=0)).is_empty()
