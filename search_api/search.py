"""GET|POST /v1/search: keyword + semantic search with filters, sort and facets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from schemas import SearchQuery, parse
from schemas.params import search_query_from_params
from search_api.app import get_engine
from search_api.body import json_body
from scout.errors import InvalidQuery

bp = Blueprint("search", __name__, url_prefix="/v1")


@bp.route("/search", methods=["GET", "POST"])
def search() -> Any:
    if request.method == "POST":
        query = parse(SearchQuery, json_body(), InvalidQuery)
    else:
        query = search_query_from_params(request.args.items(multi=True))
    return jsonify(get_engine().search(query).model_dump(mode="json"))
