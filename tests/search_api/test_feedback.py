"""Feedback: stored per tenant, summed per creator on its profile, and the bounded
``past_performance`` hook (neutral until enough data, shrunk towards the tenant mean)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api_support import error_of

from schemas.api import FeedbackCreate
from search_api.accounts import Accounts
from search_api.accounts.feedback import MIN_RECORDS_FOR_SCORES


def test_record_list_and_aggregate(api: Any) -> None:
    c = api.client("acme", "write")
    first = c.post("/v1/feedback", json={
        "creator_id": "lifter", "brief_id": "b1", "views": 10_000, "clicks": 200,
        "conversions": 10, "spend": 500, "currency": "usd", "rating": 5,
        "occurred_on": "2026-10-01", "notes": "great"})
    assert first.status_code == 201
    body = first.get_json()
    assert body["currency"] == "USD" and body["spend_eur"] == 460.0
    c.post("/v1/feedback", json={"creator_id": "lifter", "views": 30_000, "clicks": 300,
                                 "conversions": 5, "spend": 540, "rating": 3})
    c.post("/v1/feedback", json={"creator_id": "vegan_cook", "rating": 4})
    perf = c.get("/v1/creators/lifter").get_json()["performance"]
    assert perf["collaborations"] == 2 and perf["views"] == 40_000
    assert perf["spend_eur"] == 1000.0 and perf["conversions"] == 15
    assert perf["click_rate"] == 0.0125 and perf["conversion_rate"] == 0.03
    assert perf["cost_per_conversion_eur"] == 66.67 and perf["avg_rating"] == 4.0
    only = c.get("/v1/feedback?creator_id=lifter").get_json()["results"]
    assert [f["creator_id"] for f in only] == ["lifter", "lifter"]
    assert [f["id"] for f in c.get("/v1/feedback?brief_id=b1").get_json()["results"]] == \
        [body["id"]]
    assert c.get(f"/v1/feedback/{body['id']}").get_json()["notes"] == "great"
    assert c.delete(f"/v1/feedback/{body['id']}").status_code == 204
    assert error_of(c.get(f"/v1/feedback/{body['id']}"), 404)["field"] == "feedback_id"
    assert c.get("/v1/creators/lifter").get_json()["performance"]["collaborations"] == 1


def test_bad_feedback_names_the_field(api: Any) -> None:
    c = api.client("acme", "write")
    assert error_of(c.post("/v1/feedback", json={"creator_id": "nobody"}), 404)["field"] == \
        "creator_id"
    assert error_of(c.post("/v1/feedback", json={"creator_id": "lifter", "rating": 6}), 400)[
        "field"] == "rating"
    assert error_of(c.post("/v1/feedback", json={"creator_id": "lifter", "views": -1}), 400)[
        "field"] == "views"
    assert error_of(c.post("/v1/feedback", json={"creator_id": "lifter", "currency": "XXX"}),
                    400)["field"] == "currency"


def test_past_performance_scores_are_bounded_and_neutral_without_evidence(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "t.db")
    try:
        store = accounts.feedback
        ids = ["star", "flop", "rated", "unknown"]
        for _ in range(2):
            store.create("acme", FeedbackCreate(creator_id="star", clicks=1000, conversions=100))
            store.create("acme", FeedbackCreate(creator_id="flop", clicks=1000, conversions=1))
        assert store.past_performance_scores("acme", ids) == dict.fromkeys(ids, 0.5)
        for _ in range(MIN_RECORDS_FOR_SCORES):
            store.create("acme", FeedbackCreate(creator_id="rated", rating=5))
        scores = store.past_performance_scores("acme", ids)
        assert all(0.0 <= s <= 1.0 for s in scores.values())
        assert scores["star"] > 0.5 > scores["flop"]
        assert 0.5 < scores["rated"] < 1.0 and scores["unknown"] == 0.5
        assert store.past_performance_scores("globex", ids) == dict.fromkeys(ids, 0.5)
    finally:
        accounts.close()
