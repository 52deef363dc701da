"""GET /v1/creators/<id> and /v1/creators/<id>/similar."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from search_api.app import get_engine
from scout.errors import InvalidInput

bp = Blueprint("creators", __name__, url_prefix="/v1/creators")


def _limit(default: int = 20, most: int = 100) -> int:
    raw = request.args.get("limit", str(default))
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"limit must be an integer, not {raw!r}", field="limit") from None
    if not 1 <= value <= most:
        raise InvalidInput(f"limit must be between 1 and {most}", field="limit")
    return value


@bp.get("/<creator_id>")
def get_creator(creator_id: str) -> Any:
    creator, summary = get_engine().get_creator(creator_id)
    return jsonify({"creator": creator.model_dump(mode="json", exclude_none=True),
                    "summary": summary.model_dump(mode="json")})


@bp.get("/<creator_id>/similar")
def similar(creator_id: str) -> Any:
    return jsonify(get_engine().similar(creator_id, _limit()).model_dump(mode="json"))
