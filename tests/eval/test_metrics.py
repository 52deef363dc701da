"""Metrics from ir-measures, cross-checked against independent implementations."""

from __future__ import annotations

import random
import warnings

import pytest

from eval.metrics import MEASURES, REL_LEVEL, means, per_brief
from eval.trec import Qrels, Run


def synthetic(seed: int = 3, briefs: int = 25) -> tuple[Qrels, Run]:
    """Graded qrels with judged zeros, and runs with ties, misses and unjudged creators."""
    rng = random.Random(seed)
    qrels: Qrels = {}
    run: Run = {}
    for q in range(briefs):
        qid = f"b{q:03d}"
        pool = [f"c_{i:04d}" for i in range(400)]
        judged = rng.sample(pool, rng.randint(5, 80))
        qrels[qid] = {cid: rng.choice((0, 0, 1, 1, 2, 3)) for cid in judged}
        qrels[qid][judged[0]] = 3  # every brief has a well-fitting creator
        ranked = rng.sample(pool, 100)
        scores = sorted((round(rng.random(), 2) for _ in ranked), reverse=True)  # many ties
        run[qid] = list(zip(ranked, scores, strict=True))
    return qrels, run


def test_matches_pytrec_eval_directly_with_trec_eval_settings() -> None:
    import pytrec_eval

    from eval.trec import strictly_decreasing

    qrels, run = synthetic()
    ours = per_brief(qrels, run, qrels)
    as_dict = {q: dict(strictly_decreasing(r)) for q, r in run.items()}
    graded = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.5,10,20"}).evaluate(as_dict)
    binary = pytrec_eval.RelevanceEvaluator(
        qrels, {"P.10", "recall.20,100", "map", "recip_rank"},
        relevance_level=REL_LEVEL).evaluate(as_dict)
    names = {"nDCG@5": (graded, "ndcg_cut_5"), "nDCG@10": (graded, "ndcg_cut_10"),
             "nDCG@20": (graded, "ndcg_cut_20"), "P@10": (binary, "P_10"),
             "R@20": (binary, "recall_20"), "R@100": (binary, "recall_100"),
             "MAP": (binary, "map"), "MRR": (binary, "recip_rank")}
    assert set(names) == {m.name for m in MEASURES}
    for name, (table, key) in names.items():
        for qid in qrels:
            assert ours[name][qid] == pytest.approx(table[qid][key], abs=1e-9), (name, qid)


@pytest.mark.slow
def test_matches_ranx_an_independent_implementation_to_1e6() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's compile-time type-safety notes
        from ranx import Qrels as RanxQrels
        from ranx import Run as RanxRun
        from ranx import evaluate

        from eval.trec import strictly_decreasing

        qrels, run = synthetic()
        ours = means(per_brief(qrels, run, qrels))
        ranx_run = RanxRun.from_dict({q: dict(strictly_decreasing(r)) for q, r in run.items()})
        theirs = evaluate(RanxQrels.from_dict(qrels), ranx_run, [m.ranx for m in MEASURES])
    for m in MEASURES:
        assert ours[m.name] == pytest.approx(float(theirs[m.ranx]), abs=1e-6), m.name


def test_a_brief_missing_from_the_run_counts_as_zero_not_absent() -> None:
    qrels = {"b1": {"c1": 3}, "b2": {"c2": 2}}
    values = per_brief(qrels, {"b1": [("c1", 1.0)]}, ["b1", "b2"])
    assert values["nDCG@10"] == {"b1": 1.0, "b2": 0.0}
    assert means(values)["nDCG@10"] == 0.5
    assert means(per_brief(qrels, {}, ["b1", "b2"]))["MRR"] == 0.0


def test_grade_one_counts_for_ndcg_but_not_for_precision() -> None:
    qrels = {"b1": {"near": 1, "good": 2}}
    values = per_brief(qrels, {"b1": [("near", 2.0), ("good", 1.0)]}, ["b1"])
    assert values["P@10"]["b1"] == pytest.approx(0.1)
    assert values["MRR"]["b1"] == pytest.approx(0.5)
    assert 0.5 < values["nDCG@10"]["b1"] < 1.0
