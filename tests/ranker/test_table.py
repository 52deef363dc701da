"""Signal tables re-rank exactly like ``Ranker.match`` (what weight tuning relies on)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.outcomes import simulate_outcomes
from indexer.sample_data import REFERENCE_DATE, generate
from ranker.outcomes import OutcomeLog
from ranker.ranker import Ranker, RankerSettings
from ranker.table import signal_table
from schemas import Brief, Creator

NOW = REFERENCE_DATE.timestamp()
BRIEFS = [
    Brief(text="quick vegan dinners with tofu", limit=15),
    Brief(text="gym workouts and protein", objective="conversions",
          budget={"total": 3_000}, audience={"countries": ["US"]}, limit=15),
    Brief(text="makeup tutorials", brand_safety="strict", countries=["US", "GB", "DE"],
          limit=15),
]


@pytest.mark.slow
@pytest.mark.parametrize("weights", [None, {"lexical": 0.5, "engagement": 0.0},
                                     {"content_similarity": 1.0, "audience_fit": 0.0},
                                     {"past_performance": 0.2}])
def test_table_rank_equals_match(make_engine: Any, tmp_path: Path,
                                 weights: dict[str, float] | None) -> None:
    path = tmp_path / "creators.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r, _ in generate(40, 2)))
    engine = make_engine()
    engine.index_paths([path])
    creators, latent = zip(*generate(40, 2), strict=True)
    outcomes = OutcomeLog(simulate_outcomes(
        [Creator.model_validate(c) for c in creators],
        {c["id"]: t for c, t in zip(creators, latent, strict=True)}, 2) * 3)
    ranker = Ranker(engine.backend, engine.embedder.encode_one,
                    RankerSettings(weights=weights, outcomes=outcomes))
    for brief in BRIEFS:
        expected = [(r.creator_id, r.score) for r in ranker.match(brief, now=NOW).results]
        table = signal_table(ranker, brief, now=NOW)
        got = table.rank(weights, brief.limit)
        assert [c for c, _ in got] == [c for c, _ in expected]
        assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=2e-6)
