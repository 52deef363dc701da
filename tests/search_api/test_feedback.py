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


def _record_outcomes(c: Any) -> None:
    """lifter converts well, vegan_cook badly: 20 records, enough for scores."""
    for _ in range(10):
        assert c.post("/v1/feedback", json={"creator_id": "lifter", "views": 20_000,
                                            "clicks": 500, "conversions": 40,
                                            "spend": 800}).status_code == 201
        assert c.post("/v1/feedback", json={"creator_id": "vegan_cook", "views": 20_000,
                                            "clicks": 500, "conversions": 1,
                                            "spend": 300}).status_code == 201


def test_match_reads_the_callers_feedback_as_past_performance(api: Any) -> None:
    acme, globex = api.client("acme", "write"), api.client("globex", "write")
    _record_outcomes(acme)
    brief = {"text": "protein snacks for the gym and vegan dinners", "limit": 3}
    on = {**brief, "weights": {"past_performance": 0.2}}

    # Off by default: no signal, and the same scores for both tenants.
    plain = acme.post("/v1/match", json=brief).get_json()
    assert "past_performance" not in plain["weights"]
    assert all("past_performance" not in r["breakdown"] for r in plain["results"])
    other = globex.post("/v1/match", json=brief).get_json()
    assert [(r["creator_id"], r["score"]) for r in plain["results"]] == \
        [(r["creator_id"], r["score"]) for r in other["results"]]

    # Turned on by the brief: acme's outcomes move lifter up and vegan_cook down.
    got = {r["creator_id"]: r for r in acme.post("/v1/match", json=on).get_json()["results"]}
    assert got["lifter"]["signals"]["past_performance"] > 0.5
    assert got["vegan_cook"]["signals"]["past_performance"] < 0.5
    assert got["gamer"]["signals"]["past_performance"] == 0.5
    assert "Past results: 10 past campaigns, 8.0% conversion (your average 4.1%)" in \
        got["lifter"]["reasons"]
    assert any(r.startswith("Weak past results: 10 past campaigns, 0.2% conversion")
               for r in got["vegan_cook"]["reasons"])
    for r in got.values():  # the breakdown still adds up
        assert abs(sum(r["breakdown"].values()) - r["score"]) < 1e-5

    # Another tenant has no feedback: the signal is neutral for everyone, no reasons.
    theirs = {r["creator_id"]: r for r in globex.post("/v1/match", json=on).get_json()["results"]}
    assert {r["signals"]["past_performance"] for r in theirs.values()} == {0.5}
    assert not any("past results" in line.lower() for r in theirs.values()
                   for line in r["reasons"])
    assert got["lifter"]["score"] > theirs["lifter"]["score"]
    assert got["vegan_cook"]["score"] < theirs["vegan_cook"]["score"]

    # Bounded: however heavily a brief weights it, outcomes carry at most the cap.
    from ranker.signals import PAST_PERFORMANCE_MAX_WEIGHT

    heavy = acme.post("/v1/match", json={**brief, "weights": {"past_performance": 50}})
    weights = heavy.get_json()["weights"]
    assert weights["past_performance"] <= PAST_PERFORMANCE_MAX_WEIGHT + 1e-6
    for r in heavy.get_json()["results"]:
        neutral_gap = abs(r["signals"]["past_performance"] - 0.5) * weights["past_performance"]
        assert neutral_gap <= PAST_PERFORMANCE_MAX_WEIGHT / 2 + 1e-6


def test_a_bad_past_performance_weight_names_the_field(api: Any) -> None:
    c = api.client("acme", "write")
    resp = c.post("/v1/match", json={"text": "gym", "weights": {"past_performance": -1}})
    assert "weights" in error_of(resp, 422)["field"]
