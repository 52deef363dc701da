"""The committed JSON Schema files must match the models (re-run ``scout schemas``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from schemas.export import EXPORTED, schema_text, write_json_schemas

COMMITTED = Path(__file__).resolve().parents[2] / "schemas" / "json"


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_committed_schema_matches_model(name: str) -> None:
    path = COMMITTED / f"{name}.schema.json"
    assert path.is_file(), f"{path} is missing: run `scout schemas`"
    assert path.read_text() == schema_text(EXPORTED[name]), (
        f"{path.name} is stale: the model changed; run `scout schemas` and commit the result")


def test_no_stray_schema_files() -> None:
    committed = {p.name for p in COMMITTED.glob("*.schema.json")}
    assert committed == {f"{name}.schema.json" for name in EXPORTED}


def test_schema_text_changes_when_a_model_changes() -> None:
    class Small(BaseModel):
        a: int

    class Bigger(BaseModel):
        a: int
        b: str = ""

    assert schema_text(Small) != schema_text(Bigger)


def test_write_json_schemas_round_trips(tmp_path: Path) -> None:
    written = write_json_schemas(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(f"{n}.schema.json" for n in EXPORTED)
    creator = json.loads((tmp_path / "out" / "creator.schema.json").read_text())
    assert creator["required"] == ["id"]  # everything beyond id is optional
    assert "content" in creator["properties"] and "engagement_rate" in creator["properties"]
    brief = json.loads((tmp_path / "out" / "brief.schema.json").read_text())
    assert brief["additionalProperties"] is False  # unknown brief fields are rejected
    assert brief["required"] == ["text"]
