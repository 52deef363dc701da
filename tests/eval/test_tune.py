"""Coordinate ascent over signal weights, on synthetic signal tables (no model)."""

from __future__ import annotations

import numpy as np

from eval.tune import tune_weights
from ranker.signals import DEFAULT_WEIGHTS, SIGNAL_NAMES, applicable_signals
from ranker.table import SignalTable
from schemas import Brief


def tables(seed: int = 0) -> tuple[dict[str, SignalTable], dict[str, dict[str, int]]]:
    """Briefs where only ``lexical`` tells relevant creators apart; the rest is noise."""
    rng = np.random.default_rng(seed)
    out: dict[str, SignalTable] = {}
    qrels: dict[str, dict[str, int]] = {}
    brief = Brief(text="anything")
    names = sorted(applicable_signals(brief))
    for q in range(10):
        ids = [f"c{i:03d}" for i in range(200)]
        relevant = set(rng.choice(200, 15, replace=False).tolist())
        values = {n: rng.random(200) for n in names}
        values["lexical"] = np.array([0.6 + 0.4 * rng.random() if i in relevant
                                      else 0.7 * rng.random() for i in range(200)])
        out[f"b{q}"] = SignalTable(brief, ids, {n: np.round(v, 6) for n, v in values.items()})
        qrels[f"b{q}"] = {ids[i]: 3 for i in relevant}
    return out, qrels


def test_tuning_finds_the_informative_signal_and_never_gets_worse() -> None:
    data, qrels = tables()
    result = tune_weights(data, qrels, rounds=3)
    assert result.objective >= result.start_objective
    assert result.objective > result.start_objective + 0.05
    top = max(result.weights, key=lambda n: result.weights[n])
    assert top == "lexical"
    assert abs(sum(result.weights.values()) - 1.0) < 1e-3
    assert set(result.weights) == set(SIGNAL_NAMES)
    config = result.config("tuned")
    assert config.base == "none" and config.ranker_weights() == result.weights


def test_ranking_a_table_resolves_weights_like_the_ranker_and_breaks_ties_by_id() -> None:
    brief = Brief(text="x", objective="engagement")
    table = SignalTable(brief, ["c2", "c1", "c3"],
                        {"engagement": np.array([0.5, 0.5, 0.1]),
                         "lexical": np.array([0.0, 0.0, 0.0])})
    weights = table.weights(None)
    expected = {"engagement": DEFAULT_WEIGHTS["engagement"] * 1.6,
                "lexical": DEFAULT_WEIGHTS["lexical"]}
    total = sum(expected.values())
    assert weights == {n: w / total for n, w in expected.items()}
    assert [c for c, _ in table.rank(None, 3)] == ["c1", "c2", "c3"]
    assert [c for c, _ in table.rank({"engagement": 0.0}, 2)] == ["c1", "c2"]
