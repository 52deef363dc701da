"""Flask app factory: one blueprint per resource; engine, tenancy store and metrics per app.

Request pipeline (``before_request`` in this order): request id and timer
(``observe``), CORS preflight and body size (``web``), API key, scope, tenant
and rate limit (``auth``). Every error, ours or werkzeug's, leaves as
``{"error": {"code", "message", "field"}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException

from scout.cache import VersionedCache
from scout.config import Config
from scout.engine import Engine
from scout.errors import BackendUnavailable, RateLimited, ScoutError
from scout.heap import collect_between_requests

log = logging.getLogger(__name__)
#: Werkzeug's names for statuses whose codes we spell our own way.
_HTTP_CODES = {413: "payload_too_large", 401: "unauthorized", 403: "forbidden"}


def create_app(config: Config | None = None, *, engine: Engine | None = None,
               accounts: Any = None) -> Flask:
    """An app serving ``engine`` (or one built from ``config``).

    ``accounts`` (a :class:`search_api.accounts.Accounts`) defaults to the tenancy
    database of the config, ``DATA_DIR/tenants.db``.
    """
    from search_api import auth, observe, web
    from search_api.accounts import Accounts
    from search_api.holdback import HoldbackService

    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if engine is None:
        if config is None:
            raise ValueError("create_app needs a config or an engine")
        engine = Engine(config)
    config = config or engine.config
    if accounts is None:
        accounts = Accounts(config.tenants_path())
    app.config["SCOUT"] = config
    app.extensions["scout"] = engine
    app.extensions["scout_holdback"] = HoldbackService(accounts, engine.backend.docs)
    search_cache: VersionedCache[bytes] | None = (
        VersionedCache(config.search_cache_size, config.search_cache_ttl_s)
        if config.search_cache_size else None)
    app.extensions["scout_search_cache"] = search_cache

    observe.init_app(app, observe.Metrics(engine, search_cache))
    web.init_app(app, config)
    auth.init_app(app, accounts, config)

    from search_api import (
        briefs,
        creators,
        eligibility,
        exclusions,
        feedback,
        health,
        keys,
        match,
        openapi,
        search,
        shortlists,
    )

    for module in (health, openapi, keys, match, search, creators, shortlists, exclusions,
                   feedback, eligibility, briefs):
        app.register_blueprint(module.bp)
    from search_api import page, stats  # the web page (/) and the numbers it shows

    app.register_blueprint(page.bp)
    app.register_blueprint(stats.bp)
    _register_errors(app)

    @app.after_request
    def collect_after(response: Any) -> Any:
        # a collector pass due runs once the response is sent, not inside a request
        # (a no-op unless the process settled its heap with between_requests: serve)
        response.call_on_close(collect_between_requests)
        return response

    return app


def get_engine() -> Engine:
    engine: Engine = current_app.extensions["scout"]
    return engine


def error_response(code: str, message: str, status: int, field: str | None = None) -> Any:
    response = jsonify({"error": {"code": code, "message": message, "field": field}})
    response.status_code = status
    return response


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ScoutError)
    def scout_error(exc: ScoutError) -> Any:
        response = error_response(exc.code, exc.message, exc.status, exc.field)
        if isinstance(exc, BackendUnavailable | RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="scout"'
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        status = exc.code or 500
        code = _HTTP_CODES.get(status) or (exc.name or "error").lower().replace(" ", "_")
        field = "body" if status == 413 else None
        response = error_response(code, exc.description or exc.name, status, field)
        if status == 405 and exc.response is None:
            allowed = getattr(exc, "valid_methods", None)
            if allowed:
                response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("unhandled error")
        return error_response("internal_error", "internal error; see the server log", 500)
