"""Eligibility rules: per-country minimums a tenant can switch on.

Rules compile to the document store's own filters (followers, average views)
so both backends evaluate them the same way; account age and compliance
strikes are read from the records of the creators still in play. The result is
a map ``creator id -> first rule it fails``, fed to the ranker as extra
exclusions and summarised in responses under ``excluded``.

A creator whose record lacks the field a minimum needs (no follower count, no
``account_created_at``) fails that minimum: eligibility must be shown, not
assumed. A record without ``compliance_strikes`` has none.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from indexer.stores.base import DocumentStore, FilterSpec, chunks
from indexer.stores.sqlite_db import Database
from schemas.api import EligibilityRule, EligibilitySettings, EligibilityView
from search_api.accounts.db import now, to_dt


def rule_label(rule: EligibilityRule, minimum: str) -> str:
    return f"eligibility:{rule.country}:{minimum}"


class EligibilityStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, tenant: str) -> EligibilityView:
        rows = self.db.query("SELECT enabled, rules, updated_at FROM eligibility WHERE tenant = ?",
                             (tenant,))
        if not rows:
            return EligibilityView(enabled=False, rules=[])
        enabled, rules, updated = rows[0]
        return EligibilityView(enabled=bool(enabled),
                               rules=[EligibilityRule.model_validate(r) for r in json.loads(rules)],
                               updated_at=to_dt(updated))

    def put(self, tenant: str, settings: EligibilitySettings) -> EligibilityView:
        body = json.dumps([r.model_dump(mode="json") for r in settings.rules])
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO eligibility(tenant, enabled, rules, updated_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT(tenant) DO UPDATE SET "
                         "enabled = excluded.enabled, rules = excluded.rules, "
                         "updated_at = excluded.updated_at",
                         (tenant, int(settings.enabled), body, now()))
        return self.get(tenant)


def ineligible(docs: DocumentStore, rules: Sequence[EligibilityRule],
               at: datetime | None = None) -> dict[str, str]:
    """Creators failing any rule, each with the label of the first rule it fails."""
    at = at or datetime.now(UTC)
    out: dict[str, str] = {}
    for rule in rules:
        base = FilterSpec(countries=(rule.country,)) if rule.country != "*" else FilterSpec()
        scope = docs.filter_ids(base)
        in_play = [cid for cid in (docs.all_ids() if scope is None else scope) if cid not in out]
        for minimum, spec in (
            ("min_followers", dataclasses.replace(base, followers_min=rule.min_followers)),
            ("min_avg_views", dataclasses.replace(base, avg_views_min=rule.min_avg_views)),
        ):
            if getattr(rule, minimum) is None:
                continue
            passing = set(docs.filter_ids(spec) or ())
            for cid in in_play:
                if cid not in passing:
                    out[cid] = rule_label(rule, minimum)
            in_play = [cid for cid in in_play if cid not in out]
        if rule.min_account_age_days is None and rule.strike_free_days is None:
            continue
        for part in chunks(in_play, 500):
            for cid, creator in docs.get(part).items():
                if rule.min_account_age_days is not None:
                    opened = creator.account_created_at
                    if opened is None or at - opened < timedelta(days=rule.min_account_age_days):
                        out[cid] = rule_label(rule, "min_account_age_days")
                        continue
                if rule.strike_free_days is not None:
                    since = (at - timedelta(days=rule.strike_free_days)).date()
                    if any(s.date >= since for s in creator.compliance_strikes):
                        out[cid] = rule_label(rule, "strike_free_days")
    return out
