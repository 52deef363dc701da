"""Past collaborations (competitor exclusion / penalty, category experience) and data
confidence through the ranker, end to end on a small corpus with the real model."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import creator_record, drop_opensearch_indices, post, write_jsonl

from indexer.embedder import Embedder
from schemas import Brief
from scout.config import load_config
from scout.engine import Engine

NOW = datetime(2026, 11, 1, tzinfo=UTC).timestamp()
RECENT = "2026-10-25T00:00:00Z"
CAPTIONS = ["Honest taste test of five protein bars", "High-protein snacks after the gym",
            "Which protein bar is worth it", "Meal prep for leg day", "Gym snack haul",
            "Protein pancakes"]
AUDIENCE = {"countries": {"DE": 0.7}, "age": {"18-24": 0.5}, "gender": {"female": 0.5}}


def record(cid: str, *, collabs: list[dict[str, Any]] | None = None, n_posts: int = 6,
           audience: dict[str, Any] | None = AUDIENCE, updated_at: str | None = RECENT,
           **fields: Any) -> dict[str, Any]:
    out = creator_record(
        cid, categories=["fitness", "food"], bio="Gym snacks and honest food reviews",
        audience=audience, brand_collaborations=collabs or [],
        content=[post(f"{cid}-{n}", c) for n, c in enumerate(CAPTIONS[:n_posts])], **fields)
    if updated_at is not None:
        out["updated_at"] = updated_at
    return {k: v for k, v in out.items() if v is not None}


CORPUS = [
    record("oat_fan", collabs=[{"brand": "OatCo", "category": "food", "date": "2026-03-02"}]),
    record("oat_undated", collabs=[{"brand": "Oat Co"}]),
    record("oat_old", collabs=[{"brand": "oatco", "category": "food", "date": "2024-01-10"}]),
    record("bowl_fan", collabs=[{"brand": "GreenBowl", "category": "food",
                                 "date": "2026-05-01"}]),
    record("clean"),
    record("sparse", n_posts=2, audience=None),
    record("stale", updated_at="2025-06-01T00:00:00Z"),
    record("undated_record", updated_at=None),
]


@pytest.fixture(scope="module", params=[
    pytest.param("embedded", id="embedded"),
    pytest.param("opensearch", id="opensearch", marks=pytest.mark.opensearch)])
def engine(request: pytest.FixtureRequest, embedder: Embedder,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The corpus indexed once per backend (OpenSearch: documents and k-NN vectors)."""
    data = tmp_path_factory.mktemp("collab")
    settings: dict[str, Any] = {"data_dir": data / "index", "show_progress": False}
    prefix = f"scout-test-{uuid.uuid4().hex[:12]}"
    if request.param == "opensearch":
        url = request.getfixturevalue("opensearch_url")
        settings |= {"backend": "opensearch", "opensearch_url": url,
                     "vector_index": "opensearch", "opensearch_index_prefix": prefix}
    eng = Engine(load_config(**settings), embedder=embedder)
    try:
        eng.index_paths([write_jsonl(data / "creators.jsonl", CORPUS)])
        yield eng
    finally:
        eng.close()
        if request.param == "opensearch":
            drop_opensearch_indices(settings["opensearch_url"], prefix)


def match(engine: Engine, **fields: Any) -> Any:
    body = {"text": "Protein bar taste tests for gym-goers", "limit": 100, **fields}
    return engine.match(Brief.model_validate(body), now=NOW)


def ids(response: Any) -> set[str]:
    return {r.creator_id for r in response.results}


def test_competitors_within_the_window_or_undated_are_excluded_and_counted(
        engine: Engine) -> None:
    response = match(engine, competitors={"brands": ["OAT CO"], "window_days": 365})
    assert ids(response) == {c["id"] for c in CORPUS} - {"oat_fan", "oat_undated"}
    assert response.excluded is not None
    assert response.excluded.total == 2
    assert response.excluded.by_rule == {"competitor:oatco": 2}
    assert response.total == len(CORPUS) - 2
    # a longer window reaches the 2024 collaboration too
    longer = match(engine, competitors={"brands": ["oatco"], "window_days": 3_000})
    assert "oat_old" not in ids(longer)


