"""What a tenant never sees: its exclusions plus creators failing its eligibility rules.

Computed per request from the tenancy store and the document store's own
filters (so it works on both backends), with eligibility cached for a short
while per tenant and rule set: rules are rarely edited, and the cache key also
holds the catalog size so an ingest shows up at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from indexer.stores.base import DocumentStore, FilterSpec
from schemas.results import Excluded
from search_api.accounts import Accounts
from search_api.accounts.eligibility import ineligible

CACHE_TTL_S = 30.0


@dataclass(frozen=True)
class Holdback:
    """Creator ids held back for one tenant, each with the rule that holds it."""

    labels: dict[str, str] = field(default_factory=dict)
    active: bool = False

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.labels)

    def summary(self, docs: DocumentStore, spec: FilterSpec) -> Excluded | None:
        """How many creators passing ``spec`` were held back, by rule (None: nothing active)."""
        if not self.active:
            return None
        allowed = docs.filter_ids(spec)
        if allowed is None:
            present = set(docs.get(sorted(self.labels))) if self.labels else set()
        else:
            present = set(allowed) & self.labels.keys()
        by_rule: dict[str, int] = {}
        for cid in present:
            by_rule[self.labels[cid]] = by_rule.get(self.labels[cid], 0) + 1
        return Excluded(total=len(present), by_rule=dict(sorted(by_rule.items())))


class HoldbackService:
    def __init__(self, accounts: Accounts, docs: DocumentStore) -> None:
        self.accounts = accounts
        self.docs = docs
        self._cache: dict[str, tuple[float, tuple[object, ...], dict[str, str]]] = {}
        self._lock = threading.Lock()

    def for_tenant(self, tenant: str) -> Holdback:
        excluded = self.accounts.exclusions.ids(tenant)
        settings = self.accounts.eligibility.get(tenant)
        labels: dict[str, str] = {}
        if settings.enabled and settings.rules:
            labels.update(self._ineligible(tenant, settings.rules))
        labels.update(dict.fromkeys(excluded, "exclusion"))
        return Holdback(labels=labels, active=bool(excluded) or settings.enabled)

    def _ineligible(self, tenant: str, rules: list) -> dict[str, str]:  # type: ignore[type-arg]
        key = (tuple(r.model_dump_json() for r in rules), self.docs.count())
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(tenant)
            if hit and hit[1] == key and now - hit[0] < CACHE_TTL_S:
                return hit[2]
        found = ineligible(self.docs, rules)
        with self._lock:
            self._cache[tenant] = (now, key, found)
        return found
