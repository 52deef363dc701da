"""Request ids, JSON logs without secrets, Prometheus metrics, CORS, security headers."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from api_support import error_of, make_api

from search_api.observe import JsonFormatter, RequestIdFilter, redact


def test_request_id_echoed_or_made(api: Any) -> None:
    c = api.client("acme", "read")
    assert c.get("/v1/me", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == \
        "abc-123"
    made = c.get("/v1/me", headers={"X-Request-Id": "bad id <script>" + "x" * 200})
    assert len(made.headers["X-Request-Id"]) == 32
    assert api.client(None).get("/v1/me").headers["X-Request-Id"]  # errors carry one too


def test_access_logs_are_json_with_request_id_and_no_secrets(
        api: Any, caplog: pytest.LogCaptureFixture) -> None:
    key = api.key("acme", "read")
    caplog.set_level(logging.INFO, logger="scout.access")
    api.client(key=key).get("/v1/search?q=vegan", headers={"X-Request-Id": "req-1"})
    api.client(None).get("/v1/me", headers={"Authorization": f"Bearer {key}x"})
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records if r.name == "scout.access"]
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["request_id"] == "req-1" and first["status"] == 200
    assert first["tenant"] == "acme" and first["key_id"] == key.split("_")[1]
    assert first["endpoint"] == "/v1/search" and first["duration_ms"] >= 0
    secret = key.split("_", 2)[2]
    assert all(secret not in line for line in lines)
    assert json.loads(lines[1])["status"] == 401


def test_redaction_masks_keys_and_bearer_tokens() -> None:
    key = "scout_0123456789ab_" + "s" * 43
    assert redact(f"got {key} here") == "got scout_0123456789ab_*** here"
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer ***"
    record = logging.LogRecord("x", logging.INFO, "", 0, "key %s", (key,), None)
    RequestIdFilter().filter(record)
    assert "s" * 43 not in JsonFormatter().format(record)


def test_metrics_count_requests_and_index_size(api: Any) -> None:
    c = api.client("acme", "admin")
    c.post("/v1/match", json={"text": "protein"})
    c.get("/v1/shortlists/nope")
    text = c.get("/metrics").get_data(as_text=True)
    assert 'scout_http_requests_total{endpoint="/v1/match",method="POST",status="200"} 1.0' in text
    assert ('scout_http_requests_total{endpoint="/v1/shortlists/<shortlist_id>",method="GET",'
            'status="404"} 1.0') in text
    assert 'scout_http_request_duration_seconds_bucket{endpoint="/v1/match"' in text
    assert 'scout_index_documents{kind="creators"} 3.0' in text
    assert error_of(api.client("acme", "write").get("/metrics"), 403)


def test_metrics_count_search_cache_hits(api: Any) -> None:
    c = api.client("acme", "admin")
    for _ in range(3):
        assert c.get("/v1/search?q=protein").status_code == 200
    text = c.get("/metrics").get_data(as_text=True)
    assert 'scout_search_cache_lookups_total{result="hit"} 2.0' in text
    assert 'scout_search_cache_lookups_total{result="miss"} 1.0' in text


def test_metrics_can_be_public(api: Any, tmp_path: Path) -> None:
    public = make_api(api.app.extensions["scout"], tmp_path / "m", metrics_public=True)
    try:
        assert public.client(None).get("/metrics").status_code == 200
    finally:
        public.accounts.close()


def test_cors_only_for_configured_origins(api: Any, tmp_path: Path) -> None:
    assert "Access-Control-Allow-Origin" not in api.client("acme").get(
        "/v1/me", headers={"Origin": "https://shop.example"}).headers
    cors = make_api(api.app.extensions["scout"], tmp_path / "cors",
                    cors_origins="https://shop.example, https://other.example/")
    try:
        c = cors.client("acme", "read")
        ok = c.get("/v1/me", headers={"Origin": "https://shop.example"})
        assert ok.headers["Access-Control-Allow-Origin"] == "https://shop.example"
        assert "X-Request-Id" in ok.headers["Access-Control-Expose-Headers"]
        assert "Origin" in ok.headers["Vary"]
        assert "Access-Control-Allow-Origin" not in c.get(
            "/v1/me", headers={"Origin": "https://evil.example"}).headers
        pre = cors.client(None).options("/v1/match", headers={
            "Origin": "https://other.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert pre.status_code == 204  # preflights carry no key
        assert "Authorization" in pre.headers["Access-Control-Allow-Headers"]
        assert "POST" in pre.headers["Access-Control-Allow-Methods"]
        # The header is not authorization: a request from an allowed origin still needs a key.
        assert error_of(cors.client(None).get("/v1/me", headers={
            "Origin": "https://shop.example"}), 401)
    finally:
        cors.accounts.close()


def test_security_headers(api: Any) -> None:
    resp = api.client("acme").get("/v1/shortlists")
    assert resp.headers["Cache-Control"] == "no-store"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    docs = api.client(None).get("/docs")
    assert "default-src 'none'" in docs.headers["Content-Security-Policy"]
