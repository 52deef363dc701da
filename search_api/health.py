"""Liveness and readiness (public: load balancers carry no keys)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from schemas.api import Health
from search_api.app import get_engine
from search_api.operations import operation

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@operation(summary="Liveness and index size", tag="operations", scope=None,
           responses={200: Health})
def healthz() -> Any:
    return jsonify(get_engine().health())


@bp.get("/metrics")
@operation(summary="Prometheus metrics (admin key, or public with SCOUT_METRICS_PUBLIC=1)",
           tag="operations", scope="admin", public_if="metrics_public",
           responses={200: "text/plain"},
           description="Request counts and latency histograms per endpoint "
                       "(`scout_http_requests_total`, `scout_http_request_duration_seconds`) "
                       "and index size (`scout_index_documents`).")
def metrics() -> Any:
    body, content_type = current_app.extensions["scout_metrics"].render()
    return Response(body, content_type=content_type)
