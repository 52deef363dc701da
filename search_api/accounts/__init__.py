"""Tenancy data: API keys, shortlists, exclusions, feedback, eligibility rules, saved briefs.

Everything a tenant owns lives in one SQLite file (``DATA_DIR/tenants.db``, WAL
mode; ``SCOUT_TENANTS_DB`` moves it) on both backends: the creator catalog may
sit in OpenSearch, but tenancy data is small, transactional and per-deployment,
and SQLite gives all gunicorn workers one consistent view of keys and rate
buckets with no extra server. A multi-host deployment points every host at
its own file and so needs one API host per tenant set (see ``docs/api.md``).

Every query a store runs is scoped by tenant; ids of another tenant's objects
behave exactly like ids that do not exist (404), so existence never leaks.
"""

from __future__ import annotations

from pathlib import Path

from indexer.stores.sqlite_db import Database
from search_api.accounts.briefs import BriefStore
from search_api.accounts.db import SCHEMA
from search_api.accounts.eligibility import EligibilityStore
from search_api.accounts.exclusions import ExclusionStore
from search_api.accounts.feedback import FeedbackStore
from search_api.accounts.keys import KeyStore, Principal
from search_api.accounts.ratelimit import RateLimiter
from search_api.accounts.shortlists import ShortlistStore

__all__ = ["Accounts", "Principal"]


class Accounts:
    """All tenancy stores over one database file."""

    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        with self.db.transaction() as conn:
            for statement in _statements():
                conn.execute(statement)
        self.keys = KeyStore(self.db)
        self.rates = RateLimiter(self.db)
        self.shortlists = ShortlistStore(self.db)
        self.exclusions = ExclusionStore(self.db)
        self.feedback = FeedbackStore(self.db)
        self.eligibility = EligibilityStore(self.db)
        self.briefs = BriefStore(self.db)

    def close(self) -> None:
        self.db.close()


def _statements() -> list[str]:
    return [s.strip() for s in SCHEMA.split(";") if s.strip()]
