"""Set-level evaluation: is the top of a shortlist diverse, and is the proposed set worth it?

Two experiments on a judged benchmark (:mod:`eval.benchmark`), through the
production ranker:

**Diversity sweep** (``diversity`` = 0, 0.1, ...). Per brief, the top 10 of
``Ranker.match`` with the brief's ``diversity`` set, scored with

* nDCG@10 (graded relevance, :mod:`eval.metrics`, ir-measures);
* alpha-nDCG@10 (Clarke et al. 2008, alpha = 0.5): each well-fitting creator (grade
  >= 2) covers *nuggets* — its audience market (home country), platform,
  follower tier and angle (its secondary niche, or "core") from the
  generator's truth; each repeat of a covered nugget is worth (1 - alpha) times the last.
  The ideal list is built greedily, the usual approximation;
* ILS@10, intra-list similarity: mean pairwise cosine of the creators'
  embeddings (:func:`ranker.diversity.creator_vectors`) — lower is more varied;
* overlap@10: mean pairwise audience overlap (:mod:`ranker.overlap`);
* near-copies@10: share of pairs in the top 10 with the same niche, home
  country, platform and tier in the generator's truth.

**Budget sets.** Per brief with a budget, three sets chosen from the same
candidates (the top :data:`ranker.budget.POOL` by score, fit = score ** p):
the knapsack's (what ``proposed_set`` returns), greedy by value per euro, and
top-k by score within budget. Each is valued by

* Scout's own objective, fit-weighted expected reach (estimated costs);
* judged value: ``sum (grade / 3) x views`` over the set, with a bought
  audience worth 0 views — the benchmark's truth instead of Scout's estimate;
* true spend (the generator's real prices) and how often it breaks the budget.

Run: ``python -m eval.sets --benchmark data/bench --split test``.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from eval.benchmark import Benchmark, BenchmarkBrief, load_benchmark
from eval.configs import load_run_config
from eval.metrics import REL_LEVEL, per_brief
from eval.runner import Evaluator, benchmark_engine
from eval.stats import paired_p_value
from indexer.sample_data import Latent
from ranker import budget as bud
from ranker.cost import VIEWS_PER_FOLLOWER_FALLBACK
from ranker.diversity import content_similarity, creator_vectors
from ranker.overlap import creators_overlap
from ranker.ranker import Ranker
from schemas import Brief, Budget, Creator, MatchResult, tier_of

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

TOP = 10
ALPHA = 0.5
DIVERSITIES: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.5)
FIT_POWERS: tuple[float, ...] = (1.0, 2.0, 4.0)
HEADROOMS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3)
#: Budget given to every brief in the "every brief" budget experiment.
SIMULATED_BUDGET_EUR = 3_000.0
SIMULATED_WANTED = 10


# -- diversity metrics -------------------------------------------------------------------
def nuggets(creator: Creator, latent: Latent) -> frozenset[str]:
    """What a well-fitting creator adds to a shortlist (see the module docstring)."""
    return frozenset({f"market:{creator.country}", f"platform:{creator.platform}",
                      f"tier:{tier_of(creator.followers)}",
                      f"angle:{latent.secondary_niche or 'core'}"})


def alpha_dcg(ranked: Sequence[str], covers: Mapping[str, frozenset[str]], k: int = TOP,
              alpha: float = ALPHA) -> float:
    seen: dict[str, int] = {}
    total = 0.0
    for rank, cid in enumerate(ranked[:k], start=1):
        gain = 0.0
        for nugget in covers.get(cid, frozenset()):
            gain += (1.0 - alpha) ** seen.get(nugget, 0)
            seen[nugget] = seen.get(nugget, 0) + 1
        total += gain / math.log2(rank + 1)
    return total


def ideal_order(covers: Mapping[str, frozenset[str]], k: int = TOP, alpha: float = ALPHA
                ) -> list[str]:
    """Greedy ideal: at each rank the creator adding the most novelty (ties by id)."""
    left = sorted(covers)
    seen: dict[str, int] = {}
    out: list[str] = []
    while left and len(out) < k:
        # max keeps the first of equals: ``left`` is sorted, so ties go to the smaller id
        best = max(left, key=lambda c: sum((1.0 - alpha) ** seen.get(n, 0) for n in covers[c]))
        out.append(best)
        left.remove(best)
        for nugget in covers[best]:
            seen[nugget] = seen.get(nugget, 0) + 1
    return out


def alpha_ndcg(ranked: Sequence[str], covers: Mapping[str, frozenset[str]], k: int = TOP,
               alpha: float = ALPHA) -> float:
    ideal = alpha_dcg(ideal_order(covers, k, alpha), covers, k, alpha)
    return alpha_dcg(ranked, covers, k, alpha) / ideal if ideal > 0 else 0.0


def mean_pairwise(matrix: np.ndarray) -> float:
    n = matrix.shape[0]
    if n < 2:
        return 0.0
    upper = matrix[np.triu_indices(n, k=1)]
    return float(upper.mean())


def near_copies(ranked: Sequence[str], creators: Mapping[str, Creator],
                latent: Mapping[str, Latent], k: int = TOP) -> float:
    """Share of pairs in the top ``k`` alike in niche, country, platform and tier (truth)."""
    def key(cid: str) -> tuple[str | None, ...]:
        c = creators[cid]
        return (latent[cid].niche, c.country, c.platform, tier_of(c.followers))

    pairs = list(itertools.combinations(ranked[:k], 2))
    return sum(key(a) == key(b) for a, b in pairs) / len(pairs) if pairs else 0.0


@dataclass(frozen=True)
class DiversityRow:
    diversity: float
    per_brief: dict[str, dict[str, float]]  # metric -> brief id -> value

    def mean(self, metric: str) -> float:
        values = self.per_brief[metric]
        return sum(values.values()) / len(values) if values else 0.0


DIVERSITY_METRICS = ("nDCG@10", "alpha-nDCG@10", "ILS@10", "overlap@10", "near-copies@10")


def diversity_sweep(engine_ranker: Ranker, bench: Benchmark, split: str,
                    diversities: Sequence[float] = DIVERSITIES) -> list[DiversityRow]:
    briefs = bench.select(split)
    creators = bench.creators
    latent = bench.latent
    rows: list[DiversityRow] = []
    vectors: dict[str, np.ndarray] = {}
    for value in diversities:
        run: dict[str, list[tuple[str, float]]] = {}
        metrics: dict[str, dict[str, float]] = {m: {} for m in DIVERSITY_METRICS}
        for item in briefs:
            ranked = _match(engine_ranker, item.brief, bench.now, diversity=value)
            ids = [r.creator_id for r in ranked]
            run[item.id] = [(cid, float(len(ids) - n)) for n, cid in enumerate(ids)]
            top = ids[:TOP]
            covers = {cid: nuggets(creators[cid], latent[cid])
                      for cid, grade in bench.qrels.get(item.id, {}).items()
                      if grade >= REL_LEVEL}
            metrics["alpha-nDCG@10"][item.id] = alpha_ndcg(top, covers)
            missing = [c for c in top if c not in vectors]
            if missing:
                for cid, vec in zip(missing, creator_vectors(engine_ranker.backend, missing),
                                    strict=True):
                    vectors[cid] = vec
            mat = np.vstack([vectors[c] for c in top]) if top else np.zeros((0, 1))
            metrics["ILS@10"][item.id] = mean_pairwise(content_similarity(mat))
            metrics["overlap@10"][item.id] = mean_pairwise(
                creators_overlap([creators[c] for c in top]).overlap)
            metrics["near-copies@10"][item.id] = near_copies(top, creators, latent)
        ndcg = per_brief(bench.qrels, run, [b.id for b in briefs])
        metrics["nDCG@10"] = ndcg["nDCG@10"]
        rows.append(DiversityRow(value, metrics))
    return rows


def _match(ranker: Ranker, brief: Brief, now: float, **update: object) -> list[MatchResult]:
    asked = brief.model_copy(update={"limit": 100, "cursor": None, **update})
    first = ranker.match(asked, now=now)
    out = list(first.results)
    if first.next_cursor and len(out) < bud.POOL:
        more = ranker.match(asked.model_copy(update={"cursor": first.next_cursor}), now=now)
        out += more.results
    return out


# -- budget sets -------------------------------------------------------------------------
@dataclass(frozen=True)
class SetValue:
    objective: float
    judged: float
    true_cost: float
    over_budget: bool
    size: int
    relevant_share: float


def value_sets(ranker: Ranker, bench: Benchmark, item: BenchmarkBrief, brief: Brief,
               fit_power: float, headroom: float = 0.0) -> dict[str, SetValue]:
    """The knapsack's, greedy's and top-k's set for ``brief`` and what each is worth."""
    results = _match(ranker, brief, bench.now)[:bud.POOL]
    assert brief.budget is not None
    budget = brief.budget.in_eur()
    k = brief.creators_wanted
    views = np.array([_reach(r) for r in results])
    costs = np.array([r.creator.estimated_cost_eur if r.creator.estimated_cost_eur is not None
                      else math.nan for r in results])
    fit = np.clip(np.array([r.score for r in results]), 0.0, 1.0) ** fit_power
    values = fit * views
    grades = bench.qrels.get(item.id, {})
    choose: dict[str, Callable[[], bud.Selection]] = {
        "knapsack": lambda: bud.knapsack(values, costs, budget * (1.0 - headroom), k),
        "greedy": lambda: bud.greedy(values, costs, budget, k),
        "top-k": lambda: bud.top_k(values, costs, budget, k),
    }
    out: dict[str, SetValue] = {}
    for name, pick in choose.items():
        sel = pick()
        ids = [results[i].creator_id for i in sel.items]
        judged = sum(grades.get(c, 0) / 3.0 * (0.0 if bench.latent[c].inflated else views[i])
                     for c, i in zip(ids, sel.items, strict=True))
        true_cost = sum(bench.latent[c].price_eur for c in ids)
        out[name] = SetValue(sel.value, judged, true_cost, true_cost > budget, len(ids),
                             sum(grades.get(c, 0) >= REL_LEVEL for c in ids) / len(ids)
                             if ids else 0.0)
    return out


