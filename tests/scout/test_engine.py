"""The engine wiring: index metadata, freshness across processes, lookups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import creator_record, post, write_jsonl

from schemas import Brief
from scout.errors import ConfigError, NotFound

RECORDS = [creator_record("a", bio="Vegan recipes", content=[post("a1", "Tofu ramen")]),
           creator_record("b", bio="Gym workouts", content=[post("b1", "Leg day")])]


def test_index_metadata_records_the_model(make_engine: Any) -> None:
    engine = make_engine("idx")
    meta = json.loads((engine.config.data_dir / "index.json").read_text())
    assert meta["model_key"] == engine.embedder.model_key
    assert meta["dim"] == 384 and meta["backend"] == "embedded"


def test_index_built_with_another_model_is_refused(make_engine: Any) -> None:
    engine = make_engine("idx")
    path = engine.config.data_dir / "index.json"
    engine.close()
    meta = json.loads(path.read_text())
    path.write_text(json.dumps({**meta, "model_key": "0" * 16, "model": "other-model"}))
    with pytest.raises(ConfigError) as info:
        make_engine("idx")
    assert info.value.field == "model" and "other-model" in info.value.message


def test_second_engine_sees_writes_after_refresh(make_engine: Any, tmp_path: Path) -> None:
    reader = make_engine("shared")
    writer = make_engine("shared")
    writer.index_paths([write_jsonl(tmp_path / "c.jsonl", RECORDS)])
    reader.refresh(max_age_s=0)
    assert reader.backend.profiles.count() == 2 and reader.backend.content.count() == 2
    top = reader.match(Brief(text="vegan ramen recipe"))
    assert top.results[0].creator_id == "a"
    writer.delete(["a"])
    reader.refresh(max_age_s=0)
    assert reader.backend.profiles.vectors("a") == {}
    assert [r.creator_id for r in reader.match(Brief(text="vegan ramen recipe")).results] == ["b"]


def test_get_creator_and_health(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", RECORDS)])
    creator, shown = engine.get_creator("a")
    assert creator.bio == "Vegan recipes" and shown.id == "a" and shown.content_count == 1
    with pytest.raises(NotFound) as info:
        engine.get_creator("zzz")
    assert info.value.field == "creator_id" and info.value.status == 404
    health = engine.health()
    assert health["status"] == "ok" and health["creators"] == 2
    assert health["profile_vectors"] == 2


def test_closing_an_engine_keeps_a_shared_embedder_usable(make_engine: Any) -> None:
    engine = make_engine()
    embedder = engine.embedder
    engine.close()
    assert embedder.encode(["still works"]).shape == (1, 384)


def test_an_outcomes_file_feeds_past_performance_on_the_cli(make_engine: Any, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    from scout.cli import main

    # alike in all but outcomes
    corpus = [creator_record("b_good", bio="Vegan baking", content=[post("g", "vegan cake")]),
              creator_record("a_poor", bio="Vegan baking", content=[post("p", "vegan cake")])]
    outcomes = [{"creator_id": "b_good", "clicks": 1000, "conversions": 60}] * 10 + \
        [{"creator_id": "a_poor", "clicks": 1000, "conversions": 2}] * 10
    write_jsonl(tmp_path / "outcomes.jsonl", outcomes)
    engine = make_engine("outcomes", outcomes=str(tmp_path / "outcomes.jsonl"))
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", corpus)])
    off = engine.match(Brief(text="vegan cake"))
    assert "past_performance" not in off.weights  # off unless asked for
    before = {r.creator_id: r.score for r in off.results}
    on = engine.match(Brief(text="vegan cake", weights={"past_performance": 0.2}))
    after = {r.creator_id: r.score for r in on.results}
    assert after["b_good"] - after["a_poor"] > before["b_good"] - before["a_poor"] + 0.03
    assert "Past results: 10 past campaigns, 6.0% conversion (your average 3.1%)" in \
        on.results[0].reasons
    data_dir = str(engine.config.data_dir)
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps({"text": "vegan cake", "weights": {"past_performance": 0.2}}))
    assert main(["match", str(brief), "--data-dir", data_dir, "--format", "json",
                 "--outcomes", str(tmp_path / "outcomes.jsonl")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["results"][0]["signals"]["past_performance"] > 0.5
    missing = tmp_path / "none.jsonl"
    assert main(["match", str(brief), "--data-dir", data_dir, "--outcomes", str(missing)]) == 1
    assert "outcomes" in capsys.readouterr().err


@pytest.mark.slow
def test_onnx_queries_over_a_torch_index_rank_alike(make_engine: Any, tmp_path: Path,
                                                     onnx_cache: Path) -> None:
    """By default (``auto``) briefs are embedded with ONNX Runtime over an index PyTorch
    built: the same vectors as ``torch`` queries, so the same creators in the same order."""
    from indexer.sample_data import iter_generate

    records = [record for record, _ in iter_generate(150, 7)]
    built = make_engine("shared", query_embedding_backend="torch")
    built.index_paths([write_jsonl(tmp_path / "c.jsonl", records)])
    assert built.query_embedder is built.embedder
    fast = make_engine("shared")
    assert fast.query_embedder.backend == "onnx" and fast.embedder.backend == "torch"
    # engines sharing an indexing embedder share its query embedder: one ONNX session
    assert make_engine("shared").query_embedder is fast.query_embedder
    texts = ["plant-based protein bar taste test", "budget gaming headset review",
             "sensitive skin morning routine", "marathon training for beginners"]
    for text in texts:
        assert float(fast.encode(text) @ built.encode(text)) > 0.9999
        brief = Brief(text=text, limit=10)
        want, got = built.match(brief).results, fast.match(brief).results
        assert [r.creator_id for r in got] == [r.creator_id for r in want], text
        assert all(abs(g.score - w.score) < 1e-3 for g, w in zip(got, want, strict=True))


@pytest.mark.slow
def test_auto_queries_fall_back_to_the_index_backend_when_onnx_cannot_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``auto`` never costs a working engine its searches: an ONNX model that cannot be
    exported (here its cache folder cannot be made: a file is in the way) means queries
    are embedded as the index is, with a warning. Asked for by name, ONNX fails loudly."""
    from scout.config import Config
    from scout.engine import Engine

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the ONNX cache should be")
    monkeypatch.setenv("SCOUT_ONNX_CACHE", str(blocked))
    engine = Engine(Config(data_dir=tmp_path / "idx", show_progress=False))
    try:
        engine.index_paths([write_jsonl(tmp_path / "c.jsonl", RECORDS)])
        assert engine.query_embedder.backend == "onnx"
        with caplog.at_level("WARNING", logger="scout.engine"):
            found = engine.match(Brief(text="vegan cooking", limit=2)).results
        assert engine.query_embedder is engine.embedder
        assert found[0].creator_id == "a"
        assert any("could not load the model" in r.getMessage() for r in caplog.records)
    finally:
        engine.close()
    named = Engine(Config(data_dir=tmp_path / "idx", show_progress=False,
                          query_embedding_backend="onnx"))
    try:
        with pytest.raises(OSError):
            named.encode("vegan cooking")
    finally:
        named.close()
