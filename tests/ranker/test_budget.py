"""Budget-aware selection: the knapsack against brute force, greedy's 1/2 bound, the baseline."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from indexer.stores.base import DERIVED_STATS, FeatureRows
from ranker.budget import (
    FIT_POWER,
    HEADROOM,
    POOL,
    Selection,
    greedy,
    knapsack,
    propose_set,
    reach,
    top_k,
)
from ranker.cost import VIEWS_PER_FOLLOWER_FALLBACK
from schemas import Brief


def brute_force(values: list[float], costs: list[float], budget: float,
                k: int | None = None) -> float:
    """The optimum over every subset (reference; n <= 12)."""
    best = 0.0
    n = len(values)
    for size in range(0, (n if k is None else min(k, n)) + 1):
        for subset in itertools.combinations(range(n), size):
            if sum(costs[i] for i in subset) <= budget + 1e-9:
                best = max(best, sum(values[i] for i in subset))
    return best


def check_selection(sel: Selection, values: list[float], costs: list[float], budget: float,
                    k: int | None) -> None:
    assert sel.cost <= budget + 1e-9
    assert k is None or len(sel.items) <= k
    assert len(set(sel.items)) == len(sel.items)
    assert sel.value == pytest.approx(sum(values[i] for i in sel.items))
    assert sel.cost == pytest.approx(sum(costs[i] for i in sel.items))


def test_knapsack_small_hand_made() -> None:
    # budget 10, k 2: {b, c} = 9 + 8 (cost 4 + 6) beats {a} = 12 (cost 10) and {b, d}
    values = [12.0, 9.0, 8.0, 3.0]
    costs = [10.0, 4.0, 6.0, 1.0]
    sel = knapsack(values, costs, 10.0, 2)
    assert sel.items == (1, 2) and sel.value == 17.0 and sel.cost == 10.0
    # with k = 3 the cheap d joins only if it fits: 4 + 6 + 1 = 11 > 10, so still {b, c}
    assert knapsack(values, costs, 10.0, 3).items == (1, 2)
    # at 11 it fits exactly; the grid (11 / 2000) rounds the three up past the budget,
    # and filling the room the rounding left adds d back
    assert knapsack(values, costs, 11.0, 3).items == (1, 2, 3)
    # k = 1: the single most valuable affordable item
    assert knapsack(values, costs, 10.0, 1).items == (0,)


@pytest.mark.parametrize("seed", range(40))
def test_knapsack_equals_brute_force_on_the_grid(seed: int) -> None:
    """Integer costs and an integer budget below the resolution: the DP is exact."""
    rng = random.Random(seed)
    n = rng.randint(1, 12)
    values = [round(rng.uniform(0, 100), 3) for _ in range(n)]
    costs = [float(rng.randint(1, 60)) for _ in range(n)]
    budget = float(rng.randint(10, 200))
    k = rng.randint(1, n)
    sel = knapsack(values, costs, budget, k, resolution=int(budget))
    check_selection(sel, values, costs, budget, k)
    assert sel.value == pytest.approx(brute_force(values, costs, budget, k))


@pytest.mark.parametrize("seed", range(40))
def test_knapsack_with_real_costs_keeps_its_stated_bound(seed: int) -> None:
    """Arbitrary costs: feasible, never above OPT(B), never below OPT(B - k * unit)."""
    rng = random.Random(1000 + seed)
    n = rng.randint(1, 12)
    values = [rng.uniform(0, 1e5) for _ in range(n)]
    costs = [round(rng.uniform(40, 5000), 2) for _ in range(n)]
    budget = rng.uniform(500, 15000)
    k = rng.randint(1, n)
    resolution = rng.choice([10, 50, 2000])
    sel = knapsack(values, costs, budget, k, resolution=resolution)
    check_selection(sel, values, costs, budget, k)
    unit = budget / resolution
    assert sel.value <= brute_force(values, costs, budget, k) + 1e-6
    assert sel.value >= brute_force(values, costs, budget - k * unit, k) - 1e-6


def test_knapsack_skips_unknown_and_unaffordable_costs() -> None:
    values = [5.0, 7.0, 9.0, 0.0, 4.0]
    costs = [1.0, math.nan, 50.0, 1.0, 2.0]
    sel = knapsack(values, costs, 10.0, 5)
    assert sel.items == (0, 4)
    assert knapsack([], [], 10.0, 3) == Selection((), 0.0, 0.0)
    assert knapsack([1.0], [20.0], 10.0, 3) == Selection((), 0.0, 0.0)


@pytest.mark.parametrize("seed", range(60))
def test_greedy_is_at_least_half_the_optimum_without_a_cardinality_limit(seed: int) -> None:
    rng = random.Random(2000 + seed)
    n = rng.randint(1, 12)
    values = [rng.uniform(0, 100) for _ in range(n)]
    costs = [rng.uniform(1, 80) for _ in range(n)]
    budget = rng.uniform(20, 300)
    sel = greedy(values, costs, budget)
    check_selection(sel, values, costs, budget, None)
    optimum = brute_force(values, costs, budget)
    assert sel.value >= optimum / 2 - 1e-9


def test_greedy_bound_is_tight_and_needs_the_best_single_item() -> None:
    # ratio greedy alone takes the efficient crumb and then nothing else fits
    values, costs = [2.0, 100.0], [1.0, 100.0]
    assert greedy(values, costs, 100.0).items == (1,)
    # tightness: OPT = two items of value 1 each; greedy takes one of them, best single is 1
    eps = 1e-3
    values, costs = [1.0 + eps, 1.0, 1.0], [1.0, 1.0, 1.0]
    assert greedy(values, costs, 2.0).value == pytest.approx(2.0 + eps)


def test_greedy_bound_fails_when_the_cardinality_limit_binds() -> None:
    """Why Scout proposes the knapsack's set: with |S| <= k, greedy + best single can get
    only 1/3 of the optimum (three crumbs crowd out three valuable creators)."""
    values = [1.0, 1.0, 1.0, 10.0, 10.0, 10.0]
    costs = [0.1, 0.1, 0.1, 3.3, 3.3, 3.3]
    k, budget = 3, 10.0
    optimum = brute_force(values, costs, budget, k)
    assert optimum == pytest.approx(30.0)
    assert greedy(values, costs, budget, k).value == pytest.approx(10.0)  # = optimum / 3
    assert knapsack(values, costs, budget, k).value == pytest.approx(optimum)


def test_top_k_walks_the_ranking_and_skips_who_no_longer_fits() -> None:
    values = [5.0, 4.0, 3.0, 2.0, 1.0]
    costs = [6.0, 6.0, 3.0, 1.0, 1.0]
    sel = top_k(values, costs, 10.0, 3)
    assert sel.items == (0, 2, 3) and sel.cost == 10.0


def rows(ids: list[str], views: list[float], followers: list[float], costs: list[float]
         ) -> FeatureRows:
    n = len(ids)
    nan = np.full(n, np.nan)
    return FeatureRows(ids, np.array(followers, dtype=float), np.array(views, dtype=float),
                       nan.copy(), np.array(costs, dtype=float), nan.copy(), np.zeros(n),
                       ["micro"] * n, [None] * n, *(nan.copy() for _ in DERIVED_STATS))


def test_reach_falls_back_to_a_share_of_followers() -> None:
    r = reach(rows(["a", "b", "c"], [1000, math.nan, math.nan], [5000, 10_000, math.nan],
                   [1, 1, 1]))
    assert r[0] == 1000 and r[1] == 10_000 * VIEWS_PER_FOLLOWER_FALLBACK and math.isnan(r[2])


def test_propose_set_in_the_match_response_shape() -> None:
    brief = Brief(text="x", budget={"total": 1000, "currency": "EUR"}, creators_wanted=2)
    feats = rows(["a", "b", "c", "d"], [50_000, 20_000, 20_000, 1_000],
                 [100_000, 60_000, 60_000, 5_000], [800.0, 300.0, 300.0, 60.0])
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    order = np.array([0, 1, 2, 3])
    proposed = propose_set(brief, feats, scores, order, fit_power=1.0, headroom=0.0)
    assert proposed is not None
    # a alone: 0.9 * 50k = 45k for 800; b + c: 0.8 * 20k + 0.7 * 20k = 30k for 600;
    # a + d: 45k + 0.6k = 45.6k for 860 -- the optimum of at most two within 1000
    assert proposed.creator_ids == ["a", "d"]
    assert proposed.total_cost_eur == 860.0
    assert proposed.expected_reach == 51_000.0
    assert proposed.objective == pytest.approx(45_600.0)
    assert proposed.budget_eur == 1000.0 and proposed.planned_eur == 1000.0
    assert proposed.creators_wanted == 2
    assert proposed.considered == 4
    # the baseline walks the ranking: a (800), then b (300) no longer fits, c neither, d fits
    assert proposed.top_k.creator_ids == ["a", "d"]
    assert propose_set(Brief(text="x"), feats, scores, order) is None


def test_propose_set_defaults_keep_headroom_and_favour_fit() -> None:
    brief = Brief(text="x", budget={"total": 1000, "currency": "EUR"}, creators_wanted=2)
    feats = rows(["a", "b", "c", "d"], [50_000, 20_000, 20_000, 1_000],
                 [100_000, 60_000, 60_000, 5_000], [800.0, 300.0, 300.0, 60.0])
    proposed = propose_set(brief, feats, np.array([0.9, 0.8, 0.7, 0.6]), np.arange(4))
    assert proposed is not None
    assert proposed.planned_eur == pytest.approx(1000 * (1 - HEADROOM))
    # planned 700: a (800) no longer fits; b + c (0.8^4 * 20k + 0.7^4 * 20k = 13.0k for 600)
    # beat b + d (8.3k) -- fit^4 keeps a big but weaker match from buying its way in
    assert FIT_POWER == 4.0 and HEADROOM == 0.3
    assert proposed.creator_ids == ["b", "c"] and proposed.total_cost_eur == 600.0
    assert proposed.objective == pytest.approx(0.8 ** 4 * 20_000 + 0.7 ** 4 * 20_000, abs=0.01)
    assert proposed.objective >= proposed.top_k.objective


def test_proposal_is_never_worth_less_than_top_k() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(2, 30))
        feats = rows([f"c{i}" for i in range(n)], rng.uniform(100, 1e5, n).tolist(),
                     rng.uniform(1e3, 3e5, n).tolist(),
                     np.round(rng.uniform(40, 3000, n), 2).tolist())
        scores = np.sort(rng.uniform(0, 1, n))[::-1]
        brief = Brief(text="x", budget={"total": float(rng.uniform(100, 8000))},
                      creators_wanted=int(rng.integers(1, 12)))
        proposed = propose_set(brief, feats, scores, np.arange(n))
        assert proposed is not None
        assert proposed.objective >= proposed.top_k.objective
        assert proposed.total_cost_eur <= proposed.planned_eur + 1e-6
        assert len(proposed.creator_ids) <= brief.creators_wanted


def test_propose_set_considers_only_the_best_pool() -> None:
    n = POOL + 5
    feats = rows([f"c{i:03d}" for i in range(n)], [1000.0] * n, [5000.0] * n, [10.0] * n)
    scores = np.linspace(1.0, 0.1, n)
    order = np.arange(n)[::-1]  # an order that puts the best-scoring rows last
    brief = Brief(text="x", budget={"total": 10_000}, creators_wanted=3)
    proposed = propose_set(brief, feats, scores, order)
    assert proposed is not None and proposed.considered == POOL
    # rows 0-4 are outside the pool; the best three inside it, listed in the order's sequence
    assert proposed.creator_ids == ["c007", "c006", "c005"]
