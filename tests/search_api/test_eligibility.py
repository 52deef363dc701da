"""Exclusions and eligibility rules hold creators back from a tenant's results, counted
by rule under ``excluded``."""

from __future__ import annotations

from typing import Any

from api_support import error_of
from conftest import creator_record


def _ids(resp: Any) -> list[str]:
    return [r["creator_id"] for r in resp.get_json()["results"]]


def test_exclusions_leave_every_result_list(api: Any) -> None:
    c = api.client("acme", "write")
    assert "lifter" in _ids(c.post("/v1/match", json={"text": "protein snacks"}))
    put = c.put("/v1/exclusions/lifter", json={"reason": "competitor deal"})
    assert put.status_code == 201 and put.get_json()["reason"] == "competitor deal"
    assert c.put("/v1/exclusions/lifter", json={"reason": "still"}).status_code == 200
    assert c.put("/v1/exclusions/not_indexed_yet").status_code == 201
    assert error_of(c.put("/v1/exclusions/bad%20id"), 400)["field"] == "creator_id"
    matched = c.post("/v1/match", json={"text": "protein snacks"}).get_json()
    assert "lifter" not in [r["creator_id"] for r in matched["results"]]
    assert matched["excluded"] == {"total": 1, "by_rule": {"exclusion": 1}}
    assert matched["total"] == 2
    assert "lifter" not in _ids(c.get("/v1/search?q=protein"))
    assert "lifter" not in _ids(c.get("/v1/search?sort=followers"))
    assert "lifter" not in _ids(c.get("/v1/creators/vegan_cook/similar"))
    assert c.get("/v1/creators/lifter").get_json()["excluded"] is True
    listed = c.get("/v1/exclusions").get_json()["results"]
    assert [e["creator_id"] for e in listed] == ["not_indexed_yet", "lifter"]
    assert c.delete("/v1/exclusions/lifter").status_code == 204
    assert error_of(c.delete("/v1/exclusions/lifter"), 404)["field"] == "creator_id"
    assert "lifter" in _ids(c.post("/v1/match", json={"text": "protein snacks"}))


def test_eligibility_rules_filter_and_name_the_rule(api: Any) -> None:
    engine = api.app.extensions["scout"]
    from schemas import Creator

    engine.upsert([Creator.model_validate(creator_record(
        "fresh", bio="Protein recipes", followers=200_000, avg_views=5_000,
        account_created_at="2026-11-01T00:00:00Z")), Creator.model_validate(creator_record(
            "striked", bio="Protein shakes", followers=200_000, avg_views=50_000,
            account_created_at="2020-01-01T00:00:00Z",
            compliance_strikes=[{"date": "2026-11-01", "reason": "undisclosed ad"}]))])
    c = api.client("acme", "admin")
    everyone = c.post("/v1/match", json={"text": "protein"}).get_json()
    assert everyone["excluded"] is None and everyone["total"] == 5
    rules = {"enabled": True, "rules": [
        {"country": "DE", "min_followers": 100_000},
        {"country": "*", "min_avg_views": 10_000, "min_account_age_days": 365},
        {"country": "de", "strike_free_days": 180}]}
    put = c.put("/v1/eligibility", json=rules)
    assert put.status_code == 200 and put.get_json()["rules"][2]["country"] == "DE"
    matched = c.post("/v1/match", json={"text": "protein"}).get_json()
    # vegan_cook (50k in DE), fresh (5k views), gamer and lifter (no account date), striked.
    assert [r["creator_id"] for r in matched["results"]] == []
    assert matched["excluded"]["by_rule"] == {
        "eligibility:*:min_account_age_days": 2, "eligibility:*:min_avg_views": 1,
        "eligibility:DE:min_followers": 1, "eligibility:DE:strike_free_days": 1}
    # Within the brief's own filters only: FR keeps just the gamer.
    fr = c.post("/v1/match", json={"text": "games", "countries": ["FR"]}).get_json()
    assert fr["excluded"] == {"total": 1, "by_rule": {"eligibility:*:min_account_age_days": 1}}
    c.put("/v1/eligibility", json={**rules, "enabled": False})
    assert len(c.post("/v1/match", json={"text": "protein"}).get_json()["results"]) == 5
    bad = c.put("/v1/eligibility", json={"enabled": True, "rules": [{"country": "DE"}]})
    assert error_of(bad, 400)["field"] == "rules[0]"
    bad = c.put("/v1/eligibility", json={"rules": [{"country": "Germany", "min_followers": 1}]})
    assert error_of(bad, 400)["field"] == "rules[0].country"
    assert error_of(api.client("acme", "write").put("/v1/eligibility", json=rules), 403)
