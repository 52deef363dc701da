"""Past outcomes as the ranker reads them: one loader for files and API exports, the same
scores from a file as from the API's store, reasons, and the bounded weight."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ranker import signals as sig
from ranker.outcomes import (
    MIN_RECORDS_FOR_SCORES,
    Evidence,
    OutcomeLog,
    load_outcomes,
    write_outcomes,
)
from schemas import Brief
from schemas.api import FeedbackCreate
from scout.errors import InvalidInput
from search_api.accounts import Accounts


def records() -> list[FeedbackCreate]:
    out = [FeedbackCreate(creator_id="star", views=10_000, clicks=1_000, conversions=60,
                          spend=500, rating=5) for _ in range(3)]
    out += [FeedbackCreate(creator_id="flop", views=10_000, clicks=1_000, conversions=2,
                           spend=400, currency="USD", rating=2) for _ in range(3)]
    out += [FeedbackCreate(creator_id="rated", rating=5)
            for _ in range(MIN_RECORDS_FOR_SCORES)]
    return out


def test_a_file_scores_exactly_like_the_api_store(tmp_path: Path) -> None:
    ids = ["star", "flop", "rated", "unknown"]
    accounts = Accounts(tmp_path / "t.db")
    try:
        for rec in records():
            accounts.feedback.create("acme", rec)
        stored = accounts.feedback.past_performance("acme", ids)
        from_store = accounts.feedback.source("acme").past_performance(ids)
    finally:
        accounts.close()
    path = tmp_path / "outcomes.jsonl"
    write_outcomes(records(), path)
    from_file = OutcomeLog.from_file(path).past_performance(ids)
    assert from_file == stored == from_store
    assert from_file["star"].score > 0.5 > from_file["flop"].score
    assert from_file["unknown"] == Evidence(0.5)
    assert all(0.0 <= e.score <= 1.0 for e in from_file.values())


def test_neutral_until_the_tenant_has_enough_records() -> None:
    few = records()[:6]
    scores = OutcomeLog(few).past_performance(["star", "flop"])
    assert {e.score for e in scores.values()} == {0.5}


def test_reasons_say_what_the_score_rests_on() -> None:
    evidence = OutcomeLog(records()).past_performance(["star", "flop", "rated", "nobody"])
    assert evidence["star"].reason() == "3 past campaigns, 6.0% conversion (your average 3.1%)"
    assert evidence["rated"].reason() == "20 past campaigns, rated 5.0/5"
    assert evidence["nobody"].reason() is None


def test_the_loader_reads_an_api_export_and_names_bad_lines(tmp_path: Path) -> None:
    exported = {"id": "fb_1", "creator_id": "star", "brief_id": None, "views": 10, "clicks": 2,
                "conversions": 1, "spend": 5.0, "currency": "EUR", "spend_eur": 5.0,
                "rating": None, "occurred_on": "2026-10-01", "notes": "",
                "created_at": "2026-10-02T00:00:00Z"}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(exported) + "\n\n", encoding="utf-8")
    [rec] = load_outcomes(path)
    assert rec.creator_id == "star" and rec.clicks == 2
    path.write_text(json.dumps({"creator_id": "star"}) + "\n" +
                    json.dumps({"creator_id": "star", "clicks": -1}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_outcomes(path)
    assert err.value.field == "clicks" and ":2:" in str(err.value)
    with pytest.raises(InvalidInput) as err:
        load_outcomes(tmp_path / "missing.jsonl")
    assert err.value.field == "outcomes"


def test_past_performance_is_off_by_default_and_bounded_when_on() -> None:
    brief = Brief(text="x")
    assert "past_performance" not in sig.applicable_signals(brief)
    on = sig.applicable_signals(brief, outcomes=True)
    assert "past_performance" not in sig.resolve_weights(brief, on)  # weight 0 by default
    weights = sig.resolve_weights(Brief(text="x", weights={"past_performance": 10.0}), on)
    assert weights["past_performance"] == pytest.approx(sig.PAST_PERFORMANCE_MAX_WEIGHT)
    assert sum(weights.values()) == pytest.approx(1.0)
    small = sig.resolve_weights(Brief(text="x", weights={"past_performance": 0.05}), on)
    assert small["past_performance"] < sig.PAST_PERFORMANCE_MAX_WEIGHT
    # other weights keep their proportions under the cap
    assert weights["content_similarity"] / weights["lexical"] == pytest.approx(
        sig.DEFAULT_WEIGHTS["content_similarity"] / sig.DEFAULT_WEIGHTS["lexical"])
