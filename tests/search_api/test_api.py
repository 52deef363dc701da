"""The HTTP API through Flask's test client, over a real engine (model, SQLite, FAISS).

The ``client`` fixture (tests/search_api/conftest.py) sends a ``write`` key of tenant acme.
"""

from __future__ import annotations

from typing import Any

import pytest
from api_support import Api, KeyedClient, error_of
from flask.testing import FlaskClient


@pytest.fixture
def client(api: Api) -> KeyedClient:
    return api.client("acme", "write")


def _error(resp: Any, status: int) -> dict[str, Any]:
    return error_of(resp, status)


def test_match_ranks_and_explains(client: FlaskClient) -> None:
    resp = client.post("/v1/match", json={"text": "protein bar taste test for gym-goers",
                                          "countries": ["DE"], "limit": 5})
    assert resp.status_code == 200
    body = resp.get_json()
    ids = [r["creator_id"] for r in body["results"]]
    assert ids[0] == "lifter"
    assert "gamer" not in ids  # FR creator fails the country filter
    for r in body["results"]:
        assert abs(sum(r["breakdown"].values()) - r["score"]) < 1e-6
        assert r["reasons"]
    assert body["total"] == 2


def test_match_bad_field_is_named(client: FlaskClient) -> None:
    err = _error(client.post("/v1/match", json={"text": "x", "followers": {"min": 10, "max": 1}}),
                 422)
    assert err["field"] == "followers"
    err = _error(client.post("/v1/match", json={"text": "x", "limit": 0}), 422)
    assert err["field"] == "limit"
    err = _error(client.post("/v1/match", json={"txt": "typo"}), 422)
    assert err["field"] in ("text", "txt")


@pytest.mark.parametrize(("fields", "field"), [
    ({"min_credibility": 1.5}, "min_credibility"),
    ({"min_credibility": "high"}, "min_credibility"),
    ({"min_follower_growth_30d": -2}, "min_follower_growth_30d"),
    ({"min_view_growth_90d": "fast"}, "min_view_growth_90d"),
    ({"max_days_since_last_post": -1}, "max_days_since_last_post"),
    ({"weights": {"credibility": -1}}, "weights"),
])
def test_match_credibility_and_growth_errors_name_the_field(
        client: FlaskClient, fields: dict[str, Any], field: str) -> None:
    err = _error(client.post("/v1/match", json={"text": "x", **fields}), 422)
    assert err["field"] == field


def test_search_credibility_and_growth_params(client: FlaskClient) -> None:
    assert _error(client.get("/v1/search?min_credibility=2"), 422)["field"] == "min_credibility"
    assert _error(client.get("/v1/search?max_days_since_last_post=soon"),
                  422)["field"] == "max_days_since_last_post"
    # none of the three creators has history: growth is unknown and never passes
    body = client.get("/v1/search?min_follower_growth_90d=-1").get_json()
    assert body["total"] == 0 and body["results"] == []
    everyone = client.get("/v1/search?min_credibility=0").get_json()
    assert everyone["total"] == 3


def test_creator_profile_shows_credibility(client: FlaskClient) -> None:
    summary = client.get("/v1/creators/vegan_cook").get_json()["summary"]
    assert 0.0 <= summary["credibility"]["score"] <= 1.0
    assert isinstance(summary["credibility"]["reasons"], list)
    assert summary["follower_growth_30d"] is None


def test_match_rejects_non_json(client: FlaskClient) -> None:
    err = _error(client.post("/v1/match", data="not json", content_type="application/json"), 400)
    assert err["field"] == "body"
    _error(client.post("/v1/match", data="text=x", content_type="text/plain"), 400)
    _error(client.post("/v1/match", json=[1, 2]), 422)


def test_search_get_with_filters_and_facets(client: FlaskClient) -> None:
    resp = client.get("/v1/search?q=vegan&country=DE")
    body = resp.get_json()
    assert resp.status_code == 200
    assert body["results"][0]["creator_id"] == "vegan_cook"
    assert all(r["creator"]["country"] == "DE" for r in body["results"])
    browse = client.get("/v1/search?sort=followers").get_json()
    followers = [r["creator"]["followers"] for r in browse["results"]]
    assert followers == sorted(followers, reverse=True)
    assert browse["facets"]["country"] == {"DE": 2, "FR": 1}


