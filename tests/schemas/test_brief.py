"""Briefs and search queries: strict validation that names the offending field."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import Brief, SearchQuery, parse, tier_of
from schemas.brief import CURRENCY_TO_EUR, Budget
from scout.errors import InvalidBrief, InvalidQuery

DESIGN_BRIEF: dict[str, Any] = {
    "text": "Launching a plant-based protein bar for gym-goers; want honest taste tests",
    "objective": "conversions", "countries": ["DE", "AT"], "languages": ["de"],
    "categories": ["fitness", "food"], "followers": {"min": 10000, "max": 500000},
    "min_engagement_rate": 0.02,
    "audience": {"age": ["18-24", "25-34"], "gender": "any", "countries": ["DE"]},
    "budget": {"total": 20000, "currency": "EUR"}, "creators_wanted": 10,
    "exclude_creator_ids": [], "limit": 20,
}


def brief_error(**changes: Any) -> InvalidBrief:
    body = {**DESIGN_BRIEF, **changes}
    with pytest.raises(InvalidBrief) as info:
        parse(Brief, body, InvalidBrief)
    return info.value


def test_design_brief_parses() -> None:
    brief = parse(Brief, DESIGN_BRIEF, InvalidBrief)
    assert brief.objective == "conversions"
    assert brief.followers is not None and brief.followers.min == 10_000
    assert brief.audience is not None and brief.audience.age == ["18-24", "25-34"]
    assert brief.budget is not None and brief.budget.in_eur() == 20_000


def test_minimal_brief_has_documented_defaults() -> None:
    brief = parse(Brief, {"text": "vegan recipes"}, InvalidBrief)
    assert brief.objective == "awareness"
    assert brief.brand_safety == "standard"
    assert brief.limit == 20 and brief.creators_wanted == 10
    assert brief.audience is None and brief.budget is None and brief.weights == {}


@pytest.mark.parametrize(("changes", "field"), [
    ({"followers": {"min": -1}}, "followers.min"),
    ({"followers": {"min": 500, "max": 100}}, "followers"),
    ({"audience": {"age": ["18-20"]}}, "audience.age"),
    ({"audience": {"gender": "robot"}}, "audience.gender"),
    ({"budget": {"total": 100, "currency": "XYZ"}}, "budget.currency"),
    ({"budget": {"total": 0}}, "budget.total"),
    ({"objective": "fame"}, "objective"),
    ({"countries": ["Germany"]}, "countries"),
    ({"min_engagement_rate": 2}, "min_engagement_rate"),
    ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit"),
    ({"text": "   "}, "text"),
    ({"weights": {"engagement": -1}}, "weights"),
    ({"tiers": ["giga"]}, "tiers[0]"),
    ({"brand_safety": "maybe"}, "brand_safety"),
])
def test_invalid_brief_names_the_field(changes: dict[str, Any], field: str) -> None:
    err = brief_error(**changes)
    assert err.field == field
    assert err.message.startswith(f"{field}: ")
    assert err.status == 422 and err.to_dict()["field"] == field


def test_missing_text_names_text() -> None:
    with pytest.raises(InvalidBrief) as info:
        parse(Brief, {"countries": ["DE"]}, InvalidBrief)
    assert info.value.field == "text"


def test_unknown_brief_fields_are_rejected() -> None:
    assert brief_error(min_engagment_rate=0.02).field == "min_engagment_rate"
    assert brief_error(audience={"age": ["18-24"], "ages": []}).field == "audience.ages"
    assert brief_error(budget={"total": 1, "cur": "EUR"}).field == "budget.cur"


def test_several_problems_are_counted_in_the_message() -> None:
    err = brief_error(limit=0, objective="fame")
    assert "(and 1 more problem)" in err.message


def test_min_share_needs_a_target_and_a_fraction() -> None:
    err = brief_error(audience={"min_share": {"age": 0.4}})
    assert err.field == "audience" and "audience.age" in err.message
    err = brief_error(audience={"age": ["18-24"], "min_share": {"age": 1.4}})
    assert err.field == "audience.min_share"
    ok = parse(Brief, {**DESIGN_BRIEF, "audience": {"age": ["18-24"], "min_share": {"age": 0.4}}},
               InvalidBrief)
    assert ok.audience is not None and ok.audience.min_share == {"age": 0.4}


def test_codes_are_normalised_and_deduplicated() -> None:
    brief = parse(Brief, {"text": "x", "countries": ["de", "DE", " at"], "languages": ["DE"],
                          "categories": ["Food"], "exclude_creator_ids": ["a", "a", "b"],
                          "audience": {"countries": ["de"], "age": ["18-24", "18-24"]}},
                  InvalidBrief)
    assert brief.countries == ["DE", "AT"]
    assert brief.languages == ["de"]
    assert brief.categories == ["food"]
    assert brief.exclude_creator_ids == ["a", "b"]
    assert brief.audience is not None
    assert brief.audience.countries == ["DE"] and brief.audience.age == ["18-24"]


def test_budget_converts_to_eur() -> None:
    budget = Budget(total=1_000, currency="usd")
    assert budget.currency == "USD"
    assert budget.in_eur() == pytest.approx(1_000 * CURRENCY_TO_EUR["USD"])


@pytest.mark.parametrize(("followers", "tier"), [
    (None, None), (0, "nano"), (9_999, "nano"), (10_000, "micro"), (99_999, "micro"),
    (100_000, "mid"), (500_000, "macro"), (999_999, "macro"), (1_000_000, "mega"),
    (50_000_000, "mega"),
])
def test_tier_boundaries(followers: int | None, tier: str | None) -> None:
    assert tier_of(followers) == tier


def test_search_query_defaults_and_errors() -> None:
    query = parse(SearchQuery, {}, InvalidQuery)
    assert query.q == "" and query.sort == "relevance"
    assert query.facets == ["category", "country", "language", "tier"]
    with pytest.raises(InvalidQuery) as info:
        parse(SearchQuery, {"sort": "random"}, InvalidQuery)
    assert info.value.field == "sort"
    with pytest.raises(InvalidQuery) as info:
        parse(SearchQuery, {"facets": ["colour"]}, InvalidQuery)
    assert info.value.field == "facets[0]"
    with pytest.raises(InvalidQuery) as info:
        parse(SearchQuery, {"text": "brief field"}, InvalidQuery)
    assert info.value.field == "text"


# -- past collaborations and data confidence ------------------------------------------------


def test_competitors_defaults_and_brand_keys() -> None:
    rivals_in = {"brands": [" Oat Co ", "OATCO", "Nuttery"], "categories": ["Food "]}
    brief = parse(Brief, {**DESIGN_BRIEF, "competitors": rivals_in}, InvalidBrief)
    rivals = brief.competitors
    assert rivals is not None
    assert rivals.mode == "exclude" and rivals.window_days == 365 and rivals.penalty == 0.2
    assert rivals.keys() == ("nuttery", "oatco")  # case and spaces do not matter
    assert rivals.categories == ["food"]


@pytest.mark.parametrize(("competitors", "field"), [
    ({}, "competitors"),
    ({"brands": []}, "competitors"),
    ({"brands": ["  "]}, "competitors.brands"),
    ({"brands": ["OatCo"], "mode": "ban"}, "competitors.mode"),
    ({"brands": ["OatCo"], "window_days": 0}, "competitors.window_days"),
    ({"brands": ["OatCo"], "penalty": 2}, "competitors.penalty"),
    ({"brands": ["OatCo"], "brand": "x"}, "competitors.brand"),
    ("OatCo", "competitors"),
])
def test_bad_competitors_name_the_field(competitors: Any, field: str) -> None:
    assert brief_error(competitors=competitors).field == field


@pytest.mark.parametrize(("changes", "field"), [
    ({"min_confidence": "very"}, "min_confidence"),
    ({"max_data_age_days": 0}, "max_data_age_days"),
    ({"max_data_age_days": "soon"}, "max_data_age_days"),
    ({"brand_category": 5}, "brand_category"),
])
def test_bad_confidence_options_name_the_field(changes: dict[str, Any], field: str) -> None:
    assert brief_error(**changes).field == field


def test_collaboration_and_confidence_fields_round_trip() -> None:
    body = {**DESIGN_BRIEF, "brand_category": " Food", "min_confidence": "medium",
            "max_data_age_days": 90,
            "competitors": {"brands": ["OatCo"], "window_days": 180, "mode": "penalise",
                            "penalty": 0.5}}
    brief = parse(Brief, body, InvalidBrief)
    assert brief.brand_category == "food" and brief.experience_categories() == ["food"]
    again = parse(Brief, brief.model_dump(mode="json"), InvalidBrief)
    assert again == brief
    assert parse(Brief, {"text": "x", "categories": ["pets"]},
                 InvalidBrief).experience_categories() == ["pets"]
