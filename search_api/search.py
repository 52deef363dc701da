"""GET|POST /v1/search: keyword + semantic search with filters, sort and facets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from schemas import SearchQuery, SearchResponse
from schemas.params import search_query_from_params
from scout.cache import VersionedCache
from scout.errors import InvalidQuery
from search_api.app import get_engine
from search_api.body import model_response
from search_api.operations import PAGE, Param, body_as, operation
from search_api.tenant import holdback, tenant_search

bp = Blueprint("search", __name__, url_prefix="/v1")


def _list(name: str, description: str, item: dict[str, Any] | None = None) -> Param:
    return Param(name, {"type": "array", "items": item or {"type": "string", "maxLength": 100},
                        "maxItems": 50}, description)


def _number(name: str, description: str, **bounds: float) -> Param:
    return Param(name, {"type": "number", "minimum": 0, **bounds}, description)


SEARCH_PARAMS = (
    Param("q", {"type": "string", "maxLength": 1000}, "keywords (BM25 + semantic)"),
    _list("country", "ISO alpha-2 codes", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    _list("language", "ISO 639-1 codes"),
    _list("category", "categories"),
    _list("platform", "platforms"),
    _list("tier", "follower tiers", {"type": "string",
                                     "enum": ["nano", "micro", "mid", "macro", "mega"]}),
    _list("exclude", "creator ids to leave out"),
    _list("facet", "facets to count", {"type": "string", "enum": [
        "category", "country", "language", "tier", "platform"]}),
    _number("min_followers", "at least this many followers"),
    _number("max_followers", "at most this many followers"),
    _number("min_avg_views", "at least these average views"),
    _number("max_avg_views", "at most these average views"),
    _number("min_engagement_rate", "a fraction, e.g. 0.03", maximum=1),
    _number("min_credibility", "least credibility score, 0..1 (unknown never passes)",
            maximum=1),
    *(_number(f"min_{kind}_growth_{days}d", f"least {kind} growth over {days} days, e.g. "
              "0.05 = +5% (from history; unknown never passes)", minimum=-1)
      for kind in ("follower", "view") for days in (30, 90)),
    _number("max_days_since_last_post", "posted within this many days"),
    Param("sort", {"type": "string", "enum": ["relevance", "followers", "engagement",
                                              "avg_views"]}, "order of results"),
    *PAGE,
)


@bp.get("/search")
@operation(summary="Search creators (query string)", tag="search",
           responses={200: SearchResponse}, params=SEARCH_PARAMS,
           description="List parameters repeat or hold commas: `country=DE&country=AT` or "
                       "`country=DE,AT`.")
def search_get() -> Any:
    return _answer(search_query_from_params(request.args.items(multi=True)))


@bp.post("/search")
@operation(summary="Search creators (JSON body)", tag="search", body=SearchQuery,
           responses={200: SearchResponse})
def search_post() -> Any:
    return _answer(body_as(SearchQuery, InvalidQuery))


def _answer(query: SearchQuery) -> Any:
    """The tenant's search as JSON; a repeat over unchanged data comes from the app's
    search cache (:mod:`scout.cache`), byte for byte, marked ``X-Scout-Cache: hit``.

    The key is the whole query and the tenant's hold-backs (the only tenant data a search
    reads); the version is read before searching, so a write landing meanwhile retires
    the answer rather than leaving it served as current.
    """
    cache: VersionedCache[bytes] | None = current_app.extensions["scout_search_cache"]
    engine = get_engine()
    engine.refresh()
    version = engine.backend.data_version() if cache is not None else None
    if cache is None or version is None:
        return model_response(tenant_search(query))
    held = holdback()
    key = (query.model_dump_json(), held.active, frozenset(held.labels.items()))
    body = cache.get(key, version)
    state = "hit"
    if body is None:
        body = tenant_search(query, held).model_dump_json().encode()
        cache.put(key, version, body)
        state = "miss"
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["X-Scout-Cache"] = state
    return response
