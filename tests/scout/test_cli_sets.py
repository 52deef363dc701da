"""``scout overlap`` and the proposed set in ``scout match``, in process, on a real index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import creator_record, post, write_jsonl

from scout.cli import main

DE = {"countries": {"DE": 0.8}, "age": {"18-24": 1.0}, "gender": {"female": 0.5, "male": 0.5}}
CORPUS = [
    creator_record("cook_a", audience=DE, content=[post("a1", "Vegan ramen in 15 minutes")],
                   audience_sample={"ids": ["u1", "u2", "u3"]}),
    creator_record("cook_b", audience=DE, content=[post("b1", "Tofu stir fry for two")],
                   audience_sample={"ids": ["u1", "u2", "u3", "u4"]}),
    creator_record("gamer", country="FR", content=[post("g1", "Speedrun of a retro game")]),
]


@pytest.fixture
def data_dir(make_engine: Any, tmp_path: Path) -> Path:
    engine = make_engine("cli")
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", CORPUS)])
    engine.close()
    return tmp_path / "cli"


def test_overlap_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["overlap", "cook_a", "cook_b", "gamer", "--data-dir", str(data_dir),
                 "--format", "json"])
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert body["ids"] == ["cook_a", "cook_b", "gamer"]
    assert body["matrix"][0][1] == 1.0  # all of cook_a's three commenters also comment on b
    assert body["pairs"][0]["basis"] == "sample"
    assert {p["basis"] for p in body["pairs"][1:]} == {"none"}  # the gamer has no audience


def test_overlap_table_and_errors(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["overlap", "cook_a", "cook_b", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "cook_a ~ cook_b: 1.00 (sample)" in out
    assert main(["overlap", "cook_a", "--data-dir", str(data_dir)]) == 1
    assert "[ids]" in capsys.readouterr().err
    assert main(["overlap", "cook_a", "ghost", "--data-dir", str(data_dir)]) == 1
    assert "ghost" in capsys.readouterr().err


def test_match_table_shows_the_proposed_set(data_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps({"text": "vegan dinners", "budget": {"total": 1000},
                                 "creators_wanted": 2, "diversity": 0.2}))
    assert main(["match", str(brief), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "proposed set within EUR 1,000:" in out
    assert "top of the ranking within budget" in out
