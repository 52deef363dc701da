"""API keys on every request: who is calling, may they, and have they budget left.

``Authorization: Bearer scout_<id>_<secret>`` on every endpoint except the
public ones (``/healthz``, the spec and docs page, static files). Scopes are
ordered: ``read`` < ``write`` < ``admin``. Changing the shared creator catalog
also needs a key of the catalog tenant (``SCOUT_CATALOG_TENANT``), so one
tenant can never alter what another sees.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, request

from scout.config import Config
from scout.errors import Forbidden, RateLimited, Unauthorized
from search_api.accounts import Accounts, Principal
from search_api.accounts.ratelimit import Rate, parse_rate
from search_api.operations import operation_of

PUBLIC_ENDPOINTS = frozenset({"static"})


def get_accounts() -> Accounts:
    accounts: Accounts = current_app.extensions["scout_accounts"]
    return accounts


def principal() -> Principal:
    """The caller of the current request (set by :func:`authorize`)."""
    found: Principal | None = g.get("principal")
    if found is None:
        raise Unauthorized("this endpoint needs an API key")
    return found


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise Unauthorized("send an API key: Authorization: Bearer scout_...")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <key>'")
    return token.strip()


def authorize() -> None:
    """``before_request``: authenticate, check scope and tenant, take a rate token."""
    if request.method == "OPTIONS" or request.endpoint is None:
        return  # preflight, or routing failed (404/405 follow)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    op = operation_of(current_app.view_functions.get(request.endpoint))
    config: Config = current_app.config["SCOUT"]
    if op is not None and (op.scope is None or (op.public_if and getattr(config, op.public_if))):
        return
    needed = op.scope if op is not None and op.scope else "read"
    who = get_accounts().keys.authenticate(_bearer())
    g.principal = who
    _take_token(who, config)
    if not who.allows(needed):
        raise Forbidden(f"this needs a key with scope {needed!r}; this key has {who.scope!r}")
    if op is not None and op.catalog and who.tenant != config.catalog_tenant:
        raise Forbidden("only keys of the catalog tenant may change creator records")


def _take_token(who: Principal, config: Config) -> None:
    rate: Rate | None = parse_rate(who.rate_limit) if who.rate_limit else _default_rate()
    g.rate = rate
    if rate is None:
        return
    decision = get_accounts().rates.take(who.key_id, rate)
    g.rate_remaining = decision.remaining
    if not decision.allowed:
        raise RateLimited(f"rate limit {rate} for this key is spent; retry in "
                          f"{decision.retry_after_s}s", retry_after=decision.retry_after_s)


def _default_rate() -> Rate | None:
    rate: Rate | None = current_app.extensions["scout_rate"]
    return rate


def rate_headers(response: Any) -> Any:
    rate: Rate | None = g.get("rate")
    if rate is not None:
        response.headers["X-RateLimit-Limit"] = str(rate)
        response.headers["X-RateLimit-Remaining"] = str(g.get("rate_remaining", 0))
    return response


def init_app(app: Flask, accounts: Accounts, config: Config) -> None:
    app.extensions["scout_accounts"] = accounts
    app.extensions["scout_rate"] = parse_rate(config.rate_limit)
    app.before_request(authorize)
    app.after_request(rate_headers)