def _reach(result: MatchResult) -> float:
    c = result.creator
    if c.avg_views is not None:
        return float(c.avg_views)
    return float(c.followers) * VIEWS_PER_FOLLOWER_FALLBACK if c.followers else math.nan


def budget_experiment(ranker: Ranker, bench: Benchmark, split: str, fit_power: float,
                      simulate: bool, headroom: float = 0.0) -> dict[str, list[SetValue]]:
    """Sets per brief: the benchmark's budget briefs, or (``simulate``) every brief with
    :data:`SIMULATED_BUDGET_EUR` for :data:`SIMULATED_WANTED` creators."""
    out: dict[str, list[SetValue]] = {"knapsack": [], "greedy": [], "top-k": []}
    for item in bench.select(split):
        brief = item.brief
        if simulate:
            brief = brief.model_copy(update={"creators_wanted": SIMULATED_WANTED,
                                             "budget": Budget(total=SIMULATED_BUDGET_EUR)})
        elif brief.budget is None:
            continue
        for name, value in value_sets(ranker, bench, item, brief, fit_power,
                                      headroom).items():
            out[name].append(value)
    return out


def tune_budget(ranker: Ranker, bench: Benchmark, split: str) -> tuple[float, float]:
    """The fit power with the most judged value on ``split`` (every brief given a budget),
    then the smallest headroom whose sets break the true budget no more often than top-k's."""
    power, best = FIT_POWERS[0], -1.0
    for candidate in FIT_POWERS:
        found = budget_experiment(ranker, bench, split, candidate, simulate=True)
        value = float(np.mean([v.judged for v in found["knapsack"]]))
        log.info("fit power %g on %s: judged value %.0f", candidate, split, value)
        if value > best:
            power, best = candidate, value
    for headroom in HEADROOMS:
        found = budget_experiment(ranker, bench, split, power, simulate=True, headroom=headroom)
        over = float(np.mean([v.over_budget for v in found["knapsack"]]))
        limit = float(np.mean([v.over_budget for v in found["top-k"]]))
        log.info("headroom %g on %s: over budget %.3f (top-k %.3f)", headroom, split, over,
                 limit)
        if over <= limit:
            return power, headroom
    return power, HEADROOMS[-1]