def test_a_competitor_category_excludes_its_brands_creators(engine: Engine) -> None:
    response = match(engine, competitors={"categories": ["Food"]})
    # oat_undated's collaboration has no category; oat_old's is outside the window
    assert ids(response) == {c["id"] for c in CORPUS} - {"oat_fan", "bowl_fan"}
    assert response.excluded is not None
    assert response.excluded.by_rule == {"competitor-category:food": 2}


def test_penalise_mode_keeps_them_with_a_named_explained_penalty(engine: Engine) -> None:
    plain = {r.creator_id: r for r in match(engine).results}
    response = match(engine, competitors={"brands": ["OatCo"], "mode": "penalise",
                                          "penalty": 0.3})
    assert response.excluded is None
    got = {r.creator_id: r for r in response.results}
    assert set(got) == set(plain)
    for cid, result in got.items():
        assert result.score == pytest.approx(sum(result.breakdown.values()), abs=1e-5)
        if cid in ("oat_fan", "oat_undated"):
            assert result.breakdown["competitor"] == pytest.approx(-0.3)
            assert result.score == pytest.approx(plain[cid].score - 0.3, abs=1e-5)
            assert any("competitor" in line and "Oat" in line for line in result.reasons)
        else:
            assert "competitor" not in result.breakdown
            assert result.score == pytest.approx(plain[cid].score, abs=1e-5)


def test_category_experience_is_a_named_signal_with_a_reason(engine: Engine) -> None:
    assert "category_experience" not in match(engine, brand_category="food").weights  # off
    response = match(engine, brand_category="food", weights={"category_experience": 0.2})
    assert "category_experience" in response.weights
    got = {r.creator_id: r for r in response.results}
    for cid in ("oat_fan", "bowl_fan"):
        assert got[cid].signals["category_experience"] == 1.0
        assert any("Has worked with" in line for line in got[cid].reasons)
    # more than two years ago (Jan 2024), or uncategorised, or never: 0
    assert got["oat_old"].signals["category_experience"] == 0.0
    assert got["oat_undated"].signals["category_experience"] == 0.0
    assert got["clean"].signals["category_experience"] == 0.0
    assert got["bowl_fan"].score > got["clean"].score
    # without a brand category or categories the signal does not apply
    assert "category_experience" not in match(
        engine, weights={"category_experience": 0.2}).weights


def test_results_show_data_confidence_with_reasons(engine: Engine) -> None:
    got = {r.creator_id: r.creator.confidence for r in match(engine).results}
    assert got["clean"] is not None and got["clean"].level == "high"
    assert got["clean"].reasons == [] and got["clean"].data_age_days == pytest.approx(6.9, 0.1)
    assert got["sparse"].level == "medium"  # type: ignore[union-attr]
    assert got["sparse"].reasons == ["few_posts", "missing_audience"]  # type: ignore[union-attr]
    assert got["stale"].level == "low"  # type: ignore[union-attr]
    assert got["stale"].reasons == ["very_stale_data"]  # type: ignore[union-attr]
    assert got["undated_record"].reasons == ["no_update_date"]  # type: ignore[union-attr]
    _, summary = engine.get_creator("sparse")
    assert summary.confidence is not None and summary.confidence.level == "medium"


@pytest.mark.parametrize(("fields", "expected_out"), [
    ({"min_confidence": "high"}, {"sparse", "stale", "undated_record"}),
    ({"min_confidence": "medium"}, {"stale"}),
    ({"min_confidence": "low"}, set()),
    ({"max_data_age_days": 30}, {"stale", "undated_record"}),
    ({"max_data_age_days": 1_000}, {"undated_record"}),
])
def test_a_brief_can_require_confidence_and_fresh_data(engine: Engine, fields: dict[str, Any],
                                                       expected_out: set[str]) -> None:
    response = match(engine, **fields)
    assert ids(response) == {c["id"] for c in CORPUS} - expected_out
    if "min_confidence" in fields:
        order = ["low", "medium", "high"]
        for result in response.results:
            level = result.creator.confidence.level  # type: ignore[union-attr]
            assert order.index(level) >= order.index(fields["min_confidence"])
