"""Diversity: MMR on hand-made similarities, then through ``Ranker.match`` with the real model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from conftest import creator_record, post, write_jsonl

from indexer.embedder import Embedder
from ranker.diversity import POOL, content_similarity, creator_vectors, diversify, mmr
from schemas import Brief
from scout.config import load_config
from scout.engine import Engine

NOW = datetime(2026, 11, 1, tzinfo=UTC).timestamp()


def test_mmr_with_diversity_zero_is_the_given_order() -> None:
    rel = np.array([0.9, 0.8, 0.8, 0.5, 0.1])
    sim = np.ones((5, 5))
    order, _, _ = mmr(rel, sim, 0.0)
    assert order.tolist() == [0, 1, 2, 3, 4]  # ties keep the given (score, id) order


def test_mmr_pushes_a_near_duplicate_down() -> None:
    # 0 and 1 are near-copies; 2 is a little less relevant but different
    rel = np.array([0.90, 0.89, 0.80])
    sim = np.array([[1.0, 0.95, 0.2],
                    [0.95, 1.0, 0.2],
                    [0.2, 0.2, 1.0]])
    assert mmr(rel, sim, 0.0)[0].tolist() == [0, 1, 2]
    order, worst, near = mmr(rel, sim, 0.5)
    # step 2: 1 -> .5*.89 - .5*.95 = -.03; 2 -> .5*.80 - .5*.2 = .30
    assert order.tolist() == [0, 2, 1]
    assert worst.tolist() == [0.0, 0.2, 0.95] and near.tolist() == [-1, 0, 0]
    # a small diversity is not enough to give up .09 of score for this near-copy
    assert mmr(rel, sim, 0.05)[0].tolist() == [0, 1, 2]


def test_mmr_at_full_diversity_only_avoids_redundancy() -> None:
    rel = np.array([0.9, 0.1, 0.5])
    sim = np.array([[1.0, 0.0, 0.9], [0.0, 1.0, 0.3], [0.9, 0.3, 1.0]])
    assert mmr(rel, sim, 1.0)[0].tolist() == [0, 1, 2]


def test_content_similarity_is_clipped_cosine() -> None:
    v = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, 0.0]])
    s = content_similarity(v)
    assert s[0, 1] == 0.0 and s[0, 2] == 0.0 and s[0, 0] == 1.0 and s[3, 3] == 0.0


PROTEIN = ["Honest taste test: five protein bars ranked after the gym",
           "High-protein snack ideas for leg day", "Which protein bar is worth the money?"]
DE = {"countries": {"DE": 0.8, "AT": 0.1}, "age": {"18-24": 0.5, "25-34": 0.3},
      "gender": {"female": 0.5, "male": 0.5}}
US = {"countries": {"US": 0.7, "CA": 0.2}, "age": {"35-44": 0.5, "45-54": 0.3},
      "gender": {"female": 0.2, "male": 0.8}}


def posts(prefix: str, captions: list[str], views: int = 20_000, likes: int = 2_000
          ) -> list[dict[str, Any]]:
    return [post(f"{prefix}{n}", c, views=views, likes=likes, hashtags=["protein"],
                 posted_at=f"2026-10-{10 + n:02d}T12:00:00Z") for n, c in enumerate(captions)]


CORPUS: list[dict[str, Any]] = [
    # a creator and its near-copy: same bio, same posts, same audience
    creator_record("twin_a", bio="Gym snacks and honest protein bar reviews",
                   categories=["fitness", "food"], audience=DE, content=posts("ta", PROTEIN)),
    creator_record("twin_b", bio="Gym snacks and honest protein bar reviews",
                   categories=["fitness", "food"], audience=DE,
                   content=posts("tb", PROTEIN, likes=1_990)),
    # relevant, but with other content and another audience
    creator_record("runner", bio="Marathon training and race-day fuel", country="US",
                   languages=["en"], categories=["fitness"], audience=US,
                   content=posts("ru", ["Energy bars I eat on long runs",
                                        "Fueling a marathon: gels versus bars"])),
    creator_record("baker", bio="Sourdough and cakes", categories=["food"], audience=DE,
                   content=posts("ba", ["Chocolate cake without sugar"], likes=900)),
    creator_record("gamer", bio="Speedruns", categories=["gaming"], audience=US,
                   content=posts("ga", ["Beating the final boss in an hour"], likes=900)),
]
TEXT = "Launching a protein bar; want honest taste tests from fitness creators"


@pytest.fixture(scope="module")
def engine(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    data = tmp_path_factory.mktemp("diversity")
    eng = Engine(load_config(data_dir=data / "index", show_progress=False), embedder=embedder)
    eng.index_paths([write_jsonl(data / "creators.jsonl", CORPUS)])
    yield eng
    eng.close()


def match(engine: Engine, **fields: Any) -> Any:
    return engine.match(Brief.model_validate({"text": TEXT, "limit": 10, **fields}), now=NOW)


def ranking(response: Any) -> list[tuple[str, float]]:
    return [(r.creator_id, r.score) for r in response.results]


def test_diversity_zero_is_todays_ranking_exactly(engine: Engine) -> None:
    plain = match(engine)
    zero = match(engine, diversity=0.0)
    assert ranking(zero) == ranking(plain)
    assert [r.model_dump() for r in zero.results] == [r.model_dump() for r in plain.results]
    assert all(r.redundancy is None and r.redundant_with is None for r in zero.results)
    assert [r.score for r in plain.results] == sorted((r.score for r in plain.results),
                                                      reverse=True)


def test_high_diversity_pushes_the_near_copy_below_a_different_creator(engine: Engine) -> None:
    plain = [cid for cid, _ in ranking(match(engine))]
    assert plain[:3] == ["twin_a", "twin_b", "runner"] or plain[:3] == ["twin_b", "twin_a",
                                                                         "runner"]
    diverse = match(engine, diversity=0.5)
    ids = [r.creator_id for r in diverse.results]
    assert ids[0] == plain[0]  # the best match still leads
    assert ids[1] == "runner"  # the different creator now comes before the copy
    copy = next(r for r in diverse.results if r.creator_id == plain[1])
    assert copy.redundant_with == plain[0] and copy.redundancy is not None
    assert copy.redundancy > 0.9
    # scores are untouched and still add up; only the order changed
    before = dict(ranking(match(engine)))
    for r in diverse.results:
        assert r.score == before[r.creator_id]
        assert abs(sum(r.breakdown.values()) - r.score) < 1e-6
    assert sorted(ids) == sorted(plain)


def test_pages_of_a_diversified_ranking_join_up(engine: Engine) -> None:
    whole = [r.creator_id for r in match(engine, diversity=0.5).results]
    first = match(engine, diversity=0.5, limit=2)
    second = engine.match(Brief.model_validate({"text": TEXT, "limit": 10, "diversity": 0.5,
                                                "cursor": first.next_cursor}), now=NOW)
    assert [r.creator_id for r in first.results + second.results] == whole


def test_diversify_keeps_positions_beyond_the_pool(engine: Engine) -> None:
    n = POOL + 3
    ids = [f"c{i}" for i in range(n)]  # unknown to the stores: no vectors, no audience
    order = np.arange(n)
    scores = np.linspace(1.0, 0.0, n)
    out = diversify(engine.backend, ids, scores, order, [None] * n, 0.9)
    assert out.order[POOL:].tolist() == list(range(POOL, n))
    assert sorted(out.order[:POOL].tolist()) == list(range(POOL))


def test_creator_vectors_are_unit_and_twins_are_alike(engine: Engine) -> None:
    v = creator_vectors(engine.backend, ["twin_a", "twin_b", "gamer", "nobody"])
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0) and not v[3].any()
    sims = content_similarity(v)
    assert sims[0, 1] > 0.99 and sims[0, 2] < sims[0, 1]


def test_brief_diversity_is_a_fraction() -> None:
    assert Brief(text="x").diversity == 0.0
    with pytest.raises(ValueError):
        Brief(text="x", diversity=1.5)


def test_match_proposes_a_set_within_the_budget(engine: Engine) -> None:
    resp = match(engine, budget={"total": 800, "currency": "EUR"}, creators_wanted=2)
    proposed = resp.proposed_set
    assert proposed is not None
    assert 0 < len(proposed.creator_ids) <= 2 and proposed.total_cost_eur <= 800
    assert proposed.objective >= proposed.top_k.objective
    costs = {r.creator_id: r.creator.estimated_cost_eur for r in resp.results}
    assert proposed.total_cost_eur == pytest.approx(sum(costs[c] for c in proposed.creator_ids))
    assert match(engine).proposed_set is None
