"""Record-level hard-constraint checks: the second reading of the filter rules."""

from __future__ import annotations

from typing import Any

from conftest import creator_record, post

from eval.constraints import violations
from schemas import Brief, Creator


def creator(**fields: Any) -> Creator:
    return Creator.model_validate(creator_record("c1", **fields))


def brief(**fields: Any) -> Brief:
    return Brief.model_validate({"text": "vegan dinners", **fields})


def test_a_creator_inside_every_constraint_breaks_none() -> None:
    c = creator(audience={"age": {"18-24": 0.5, "25-34": 0.3}, "countries": {"DE": 0.8}},
                content=[post("p1", "tofu", views=10_000, likes=500)])
    b = brief(countries=["DE", "AT"], languages=["de"], categories=["food"],
              platforms=["tiktok"], tiers=["micro"], followers={"min": 10_000, "max": 90_000},
              avg_views={"min": 1_000}, min_engagement_rate=0.04, brand_safety="strict",
              audience={"age": ["18-24"], "min_share": {"age": 0.5}})
    assert violations(b, c) == []


def test_each_constraint_is_named_when_broken() -> None:
    c = creator(country="US", languages=["en"], categories=["gaming"], platform="youtube",
                followers=2_000_000, avg_views=500, brand_safety_flags=["gambling"],
                audience={"age": {"18-24": 0.2}},
                content=[post("p1", "x", views=10_000, likes=10)])
    b = brief(countries=["DE"], languages=["de"], categories=["food"], platforms=["tiktok"],
              tiers=["micro"], followers={"max": 100_000}, avg_views={"min": 1_000},
              min_engagement_rate=0.05, brand_safety="strict", exclude_creator_ids=["c1"],
              audience={"age": ["18-24"], "min_share": {"age": 0.5}})
    assert violations(b, c) == [
        "exclude_creator_ids", "countries", "languages", "categories", "platforms", "tiers",
        "followers", "avg_views", "min_engagement_rate", "brand_safety", "audience.min_share.age",
    ]


def test_unknown_values_never_pass_a_filter_on_them() -> None:
    bare = Creator.model_validate({"id": "c2"})
    b = brief(countries=["DE"], followers={"min": 1}, min_engagement_rate=0.01,
              audience={"countries": ["DE"], "min_share": {"countries": 0.1}})
    assert violations(b, bare) == ["countries", "followers", "min_engagement_rate",
                                   "audience.min_share.countries"]
    assert violations(brief(), bare) == []


def test_standard_brand_safety_does_not_exclude_flagged_creators() -> None:
    c = creator(brand_safety_flags=["profanity"])
    assert violations(brief(brand_safety="standard"), c) == []
    assert violations(brief(brand_safety="strict"), c) == ["brand_safety"]


def test_recent_or_undated_competitor_collaborations_break_an_exclude_brief() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 1, tzinfo=UTC).timestamp()
    creator = Creator.model_validate({"id": "c1", "brand_collaborations": [
        {"brand": "Oat Co", "category": "food", "date": "2026-03-02"}]})
    old = Creator.model_validate({"id": "c2", "brand_collaborations": [
        {"brand": "OatCo", "category": "food", "date": "2024-03-02"}]})
    undated = Creator.model_validate({"id": "c3", "brand_collaborations": [{"brand": "OATCO"}]})
    exclude = Brief.model_validate({"text": "x", "competitors": {"brands": ["oatco"]}})
    assert violations(exclude, creator, now) == ["competitors"]
    assert violations(exclude, old, now) == []
    assert violations(exclude, undated, now) == ["competitors"]
    by_category = Brief.model_validate({"text": "x", "competitors": {"categories": ["food"]}})
    assert violations(by_category, creator, now) == ["competitors"]
    assert violations(by_category, undated, now) == []  # no category recorded
    penalise = Brief.model_validate({"text": "x", "competitors": {"brands": ["oatco"],
                                                                  "mode": "penalise"}})
    assert violations(penalise, creator, now) == []  # a penalty is not a hard constraint
