"""Credibility, growth and recency through ``scout match`` / ``scout search``, on a real index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import creator_record, post, write_jsonl

from scout.cli import main

GROWING = [{"date": "2026-07-01", "followers": 40_000, "avg_views": 15_000},
           {"date": "2026-09-01", "followers": 46_000, "avg_views": 18_000},
           {"date": "2026-10-01", "followers": 50_000, "avg_views": 20_000}]
BOUGHT = [{"date": "2026-09-01", "followers": 10_000, "avg_views": 20_000},
          {"date": "2026-09-15", "followers": 50_000, "avg_views": 20_000},
          {"date": "2026-10-01", "followers": 50_000, "avg_views": 20_000}]
CORPUS = [
    creator_record("honest", history=GROWING,
                   content=[post("h1", "Vegan ramen in 15 minutes", views=20_000, likes=1_000,
                                 posted_at="2026-10-25T12:00:00Z")]),
    creator_record("bought", history=BOUGHT,
                   content=[post("b1", "Vegan tofu ramen bowl", views=20_000, likes=1_000,
                                 posted_at="2026-10-25T12:00:00Z")]),
    creator_record("quiet", content=[post("q1", "Vegan curry night", views=20_000, likes=1_000,
                                          posted_at="2025-01-10T12:00:00Z")]),
]


@pytest.fixture
def data_dir(make_engine: Any, tmp_path: Path) -> Path:
    engine = make_engine("cli")
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", CORPUS)])
    engine.close()
    return tmp_path / "cli"


def _match(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
           **brief: Any) -> dict[str, Any]:
    path = tmp_path / "brief.json"
    path.write_text(json.dumps({"text": "vegan ramen", **brief}))
    assert main(["match", str(path), "--data-dir", str(data_dir), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_match_shows_credibility_and_growth(data_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    body = _match(data_dir, tmp_path, capsys)
    by_id = {r["creator_id"]: r for r in body["results"]}
    bought = by_id["bought"]["creator"]
    assert bought["credibility"]["score"] == pytest.approx(0.4)
    assert [r["code"] for r in bought["credibility"]["reasons"]] == ["follower_spike"]
    assert any(line.startswith("Credibility 0.40: Followers jumped +400%")
               for line in by_id["bought"]["reasons"])
    honest = by_id["honest"]["creator"]
    assert honest["credibility"] == {"score": 1.0, "reasons": []}
    assert honest["follower_growth_30d"] == pytest.approx((50 / 46) ** (30 / 30) - 1, abs=1e-4)
    assert honest["follower_growth_90d"] == pytest.approx((50 / 40) ** (90 / 92) - 1, abs=1e-4)
    assert by_id["quiet"]["creator"]["follower_growth_30d"] is None
    assert "credibility" not in body["weights"] and "growth" not in body["weights"]  # off


def test_filters_keep_unknowns_out(data_dir: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    ids = lambda body: sorted(r["creator_id"] for r in body["results"])  # noqa: E731
    assert ids(_match(data_dir, tmp_path, capsys, min_credibility=0.5)) == ["honest", "quiet"]
    # quiet has no history: its growth is unknown, never zero, and never passes
    assert ids(_match(data_dir, tmp_path, capsys, min_follower_growth_30d=-0.5)) == [
        "bought", "honest"]
    # bought's history is too short for 90 days (unknown); its 30 days hold the purchase
    assert ids(_match(data_dir, tmp_path, capsys, min_follower_growth_90d=0.2)) == ["honest"]
    assert ids(_match(data_dir, tmp_path, capsys, min_follower_growth_30d=1.0)) == ["bought"]
    recent = _match(data_dir, tmp_path, capsys, max_days_since_last_post=365 * 5)
    assert ids(recent) == ["bought", "honest", "quiet"]


def test_signals_on_by_weight(data_dir: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    body = _match(data_dir, tmp_path, capsys, weights={"credibility": 1.0, "growth": 0.5})
    signals = {r["creator_id"]: r["signals"] for r in body["results"]}
    assert signals["bought"]["credibility"] == pytest.approx(0.4)
    assert signals["honest"]["credibility"] == 1.0
    assert signals["quiet"]["growth"] == 0.25  # unknown: never better than average
    assert signals["honest"]["growth"] > 0.5 > signals["bought"]["growth"] - 0.2
    order = [r["creator_id"] for r in body["results"]]
    assert order.index("honest") < order.index("bought")


def test_table_and_search_filters(data_dir: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "brief.json"
    path.write_text(json.dumps({"text": "vegan ramen"}))
    assert main(["match", str(path), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert " cred " in out.splitlines()[0] and " 0.40 " in out
    assert main(["search", "ramen", "--data-dir", str(data_dir), "--format", "json",
                 "--filter", "min_credibility=0.9"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert sorted(r["creator_id"] for r in found["results"]) == ["honest", "quiet"]
    assert main(["search", "ramen", "--data-dir", str(data_dir),
                 "--filter", "min_credibility=7"]) == 1
    assert "min_credibility" in capsys.readouterr().err
