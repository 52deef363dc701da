"""POST /v1/match: a brief in, ranked and explained creators out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from schemas import Brief, parse
from search_api.app import get_engine
from search_api.body import json_body
from scout.errors import InvalidBrief

bp = Blueprint("match", __name__, url_prefix="/v1")


@bp.post("/match")
def match() -> Any:
    brief = parse(Brief, json_body(), InvalidBrief)
    return jsonify(get_engine().match(brief).model_dump(mode="json"))
