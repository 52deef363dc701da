"""HTTP plumbing for browsers and proxies: CORS, body size limit, security headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from scout.config import Config
from scout.errors import PayloadTooLarge

ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id"
EXPOSED_HEADERS = ("X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, "
                   "X-Scout-Cache")
ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"


def parse_origins(text: str) -> frozenset[str]:
    return frozenset(o.strip().rstrip("/") for o in text.split(",") if o.strip())


def init_app(app: Flask, config: Config) -> None:
    origins = parse_origins(config.cors_origins)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes

    def allowed_origin() -> str | None:
        origin = request.headers.get("Origin")
        if not origin or not origins:
            return None
        if "*" in origins:
            return "*"
        return origin if origin.rstrip("/") in origins else None

    @app.before_request
    def preflight_and_size() -> Any:
        if request.method == "OPTIONS":
            response = app.make_default_options_response()
            response.status_code = 204
            origin = allowed_origin()
            if origin and request.headers.get("Access-Control-Request-Method"):
                response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response.headers["Access-Control-Max-Age"] = "600"
            return response
        length = request.content_length
        if length is not None and length > config.max_body_bytes:
            raise PayloadTooLarge(f"request body is {length} bytes; the limit is "
                                  f"{config.max_body_bytes}", field="body")
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        origin = allowed_origin()
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            if origin != "*":
                response.headers.add("Vary", "Origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith("/v1/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
