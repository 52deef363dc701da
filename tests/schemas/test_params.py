"""Flat key=value parameters (query strings, --filter flags) into a SearchQuery."""

from __future__ import annotations

import pytest

from schemas.params import FILTER_KEYS, parse_filter_flag, search_query_from_params
from scout.errors import InvalidQuery


def test_list_keys_repeat_and_split_on_commas() -> None:
    query = search_query_from_params([
        ("country", "de, at"), ("country", "FR"), ("language", "de"),
        ("category", "food,fitness"), ("tier", "micro"), ("exclude", "c1,c2"),
        ("facet", "country"),
    ])
    assert query.countries == ["DE", "AT", "FR"]
    assert query.languages == ["de"]
    assert query.categories == ["food", "fitness"]
    assert query.tiers == ["micro"]
    assert query.exclude_creator_ids == ["c1", "c2"]
    assert query.facets == ["country"]


def test_range_and_scalar_keys() -> None:
    query = search_query_from_params([
        ("min_followers", "10000"), ("max_followers", "500000"), ("min_avg_views", "100"),
        ("q", "vegan"), ("sort", "followers"), ("limit", "5"), ("min_engagement_rate", "0.02"),
    ])
    assert query.followers is not None
    assert (query.followers.min, query.followers.max) == (10_000, 500_000)
    assert query.avg_views is not None and query.avg_views.min == 100
    assert query.avg_views.max is None
    assert (query.q, query.sort, query.limit) == ("vegan", "followers", 5)
    assert query.min_engagement_rate == pytest.approx(0.02)


def test_no_params_is_the_default_query() -> None:
    query = search_query_from_params([])
    assert query.q == "" and query.countries == [] and query.followers is None


def test_unknown_key_is_named() -> None:
    with pytest.raises(InvalidQuery) as info:
        search_query_from_params([("colour", "green")])
    assert info.value.field == "colour"
    assert "min_followers" in info.value.message  # lists the valid keys


@pytest.mark.parametrize(("pairs", "field"), [
    ([("min_followers", "lots")], "followers.min"),
    ([("min_followers", "500"), ("max_followers", "100")], "followers"),
    ([("limit", "0")], "limit"),
    ([("sort", "random")], "sort"),
    ([("country", "Germany")], "countries"),
    ([("tier", "giga")], "tiers[0]"),
])
def test_bad_values_name_the_query_field(pairs: list[tuple[str, str]], field: str) -> None:
    with pytest.raises(InvalidQuery) as info:
        search_query_from_params(pairs)
    assert info.value.field == field


def test_filter_flag_parsing() -> None:
    assert parse_filter_flag("country=DE") == ("country", "DE")
    assert parse_filter_flag(" q = vegan ramen ") == ("q", "vegan ramen")
    assert parse_filter_flag("q=a=b") == ("q", "a=b")
    for bad in ("country", "=DE", ""):
        with pytest.raises(InvalidQuery) as info:
            parse_filter_flag(bad)
        assert info.value.field == "filter"


def test_every_advertised_key_is_accepted() -> None:
    sample = {"q": "x", "sort": "engagement", "limit": "3", "cursor": "",
              "min_engagement_rate": "0.1", "tier": "mid", "tiers": "mid", "facet": "tier",
              "facets": "tier", "min_credibility": "0.5", "max_days_since_last_post": "30"}
    for key in FILTER_KEYS:
        numeric = "followers" in key or "views" in key or "growth" in key
        value = sample.get(key, "100" if numeric else "de")
        search_query_from_params([(key, value)])
