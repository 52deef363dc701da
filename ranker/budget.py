"""Budget-aware selection: the set of creators worth the money, not just the top k.

Given the brief's budget ``B`` (EUR) and ``creators_wanted`` ``k``, choose a set
``S`` among the :data:`POOL` best-scoring candidates that maximises the expected
fit-weighted reach::

    maximise  sum_{i in S} fit_i · reach_i    subject to  sum_{i in S} cost_i <= B,  |S| <= k

* ``fit_i`` — the creator's match score (in [0, 1]) raised to :data:`FIT_POWER`,
  so a weak fit is not bought for its reach alone;
* ``reach_i`` — expected views of one post, :func:`ranker.cost.expected_views`;
* ``cost_i`` — the estimated price of one post, :func:`ranker.cost.estimate_cost_eur`
  (Scout's documented cost model: CPM per platform, tier premium, floor).
  Creators without a cost estimate, or costing more than ``B`` alone, are not
  eligible. The set is planned against ``B · (1 - HEADROOM)``: estimates are
  rough, and a set planned to the last euro often costs more than ``B``.

**Exact knapsack** (:func:`knapsack`): a 0/1 knapsack with a cardinality
constraint, solved by dynamic programming over costs rounded *up* to a grid of
``u = B / resolution`` euros. Guarantees, with ``OPT(W)`` the best value at
budget ``W`` on the true costs:

1. feasible: rounded costs fit the budget, so the true costs do too;
2. optimal when every cost is a multiple of ``u``;
3. otherwise ``value >= OPT(B - k·u)``: every set that fits ``B - k·u`` in true
   costs fits ``B`` in rounded ones. With the default resolution and ``k = 10``
   that is the optimum of a budget 0.5% smaller. Room the rounding left is then
   filled with the most valuable creators that still fit (this only adds value).

**Greedy** (:func:`greedy`): by value per euro, skipping creators that no longer
fit, then the better of that and the best single creator. Without a binding
cardinality limit this is the classic 1/2-approximation: the greedy prefix up to
the first creator that does not fit, plus that creator, is worth at least the
LP relaxation, hence ``OPT``; so greedy + best single >= OPT and the larger of
the two >= OPT / 2. With ``|S| <= k`` binding the bound fails (many cheap,
efficient creators crowd out ``k`` valuable ones; see the tests), which is why
Scout proposes the knapsack's set and reports greedy only in the evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.stores.base import FeatureRows
from ranker.cost import VIEWS_PER_FOLLOWER_FALLBACK
from schemas import Brief
from schemas.results import BudgetSet, ProposedSet

#: Candidates (by score) the set is chosen from.
POOL = 200
#: Grid cells the budget is split into for the DP (see the module docstring).
RESOLUTION = 2_000
#: The DP keeps ``items x (k + 1) x (cells + 1)`` choice bits; above this the grid coarsens.
MAX_CELLS = 24_000_000
#: fit = score ** FIT_POWER (chosen on the benchmark's train split; docs/evaluation.md).
FIT_POWER = 4.0
#: Share of the budget kept back when planning: estimates are rough (the benchmark's
#: true prices are 0.7-1.4x the estimate for half the creators), so a set planned to
#: the last euro often costs more than the budget (chosen on the train split).
HEADROOM = 0.3


@dataclass(frozen=True)
class Selection:
    """A chosen set: positions into the inputs (ascending), its value and its true cost."""

    items: tuple[int, ...]
    value: float
    cost: float


def _selection(items: Sequence[int], values: np.ndarray, costs: np.ndarray) -> Selection:
    chosen = tuple(sorted(int(i) for i in items))
    return Selection(chosen, float(sum(values[i] for i in chosen)),
                     float(sum(costs[i] for i in chosen)))


def _eligible(values: np.ndarray, costs: np.ndarray, budget: float) -> np.ndarray:
    ok = np.isfinite(values) & np.isfinite(costs) & (values > 0) & (costs >= 0)
    return np.flatnonzero(ok & (np.where(np.isfinite(costs), costs, np.inf) <= budget))


def knapsack(values: Sequence[float] | np.ndarray, costs: Sequence[float] | np.ndarray,
             budget: float, k: int, resolution: int = RESOLUTION) -> Selection:
    """The best set of at most ``k`` items within ``budget`` (DP; guarantees above)."""
    values = np.asarray(values, dtype=np.float64)
    costs = np.asarray(costs, dtype=np.float64)
    items = _eligible(values, costs, budget)
    k = min(int(k), len(items))
    if k <= 0 or budget <= 0:
        return Selection((), 0.0, 0.0)
    cells = max(1, min(int(resolution), MAX_CELLS // (len(items) * (k + 1))))
    unit = budget / cells
    # Rounded up: a set fitting the grid fits the budget. The tolerance keeps exact
    # multiples of the unit (2.0000000001 cells) from rounding up a whole cell.
    weight = np.ceil(costs[items] / unit - 1e-9).astype(np.int64)
    best = np.full((k + 1, cells + 1), -np.inf)
    best[0, :] = 0.0  # best[j, c]: most value with exactly j items costing <= c cells
    took = np.zeros((len(items), k + 1, cells + 1), dtype=bool)
    for n, item in enumerate(items):
        w = int(weight[n])
        if w > cells:
            continue
        candidate = best[:-1, :cells + 1 - w] + values[item]  # a copy: reads the old rows
        better = np.greater(candidate, best[1:, w:], out=took[n, 1:, w:])
        np.copyto(best[1:, w:], candidate, where=better)
    j = int(np.argmax(best[:, cells]))
    c = cells
    chosen: list[int] = []
    for n in range(len(items) - 1, -1, -1):
        if j > 0 and took[n, j, c]:
            chosen.append(int(items[n]))
            c -= int(weight[n])
            j -= 1
    # Rounding up may leave true room: fill it with the most valuable items that still fit.
    spent = float(costs[chosen].sum())
    for item in items[np.lexsort((items, -values[items]))]:
        if len(chosen) < k and item not in chosen and spent + costs[item] <= budget:
            chosen.append(int(item))
            spent += float(costs[item])
    return _selection(chosen, values, costs)


def greedy(values: Sequence[float] | np.ndarray, costs: Sequence[float] | np.ndarray,
           budget: float, k: int | None = None) -> Selection:
    """max(greedy by value per euro, best single item): >= OPT / 2 when ``k`` does not bind."""
    values = np.asarray(values, dtype=np.float64)
    costs = np.asarray(costs, dtype=np.float64)
    items = _eligible(values, costs, budget)
    limit = len(items) if k is None else min(int(k), len(items))
    if limit <= 0:
        return Selection((), 0.0, 0.0)
    ratio = values[items] / np.maximum(costs[items], 1e-12)
    chosen: list[int] = []
    spent = 0.0
    for n in np.lexsort((items, -ratio)):  # best ratio first, ties by position
        item = int(items[n])
        if len(chosen) < limit and spent + costs[item] <= budget:
            chosen.append(item)
            spent += costs[item]
    by_ratio = _selection(chosen, values, costs)
    single = _selection([int(items[np.argmax(values[items])])], values, costs)
    return single if single.value > by_ratio.value else by_ratio


def top_k(values: Sequence[float] | np.ndarray, costs: Sequence[float] | np.ndarray,
          budget: float, k: int) -> Selection:
    """The baseline: walk the ranking (inputs in rank order), keep whoever still fits, stop at k."""
    values = np.asarray(values, dtype=np.float64)
    costs = np.asarray(costs, dtype=np.float64)
    chosen: list[int] = []
    spent = 0.0
    for item in _eligible(values, costs, budget):
        if len(chosen) < k and spent + costs[item] <= budget:
            chosen.append(int(item))
            spent += costs[item]
    return _selection(chosen, values, costs)


def reach(rows: FeatureRows) -> np.ndarray:
    """Expected views of one post per row (avg views, else 30% of followers; NaN unknown)."""
    return np.where(np.isnan(rows.avg_views), rows.followers * VIEWS_PER_FOLLOWER_FALLBACK,
                    rows.avg_views)


def propose_set(brief: Brief, rows: FeatureRows, scores: np.ndarray, order: np.ndarray,
                *, fit_power: float = FIT_POWER, headroom: float = HEADROOM
                ) -> ProposedSet | None:
    """The knapsack's set for ``brief`` among the top :data:`POOL` rows by score, and the
    top-k-by-score set under the same planned budget for comparison (the proposal is never
    worth less); None without a budget."""
    if brief.budget is None:
        return None
    budget = brief.budget.in_eur()
    k = brief.creators_wanted
    pool = order[:POOL]
    views = reach(rows)[pool]
    costs = rows.estimated_cost_eur[pool]
    fit = np.clip(np.asarray(scores, dtype=np.float64)[pool], 0.0, 1.0) ** fit_power
    values = fit * views

    def as_set(sel: Selection) -> BudgetSet:
        ranked = sorted(sel.items)  # positions in the pool are rank order
        return BudgetSet(creator_ids=[rows.ids[pool[i]] for i in ranked],
                         total_cost_eur=round(sel.cost, 2),
                         expected_reach=round(float(sum(views[i] for i in ranked)), 1),
                         objective=round(sel.value, 2))

    planned = budget * (1.0 - headroom)
    best = knapsack(values, costs, planned, k)
    baseline = top_k(values, costs, planned, k)
    if baseline.value > best.value:  # only possible through the grid's rounding
        best = baseline
    return ProposedSet(**as_set(best).model_dump(), budget_eur=round(budget, 2),
                       planned_eur=round(planned, 2), creators_wanted=k,
                       considered=len(pool), top_k=as_set(baseline))
