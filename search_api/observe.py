"""Request ids, structured JSON logs and Prometheus metrics.

Every response carries ``X-Request-Id`` (the caller's, when it is a sane
token, else a new one); every log line written while serving a request names
it. Logs never hold secrets: no header values are logged, and anything shaped
like a Scout key is masked to its public id wherever it appears.

Metrics: with several gunicorn workers ``scout serve`` sets
``PROMETHEUS_MULTIPROC_DIR`` before the workers start, so ``/metrics`` sums
every worker; without it (tests, one process) they are per process.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from flask import Flask, g, has_request_context, request

from scout.cache import VersionedCache

access_log = logging.getLogger("scout.access")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_SECRET_RE = re.compile(r"(scout_[0-9a-f]{12}_)[A-Za-z0-9_-]+")
_BEARER_RE = re.compile(r"(?i)(bearer\s+)(?!scout_)\S+")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def redact(text: str) -> str:
    """Mask API key secrets (keeping the public id) and other bearer tokens."""
    return _BEARER_RE.sub(r"\1***", _SECRET_RE.sub(r"\1***", text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                  + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                body[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            body["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(body, default=str)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to records logged while a request is being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and "request_id" not in vars(record):
            record.request_id = g.get("request_id")
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the server process (the library itself only logs)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


class Metrics:
    """Request counts and latencies per endpoint, rate-limit refusals, search cache
    lookups, index size."""

    def __init__(self, engine: Any, search_cache: VersionedCache[bytes] | None = None) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("scout_http_requests", "HTTP requests answered",
                                ["method", "endpoint", "status"], registry=self.registry)
        self.latency = Histogram("scout_http_request_duration_seconds",
                                 "Time to answer an HTTP request", ["method", "endpoint"],
                                 registry=self.registry,
                                 buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
        self.engine = engine
        if search_cache is not None:
            lookups = Counter("scout_search_cache_lookups", "Search cache lookups",
                              ["result"], registry=self.registry)
            hit, miss = lookups.labels("hit"), lookups.labels("miss")
            search_cache.on_lookup = lambda found: (hit if found else miss).inc()

    def observe(self, method: str, endpoint: str, status: int, seconds: float) -> None:
        self.requests.labels(method, endpoint, str(status)).inc()
        self.latency.labels(method, endpoint).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
        else:
            registry = self.registry
        text = generate_latest(registry) + generate_latest(_IndexRegistry(self.engine))
        return text, CONTENT_TYPE_LATEST


class _IndexRegistry:
    """Index size gauges, read from the engine at scrape time."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        backend = self.engine.backend
        self.engine.refresh()
        sizes = GaugeMetricFamily("scout_index_documents", "Records and vectors in the index",
                                  labels=["kind"])
        sizes.add_metric(["creators"], backend.docs.count())
        sizes.add_metric(["profile_vectors"], backend.profiles.count())
        sizes.add_metric(["content_vectors"], backend.content.count())
        yield sizes


def _endpoint_label() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def init_app(app: Flask, metrics: Metrics) -> None:
    app.extensions["scout_metrics"] = metrics

    @app.before_request
    def start() -> None:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Any) -> Any:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        response.headers["X-Request-Id"] = g.get("request_id", "")
        endpoint = _endpoint_label()
        metrics.observe(request.method, endpoint, response.status_code, elapsed)
        who = g.get("principal")
        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "request_id": g.get("request_id"), "method": request.method, "path": request.path,
            "endpoint": endpoint, "status": response.status_code,
            "duration_ms": round(elapsed * 1000, 2),
            "tenant": who.tenant if who else None, "key_id": who.key_id if who else None,
            "bytes": response.calculate_content_length(),
        })
        return response
