"""Export the records' JSON Schemas; a test checks the committed files match the models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schemas import Brief, Creator, MatchResponse, SearchQuery, SearchResponse
from schemas.results import ErrorResponse, SimilarResponse

EXPORTED: dict[str, type[BaseModel]] = {
    "creator": Creator,
    "brief": Brief,
    "match_response": MatchResponse,
    "search_query": SearchQuery,
    "search_response": SearchResponse,
    "similar_response": SimilarResponse,
    "error": ErrorResponse,
}


def schema_text(model: type[BaseModel]) -> str:
    mode = "validation" if model in (Creator, Brief, SearchQuery) else "serialization"
    return json.dumps(model.model_json_schema(mode=mode), indent=2, sort_keys=True) + "\n"


def write_json_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in EXPORTED.items():
        path = out / f"{name}.schema.json"
        path.write_text(schema_text(model))
        written.append(path)
    return written
