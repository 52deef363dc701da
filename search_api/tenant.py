"""Helpers views share: the caller's tenant, its hold-backs, creator look-ups."""

from __future__ import annotations

from flask import current_app

from indexer.stores.base import FilterSpec
from ranker.filters import compile_filters
from ranker.present import summary
from schemas import Brief, MatchResponse, SearchQuery, SearchResponse
from schemas.results import CreatorSummary, Excluded
from scout.errors import NotFound
from search_api.accounts import Accounts
from search_api.app import get_engine
from search_api.auth import get_accounts, principal
from search_api.holdback import Holdback, HoldbackService


def tenant() -> str:
    return principal().tenant


def accounts() -> Accounts:
    return get_accounts()


def holdback() -> Holdback:
    service: HoldbackService = current_app.extensions["scout_holdback"]
    return service.for_tenant(tenant())


def require_creator(creator_id: str) -> None:
    if creator_id not in get_engine().backend.docs.get([creator_id]):
        raise NotFound(f"no creator with id {creator_id!r}", field="creator_id")


def summaries(ids: list[str]) -> dict[str, CreatorSummary]:
    found = get_engine().backend.docs.get(ids)
    return {cid: summary(c) for cid, c in found.items()}


def tenant_match(brief: Brief) -> MatchResponse:
    """``engine.match`` without the tenant's hold-backs, saying how many were held back;
    ``past_performance`` reads the tenant's own recorded feedback."""
    held = holdback()
    engine = get_engine()
    response = engine.match(brief, exclude=held.ids,
                            outcomes=accounts().feedback.source(tenant()))
    tenant_held = held.summary(engine.backend.docs, compile_filters(brief))
    response.excluded = merge_excluded(tenant_held, response.excluded)
    return response


def merge_excluded(*parts: Excluded | None) -> Excluded | None:
    """One ``excluded`` from the tenant's hold-backs and the brief's competitor rule."""
    found = [p for p in parts if p is not None]
    if not found:
        return None
    by_rule: dict[str, int] = {}
    for part in found:
        for rule, n in part.by_rule.items():
            by_rule[rule] = by_rule.get(rule, 0) + n
    return Excluded(total=sum(p.total for p in found), by_rule=dict(sorted(by_rule.items())))


def tenant_search(query: SearchQuery, held: Holdback | None = None) -> SearchResponse:
    """``engine.search`` without the tenant's hold-backs (``held``, read if not given),
    saying how many were held back."""
    held = held or holdback()
    engine = get_engine()
    response = engine.search(query, exclude=held.ids)
    spec: FilterSpec = compile_filters(query)
    response.excluded = held.summary(engine.backend.docs, spec)
    return response
