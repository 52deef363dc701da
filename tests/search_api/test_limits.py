"""Limits answer with clear 4xx JSON: body size (413), brief and page sizes (400/422),
rate limits per key (429 with Retry-After), shared by every worker on one tenants.db."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_support import error_of, make_api

from scout.errors import ConfigError
from search_api.accounts import Accounts
from search_api.accounts.ratelimit import parse_rate


def test_body_too_large_is_413(api: Any, tmp_path: Path) -> None:
    small = make_api(api.app.extensions["scout"], tmp_path / "small", max_body_bytes=2_000)
    try:
        c = small.client("acme", "write")
        err = error_of(c.post("/v1/match", json={"text": "x" * 3_000}), 413)
        assert err["code"] == "payload_too_large" and err["field"] == "body"
        assert c.post("/v1/match", json={"text": "protein"}).status_code == 200
    finally:
        small.accounts.close()


def test_brief_text_and_page_sizes(api: Any) -> None:
    c = api.client("acme", "read")
    assert error_of(c.post("/v1/match", json={"text": "x" * 4_001}), 422)["field"] == "text"
    assert error_of(c.post("/v1/match", json={"text": "x", "limit": 101}), 422)["field"] == \
        "limit"
    assert error_of(c.get("/v1/search?limit=500"), 422)["field"] == "limit"
    assert error_of(c.get("/v1/creators/lifter/similar?limit=101"), 400)["field"] == "limit"
    assert error_of(c.get("/v1/feedback?limit=0"), 400)["field"] == "limit"


def test_rate_limit_429_then_refills(api: Any, tmp_path: Path) -> None:
    limited = make_api(api.app.extensions["scout"], tmp_path / "rl", rate_limit="3/minute")
    try:
        c = limited.client("acme", "read")
        for n in range(3):
            resp = c.get("/v1/me")
            assert resp.status_code == 200
            assert resp.headers["X-RateLimit-Limit"] == "3/minute"
            assert resp.headers["X-RateLimit-Remaining"] == str(2 - n)
        err = c.get("/v1/me")
        assert error_of(err, 429)["code"] == "rate_limited"
        assert 1 <= int(err.headers["Retry-After"]) <= 20
        # Another key has its own bucket; public endpoints spend nothing.
        assert limited.client("acme", "write").get("/v1/me").status_code == 200
        assert limited.client(None).get("/healthz").status_code == 200
    finally:
        limited.accounts.close()


def test_rate_limit_per_key_override_and_off(api: Any, tmp_path: Path) -> None:
    limited = make_api(api.app.extensions["scout"], tmp_path / "rl", rate_limit="off")
    try:
        key, _ = limited.accounts.keys.create("acme", "read", "tight", rate_limit="1/hour")
        c = limited.client(key=key)
        assert c.get("/v1/me").get_json()["rate_limit"] == "1/hour"
        assert error_of(c.get("/v1/me"), 429)
        free = limited.client("acme", "read")
        for _ in range(20):
            assert free.get("/v1/me").status_code == 200
        assert "X-RateLimit-Limit" not in free.get("/v1/me").headers
    finally:
        limited.accounts.close()


def test_buckets_are_shared_across_processes(tmp_path: Path) -> None:
    """Two stores on one file stand for two gunicorn workers: one budget, not two."""
    one, two = Accounts(tmp_path / "t.db"), Accounts(tmp_path / "t.db")
    try:
        _, info = one.keys.create("acme", "read")
        rate = parse_rate("4/minute")
        assert rate is not None
        taken = [store.rates.take(info.id, rate, at=1000.0).allowed
                 for store in (one, two, one, two, one, two)]
        assert taken == [True, True, True, True, False, False]
        assert two.rates.take(info.id, rate, at=1015.0).allowed  # 15 s refill one token
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize("text", ["fast", "10/day", "-1/minute", "1.5/second"])
def test_bad_rate_settings_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_rate(text)
