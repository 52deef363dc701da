"""Flask app factory: one blueprint per resource, the engine attached per app."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException

from scout.config import Config
from scout.engine import Engine
from scout.errors import BackendUnavailable, ScoutError

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


def create_app(config: Config | None = None, *, engine: Engine | None = None) -> Flask:
    """An app serving ``engine`` (or one built from ``config``)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if engine is None:
        if config is None:
            raise ValueError("create_app needs a config or an engine")
        engine = Engine(config)
    app.extensions["scout"] = engine

    from search_api import creators, health, match, search

    for module in (health, match, search, creators):
        app.register_blueprint(module.bp)
    _register_errors(app)
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
        if isinstance(exc, BackendUnavailable):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(code, exc.description or exc.name, exc.code or 500)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("unhandled error")
        return error_response("internal_error", "internal error; see the server log", 500)
