"""Set-level metrics on hand-computed examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from eval.sets import alpha_dcg, alpha_ndcg, ideal_order, mean_pairwise, near_copies, nuggets
from indexer.sample_data import Latent
from schemas import Creator

COVERS = {"a": frozenset({"x", "y"}), "b": frozenset({"x"}), "c": frozenset({"z"})}


def test_alpha_dcg_by_hand() -> None:
    # rank 1: x, y new -> 2; rank 2: x seen once -> 0.5; rank 3: z new -> 1
    expected = 2 / math.log2(2) + 0.5 / math.log2(3) + 1 / math.log2(4)
    assert alpha_dcg(["a", "b", "c"], COVERS, alpha=0.5) == pytest.approx(expected)
    # alpha = 0 is plain DCG over nugget counts
    assert alpha_dcg(["a", "b", "c"], COVERS, alpha=0.0) == pytest.approx(
        2 + 1 / math.log2(3) + 1 / math.log2(4))


def test_ideal_prefers_novelty_and_alpha_ndcg_normalises() -> None:
    assert ideal_order(COVERS, k=3) == ["a", "c", "b"]
    ideal = 2 + 1 / math.log2(3) + 0.5 / math.log2(4)
    got = 2 + 0.5 / math.log2(3) + 1 / math.log2(4)
    assert alpha_ndcg(["a", "b", "c"], COVERS) == pytest.approx(got / ideal)
    assert alpha_ndcg(["a", "c", "b"], COVERS) == pytest.approx(1.0)
    assert alpha_ndcg(["q", "r"], COVERS) == 0.0  # nothing relevant retrieved
    assert alpha_ndcg(["a"], {}) == 0.0  # nothing relevant exists


def test_nuggets_and_near_copies() -> None:
    def creator(cid: str, country: str, followers: int) -> Creator:
        return Creator(id=cid, country=country, platform="tiktok", followers=followers)

    creators = {"a": creator("a", "DE", 50_000), "b": creator("b", "DE", 60_000),
                "c": creator("c", "FR", 50_000)}
    latent = {c: Latent(niche="yoga", quality=0.5, price_eur=100.0, inflated=False)
              for c in creators}
    assert nuggets(creators["a"], latent["a"]) == {"market:DE", "platform:tiktok",
                                                   "tier:micro", "angle:core"}
    # pairs ab (same niche, country, platform, tier), ac, bc -> 1 of 3
    assert near_copies(["a", "b", "c"], creators, latent) == pytest.approx(1 / 3)


def test_mean_pairwise_ignores_the_diagonal() -> None:
    m = np.array([[1.0, 0.2, 0.4], [0.2, 1.0, 0.6], [0.4, 0.6, 1.0]])
    assert mean_pairwise(m) == pytest.approx(0.4)
    assert mean_pairwise(np.ones((1, 1))) == 0.0
