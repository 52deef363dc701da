"""``scout match`` with competitors and a confidence minimum, in process, on a real index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import creator_record, post, write_jsonl

from scout.cli import main

AUDIENCE = {"countries": {"DE": 0.8}}
POSTS = [post(f"p{n}", "Vegan ramen in 15 minutes") for n in range(5)]
CORPUS = [
    creator_record("cook_rival", audience=AUDIENCE, updated_at="2026-11-01T00:00:00Z",
                   content=[{**p, "id": f"r{n}"} for n, p in enumerate(POSTS)],
                   brand_collaborations=[{"brand": "Green Bowl", "category": "food"}]),
    creator_record("cook_clean", audience=AUDIENCE, updated_at="2026-11-01T00:00:00Z",
                   content=[{**p, "id": f"c{n}"} for n, p in enumerate(POSTS)]),
    creator_record("cook_sparse", content=[post("s1", "Tofu stir fry for two")]),
]


@pytest.fixture
def data_dir(make_engine: Any, tmp_path: Path) -> Path:
    engine = make_engine("cli")
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", CORPUS)])
    engine.close()
    return tmp_path / "cli"


def run(data_dir: Path, tmp_path: Path, brief: dict[str, Any], *extra: str) -> int:
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(brief))
    return main(["match", str(path), "--data-dir", str(data_dir), *extra])


def test_match_table_shows_confidence_and_held_back_competitors(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = {"text": "vegan dinners", "competitors": {"brands": ["GREENBOWL"]}}
    assert run(data_dir, tmp_path, brief) == 0
    out = capsys.readouterr().out
    assert "cook_rival" not in out and "cook_clean" in out
    assert "held back: 1 (competitor:greenbowl 1)" in out
    assert " data " in out.splitlines()[0]
    assert run(data_dir, tmp_path, {**brief, "min_confidence": "high"}, "--format",
               "json") == 0
    body = json.loads(capsys.readouterr().out)
    assert [r["creator_id"] for r in body["results"]] == ["cook_clean"]
    assert body["results"][0]["creator"]["confidence"]["level"] == "high"


def test_a_bad_competitor_brief_names_the_field(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_dir, tmp_path, {"text": "x", "competitors": {"mode": "penalise"}}) == 1
    assert "competitors" in capsys.readouterr().err