def test_search_post_and_bad_params(client: FlaskClient) -> None:
    resp = client.post("/v1/search", json={"q": "gaming", "countries": ["FR"]})
    assert [r["creator_id"] for r in resp.get_json()["results"]] == ["gamer"]
    assert _error(client.get("/v1/search?min_followers=lots"), 422)["field"] == "followers.min"
    assert _error(client.get("/v1/search?colour=red"), 422)["field"] == "colour"
    assert _error(client.get("/v1/search?cursor=garbage"), 400)["field"] == "cursor"


def test_creator_profile_and_similar(client: FlaskClient) -> None:
    body = client.get("/v1/creators/vegan_cook").get_json()
    assert body["creator"]["id"] == "vegan_cook"
    assert body["summary"]["tier"] == "micro"
    similar = client.get("/v1/creators/lifter/similar?limit=2").get_json()
    assert "lifter" not in [r["creator_id"] for r in similar["results"]]
    assert _error(client.get("/v1/creators/nobody"), 404)["field"] == "creator_id"
    assert _error(client.get("/v1/creators/nobody/similar"), 404)["code"] == "not_found"
    assert _error(client.get("/v1/creators/lifter/similar?limit=x"), 400)["field"] == "limit"


def test_unknown_route_and_method_are_json(client: FlaskClient) -> None:
    assert _error(client.get("/v1/nothing"), 404)["code"] == "not_found"
    assert _error(client.get("/v1/match"), 405)["code"] == "method_not_allowed"


def test_healthz(client: FlaskClient) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["creators"] == 3


def test_match_excludes_competitors_and_counts_them_with_the_tenants(api: Api) -> None:
    client = api.client("acme", "write")
    brief = {"text": "protein bar taste test for gym-goers", "limit": 10,
             "competitors": {"brands": ["PROTINA"]}}
    body = client.post("/v1/match", json=brief).get_json()
    assert "lifter" not in [r["creator_id"] for r in body["results"]]
    assert body["excluded"] == {"total": 1, "by_rule": {"competitor:protina": 1}}
    # the tenant's own blocklist is counted beside the brief's competitors
    assert client.put("/v1/exclusions/gamer").status_code == 201
    body = client.post("/v1/match", json=brief).get_json()
    assert body["excluded"] == {"total": 2, "by_rule": {"competitor:protina": 1,
                                                        "exclusion": 1}}
    penalised = client.post("/v1/match", json={
        **brief, "competitors": {"brands": ["Protina"], "mode": "penalise"}}).get_json()
    lifter = next(r for r in penalised["results"] if r["creator_id"] == "lifter")
    assert lifter["breakdown"]["competitor"] == -0.2
    assert abs(sum(lifter["breakdown"].values()) - lifter["score"]) < 1e-6


@pytest.mark.parametrize(("changes", "field"), [
    ({"competitors": {"brands": []}}, "competitors"),
    ({"competitors": {"brands": ["x"], "mode": "drop"}}, "competitors.mode"),
    ({"competitors": {"brands": ["x"], "window_days": -1}}, "competitors.window_days"),
    ({"min_confidence": "certain"}, "min_confidence"),
    ({"max_data_age_days": 0}, "max_data_age_days"),
])
def test_match_collaboration_and_confidence_errors_name_the_field(
        client: FlaskClient, changes: dict[str, Any], field: str) -> None:
    err = _error(client.post("/v1/match", json={"text": "x", **changes}), 422)
    assert err["field"] == field


def test_results_and_profiles_show_data_confidence(client: FlaskClient) -> None:
    body = client.post("/v1/match", json={"text": "vegan dinners", "limit": 3,
                                          "min_confidence": "low"}).get_json()
    for result in body["results"]:
        confidence = result["creator"]["confidence"]
        assert confidence["level"] in ("high", "medium", "low")
        assert "few_posts" in confidence["reasons"]  # every API creator has 1-2 posts
    profile = client.get("/v1/creators/gamer").get_json()
    assert profile["summary"]["confidence"]["reasons"] == [
        "few_posts", "missing_audience", "no_update_date"]
    assert profile["summary"]["confidence"]["level"] == "medium"
    # a brief asking for high confidence finds none of them
    strict = client.post("/v1/match", json={"text": "vegan dinners", "min_confidence": "high"})
    assert strict.get_json()["results"] == []
