"""The embedded and OpenSearch backends rank alike: same corpus, same briefs, same top 10.

The corpus is the deterministic sample (``indexer.sample_data``), indexed into the
embedded backend (SQLite + FAISS), OpenSearch + FAISS and OpenSearch + k-NN with the
real model. Two ranker configurations are compared:

* ``default``: what ``/v1/match`` runs. On a corpus this size every creator that
  passes the filters is scored exactly, so only BM25 (Lucene vs FTS5) can differ.
* ``retrieval``: candidates come from the retrievers alone (25 per retriever, the
  score-everyone shortcut off, vector searches through the ANN index), so the HNSW
  graph of k-NN and Lucene's BM25 top-k also decide who is scored.

The figures are printed (``pytest -s``) and recorded in docs/opensearch.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest

from indexer.embedder import Embedder
from indexer.sample_data import write_sample_data
from ranker.ranker import Ranker, RankerSettings
from schemas import Brief
from scout.config import load_config
from scout.engine import Engine

pytestmark = [pytest.mark.opensearch, pytest.mark.slow]

CREATORS = 400
SEED = 42
NOW = 1_793_000_000.0  # a fixed "now" (Oct 2026): recency is the same on every backend
TOP = 10
#: Mean shared creators in the top 10 that every OpenSearch backend must reach.
MIN_MEAN_OVERLAP = 8.0

BRIEFS: list[dict[str, Any]] = [
    {"text": "Launching a plant-based protein bar for gym-goers; want honest taste tests",
     "objective": "conversions", "categories": ["fitness", "food"]},
    {"text": "Quick vegan weeknight recipes for a German-speaking audience",
     "countries": ["DE", "AT", "CH"], "languages": ["de"]},
    {"text": "A mechanical keyboard for PC gamers who stream",
     "categories": ["gaming", "tech"], "followers": {"min": 10_000}},
    {"text": "Fragrance-free moisturiser for sensitive skin",
     "audience": {"gender": "female", "age": ["18-24", "25-34"]}},
    {"text": "Lightweight backpack for budget weekend city trips",
     "min_engagement_rate": 0.02},
    {"text": "A budgeting app that helps students save money", "objective": "consideration",
     "budget": {"total": 5_000, "currency": "EUR"}, "creators_wanted": 5},
    {"text": "Dog food for active breeds and outdoor adventures"},
]
KINDS: dict[str, dict[str, Any]] = {
    "embedded": {},
    "opensearch+faiss": {"backend": "opensearch", "vector_index": "faiss"},
    "opensearch+knn": {"backend": "opensearch", "vector_index": "opensearch"},
}
CONFIGS: dict[str, RankerSettings | None] = {
    "default": None,
    "retrieval": RankerSettings(score_all_threshold=0, candidates_per_retriever=25),
}


class Agreement(NamedTuple):
    mean_overlap: float
    min_overlap: int
    same_order: int  # briefs whose top 10 came in exactly the same order
    max_score_diff: float  # over creators in both top 10s


def top(ranker: Ranker, brief: Brief) -> list[tuple[str, float]]:
    return [(r.creator_id, r.score) for r in ranker.match(brief, now=NOW).results]


def agreement(ref: list[list[tuple[str, float]]],
              other: list[list[tuple[str, float]]]) -> Agreement:
    overlaps, same, diff = [], 0, 0.0
    for a, b in zip(ref, other, strict=True):
        ids_a, ids_b = [c for c, _ in a], [c for c, _ in b]
        overlaps.append(len(set(ids_a) & set(ids_b)))
        same += ids_a == ids_b
        scores_b = dict(b)
        diff = max([diff, *(abs(s - scores_b[c]) for c, s in a if c in scores_b)])
    return Agreement(sum(overlaps) / len(overlaps), min(overlaps), same, diff)


def test_backends_agree_on_the_top_10(tmp_path: Path, embedder: Embedder, opensearch_url: str,
                                      opensearch_prefix: str) -> None:
    corpus = write_sample_data(tmp_path / "sample", CREATORS, SEED)["creators"]
    briefs = [Brief.model_validate({**b, "limit": TOP}) for b in BRIEFS]
    engines: dict[str, Engine] = {}
    try:
        for kind, settings in KINDS.items():
            config = load_config(
                data_dir=tmp_path / kind, show_progress=False, exact_threshold=0,
                opensearch_url=opensearch_url,
                opensearch_index_prefix=f"{opensearch_prefix}-{kind.split('+')[-1]}",
                **settings)
            engines[kind] = Engine(config, embedder=embedder)
            assert engines[kind].index_paths([corpus]).indexed == CREATORS
        results: dict[tuple[str, str], list[list[tuple[str, float]]]] = {}
        for name, settings in CONFIGS.items():
            for kind, engine in engines.items():
                ranker = engine.ranker if settings is None else Ranker(
                    engine.backend, embedder.encode_one, settings)
                results[name, kind] = [top(ranker, brief) for brief in briefs]
    finally:
        for engine in engines.values():
            engine.close()

    print(f"\nTop-{TOP} agreement with the embedded backend: {CREATORS} sample creators "
          f"(seed {SEED}), {len(briefs)} briefs")
    print(f"{'ranker':<10} {'backend':<17} {'mean shared':>11} {'min':>4} "
          f"{'same order':>10} {'max |score diff|':>16}")
    found: dict[tuple[str, str], Agreement] = {}
    for name in CONFIGS:
        reference = results[name, "embedded"]
        assert all(len(r) == TOP for r in reference), "every brief should fill a top 10"
        for kind in KINDS:
            if kind == "embedded":
                continue
            found[name, kind] = got = agreement(reference, results[name, kind])
            print(f"{name:<10} {kind:<17} {got.mean_overlap:>8.2f}/10 {got.min_overlap:>4} "
                  f"{got.same_order:>6}/{len(briefs)} {got.max_score_diff:>16.4f}")
    for (name, kind), got in found.items():
        assert got.mean_overlap >= MIN_MEAN_OVERLAP, (name, kind, got)