# -- report ------------------------------------------------------------------------------
def diversity_table(rows: Sequence[DiversityRow]) -> str:
    base = rows[0]
    lines = ["| diversity | " + " | ".join(DIVERSITY_METRICS) + " | p (nDCG) | p (alpha-nDCG) |",
             "|---" * (len(DIVERSITY_METRICS) + 3) + "|"]
    for row in rows:
        cells = [f"{row.mean(m):.4f}" for m in DIVERSITY_METRICS]
        p = [_p(base, row, m) for m in ("nDCG@10", "alpha-nDCG@10")]
        lines.append(f"| {row.diversity:g} | " + " | ".join(cells) + " | " + " | ".join(p) + " |")
    return "\n".join(lines)


def _p(base: DiversityRow, row: DiversityRow, metric: str) -> str:
    if row is base:
        return "-"
    ids = sorted(base.per_brief[metric])
    return f"{paired_p_value([base.per_brief[metric][i] for i in ids], [row.per_brief[metric][i] for i in ids], 'fisher'):.3f}"  # noqa: E501


def budget_table(sets: Mapping[str, list[SetValue]]) -> str:
    lines = ["| set | briefs | objective (Scout's estimate) | judged value | vs top-k (judged) "
             "| true spend | over budget | well-fitting share |",
             "|---|---|---|---|---|---|---|---|"]
    base = sets["top-k"]
    for name, values in sets.items():
        if not values:
            continue
        judged = [v.judged for v in values]
        ratio = sum(judged) / sum(b.judged for b in base) if sum(b.judged for b in base) else 0.0
        p = "-" if name == "top-k" else \
            f"p={paired_p_value([b.judged for b in base], judged, 'fisher'):.3f}"
        lines.append(
            f"| {name} | {len(values)} | {np.mean([v.objective for v in values]):,.0f} "
            f"| {np.mean(judged):,.0f} | {ratio:.2f}x ({p}) "
            f"| €{np.mean([v.true_cost for v in values]):,.0f} "
            f"| {np.mean([v.over_budget for v in values]):.0%} "
            f"| {np.mean([v.relevant_share for v in values]):.0%} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.sets", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--benchmark", default="data/bench")
    parser.add_argument("--split", default="test", choices=["train", "test", "all"])
    parser.add_argument("--tune-split", default="train", choices=["train", "test", "all"],
                        help="split that picks the fit power")
    parser.add_argument("--skip-diversity", action="store_true")
    parser.add_argument("--skip-budget", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    bench = load_benchmark(args.benchmark)
    with benchmark_engine(bench, progress=False) as engine:
        ranker = Evaluator(engine, bench).ranker(load_run_config("scout-default"))
        if not args.skip_diversity:
            for split in dict.fromkeys((args.tune_split, args.split)):
                print(f"\n### Diversity sweep ({split} split, "
                      f"{len(bench.select(split))} briefs)\n")
                print(diversity_table(diversity_sweep(ranker, bench, split)), flush=True)
        if not args.skip_budget:
            power, headroom = tune_budget(ranker, bench, args.tune_split)
            print(f"\nchosen on {args.tune_split}: fit = score^{power:g}, headroom "
                  f"{headroom:.0%} (ranker.budget: FIT_POWER {bud.FIT_POWER:g}, "
                  f"HEADROOM {bud.HEADROOM:g})")
            for simulate in (False, True):
                label = (f"every brief, €{SIMULATED_BUDGET_EUR:,.0f} for {SIMULATED_WANTED} "
                         "creators" if simulate else "the benchmark's briefs with a budget")
                for p, h in dict.fromkeys(((power, headroom), (1.0, 0.0))):
                    print(f"\n### Budget sets: {label} ({args.split} split, fit = score^"
                          f"{p:g}, headroom {h:.0%})\n")
                    print(budget_table(budget_experiment(ranker, bench, args.split, p,
                                                         simulate, h)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
