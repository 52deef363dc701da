"""Ranking metrics, declared as data and computed by ir-measures (pytrec_eval inside).

nDCG uses the graded judgments (gain = grade, trec_eval's definition). The
set-based measures (precision, recall, MAP, MRR) count a creator as relevant
from grade :data:`REL_LEVEL` ("good fit") up: grade 1 only marks a neighbouring
niche. Each measure also names its ranx spelling, which the tests use as the
second, independent implementation.

Means are taken over the briefs asked for, not over the briefs a run happens to
contain: a brief with no results scores 0 rather than vanishing from the mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eval.trec import Qrels, Run, strictly_decreasing

#: Lowest grade the binary measures count as relevant.
REL_LEVEL = 2


@dataclass(frozen=True)
class Measure:
    """One metric: its report name, ir-measures spelling and ranx spelling."""

    name: str
    ir_measures: str
    ranx: str
    description: str


MEASURES: tuple[Measure, ...] = (
    Measure("nDCG@5", "nDCG@5", "ndcg@5", "graded gain in the top 5, ideal = 1"),
    Measure("nDCG@10", "nDCG@10", "ndcg@10", "graded gain in the top 10 (the headline)"),
    Measure("nDCG@20", "nDCG@20", "ndcg@20", "graded gain in the top 20"),
    Measure("P@10", f"P(rel={REL_LEVEL})@10", f"precision@10-l{REL_LEVEL}",
            "share of the top 10 that fits well"),
    Measure("R@20", f"R(rel={REL_LEVEL})@20", f"recall@20-l{REL_LEVEL}",
            "share of well-fitting creators found in the top 20"),
    Measure("R@100", f"R(rel={REL_LEVEL})@100", f"recall@100-l{REL_LEVEL}",
            "share of well-fitting creators found in the top 100"),
    Measure("MAP", f"AP(rel={REL_LEVEL})", f"map-l{REL_LEVEL}",
            "mean average precision over the returned list"),
    Measure("MRR", f"RR(rel={REL_LEVEL})", f"mrr-l{REL_LEVEL}",
            "reciprocal rank of the first well-fitting creator"),
)
MEASURE_NAMES: tuple[str, ...] = tuple(m.name for m in MEASURES)
HEADLINE = "nDCG@10"

#: measure name -> brief id -> value
PerBrief = dict[str, dict[str, float]]


def per_brief(qrels: Qrels, run: Run, briefs: Iterable[str],
              measures: Sequence[Measure] = MEASURES) -> PerBrief:
    """Every measure for every brief in ``briefs`` (0 where the run has nothing)."""
    import ir_measures

    ids = sorted(set(briefs))
    parsed = {ir_measures.parse_measure(m.ir_measures): m.name for m in measures}
    out: PerBrief = {m.name: dict.fromkeys(ids, 0.0) for m in measures}
    wanted = set(ids)
    q = {qid: rels for qid, rels in qrels.items() if qid in wanted}
    r = {qid: dict(strictly_decreasing(ranked)) for qid, ranked in run.items()
         if qid in wanted and ranked}
    if not q or not r:
        return out
    for metric in ir_measures.iter_calc(list(parsed), q, r):
        out[parsed[metric.measure]][metric.query_id] = float(metric.value)
    return out


def means(values: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The mean of each measure over its briefs."""
    return {name: (sum(v.values()) / len(v) if v else 0.0) for name, v in values.items()}
