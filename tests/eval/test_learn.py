"""The outcome learner and its guard, on synthetic signal tables (no model): folds by niche,
a deterministic seed, a gain it finds, and a worse model it refuses to write."""

from __future__ import annotations

import numpy as np
import pytest

from eval.learn import GuardRefused, learn, niche_folds
from ranker.table import SignalTable
from schemas import Brief

N = 60


def make_tables(pattern: dict[str, bool], seed: int = 0
                ) -> tuple[dict[str, SignalTable], dict[str, dict[str, int]]]:
    """Briefs whose relevant creators content similarity finds roughly; past performance
    marks them exactly where ``pattern[brief]`` is True and points away where False."""
    rng = np.random.default_rng(seed)
    tables: dict[str, SignalTable] = {}
    qrels: dict[str, dict[str, int]] = {}
    brief = Brief(text="anything")
    for q in sorted(pattern):
        ids = [f"c{i:03d}" for i in range(N)]
        relevant = set(rng.choice(N, 10, replace=False).tolist())
        hit = np.array([i in relevant for i in range(N)])
        content = np.where(hit, rng.uniform(0.3, 1.0, N), rng.uniform(0.0, 0.85, N))
        if pattern[q]:
            past = np.where(hit, rng.uniform(0.7, 1.0, N), rng.uniform(0.0, 0.6, N))
        else:
            past = np.where(hit, rng.uniform(0.0, 0.3, N), rng.uniform(0.4, 1.0, N))
        tables[q] = SignalTable(brief, ids, {"content_similarity": np.round(content, 6),
                                             "past_performance": np.round(past, 6)})
        qrels[q] = {ids[i]: 3 for i in relevant}
    return tables, qrels


NICHES = {f"b{i}": f"niche{i // 2}" for i in range(8)}


def test_folds_keep_a_niche_together_and_follow_the_seed() -> None:
    folds = niche_folds(NICHES, 2, seed=3)
    assert sorted(q for f in folds for q in f) == sorted(NICHES)
    for fold in folds:
        assert all(NICHES[q] in {NICHES[p] for p in fold} for q in fold)
        for q in fold:
            twin = [p for p in NICHES if NICHES[p] == NICHES[q]]
            assert set(twin) <= set(fold)
    assert niche_folds(NICHES, 2, seed=3) == folds
    assert len(niche_folds(NICHES, 10)) == 4  # never more folds than niches


def test_learns_past_performance_where_it_helps_deterministically() -> None:
    tables, qrels = make_tables(dict.fromkeys(NICHES, True))
    first = learn(tables, qrels, NICHES, k=2, seed=1, rounds=2)
    again = learn(tables, qrels, NICHES, k=2, seed=1, rounds=2)
    assert first == again
    assert first.accepted and first.fit is not None
    assert first.best.mean > first.default.mean
    assert first.fit.weights["past_performance"] > 0
    assert "beat the default" in first.verdict()
    config = first.config("learned")
    assert config.base == "none" and config.weights["past_performance"] > 0


def test_guard_refuses_weights_that_lose_on_held_out_briefs() -> None:
    # Past performance predicts relevance in one fold and misleads in the other: fitting on
    # the first fold and checking on the second loses to the default.
    folds = niche_folds(NICHES, 2, seed=0)
    pattern = {q: q in folds[0] for q in NICHES}
    tables, qrels = make_tables(pattern)
    result = learn(tables, qrels, NICHES, k=2, seed=0, rounds=2)
    assert not result.accepted and result.fit is None
    assert result.best.mean <= result.default.mean
    message = result.verdict()
    assert message.startswith("refusing to write a config")
    assert f"{result.default.mean:.4f}" in message and f"{result.best.mean:.4f}" in message
    with pytest.raises(GuardRefused):
        result.config("learned")


def test_a_demanding_min_gain_refuses_even_a_real_gain() -> None:
    tables, qrels = make_tables(dict.fromkeys(NICHES, True))
    result = learn(tables, qrels, NICHES, k=2, seed=1, rounds=1, min_gain=0.99)
    assert result.gain > 0 and not result.accepted and result.fit is None


def test_guard_refuses_a_headline_gain_that_costs_the_depth_of_the_ranking() -> None:
    from eval.learn import CandidateScore, LearnResult

    briefs = ("b0", "b1")
    default = CandidateScore("default", dict.fromkeys(briefs, 0.80), {"MAP": 0.70, "R@100": 0.90})
    deeper = CandidateScore("all_weights", dict.fromkeys(briefs, 0.85),
                            {"MAP": 0.65, "R@100": 0.90})
    result = LearnResult("nDCG@10", (("b0",), ("b1",)), default, (deeper,), "all_weights",
                         min_gain=0.005, max_loss=0.01, fit=None)
    assert result.gain == pytest.approx(0.05)
    assert result.losses(deeper) == {"MAP": pytest.approx(-0.05)}
    assert not result.accepted
    assert "lose more than 0.0100 of MAP -0.0500" in result.verdict()
    lenient = LearnResult("nDCG@10", result.folds, default, (deeper,), "all_weights",
                          min_gain=0.005, max_loss=0.1, fit=None)
    assert lenient.accepted
