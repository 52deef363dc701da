"""Embedded document store: SQLite tables for records and filters, FTS5 for BM25.

Multi-valued fields (languages, categories) and audience shares live in side
tables so every filter is an indexed SQL predicate. A creator with an unknown
value never passes a filter on that value: Scout does not guess.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from indexer.stores.base import FeatureRows, FilterSpec, IndexedCreator, SortField, chunks
from indexer.stores.sqlite_db import Database
from indexer.text import fts_query
from schemas import Creator

SCHEMA = """
CREATE TABLE IF NOT EXISTS creators (
    id TEXT PRIMARY KEY,
    platform TEXT,
    country TEXT,
    tier TEXT,
    followers INTEGER,
    avg_views REAL,
    engagement_rate REAL,
    estimated_cost_eur REAL,
    last_posted_ts REAL,
    flag_count INTEGER NOT NULL DEFAULT 0,
    audience TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS creators_country ON creators(country);
CREATE INDEX IF NOT EXISTS creators_platform ON creators(platform);
CREATE INDEX IF NOT EXISTS creators_tier ON creators(tier);
CREATE INDEX IF NOT EXISTS creators_followers ON creators(followers);
CREATE INDEX IF NOT EXISTS creators_avg_views ON creators(avg_views);
CREATE INDEX IF NOT EXISTS creators_engagement ON creators(engagement_rate);
CREATE TABLE IF NOT EXISTS creator_terms (
    field TEXT NOT NULL, value TEXT NOT NULL, creator_id TEXT NOT NULL,
    PRIMARY KEY (field, value, creator_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS creator_terms_creator ON creator_terms(creator_id);
CREATE TABLE IF NOT EXISTS audience_shares (
    dim TEXT NOT NULL, key TEXT NOT NULL, creator_id TEXT NOT NULL, share REAL NOT NULL,
    PRIMARY KEY (dim, key, creator_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audience_shares_creator ON audience_shares(creator_id);
CREATE VIRTUAL TABLE IF NOT EXISTS creators_fts USING fts5(
    profile, content, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

_SORT_SQL: dict[str, str] = {
    "followers": "followers",
    "engagement": "engagement_rate",
    "avg_views": "avg_views",
    "relevance": "followers",
}
_FACET_SQL: dict[str, str] = {
    "country": "SELECT country, COUNT(*) FROM creators c WHERE {w} AND country IS NOT NULL "
               "GROUP BY country",
    "platform": "SELECT platform, COUNT(*) FROM creators c WHERE {w} AND platform IS NOT NULL "
                "GROUP BY platform",
    "tier": "SELECT tier, COUNT(*) FROM creators c WHERE {w} AND tier IS NOT NULL GROUP BY tier",
    "category": "SELECT t.value, COUNT(*) FROM creator_terms t JOIN creators c "
                "ON c.id = t.creator_id WHERE t.field = 'category' AND {w} GROUP BY t.value",
    "language": "SELECT t.value, COUNT(*) FROM creator_terms t JOIN creators c "
                "ON c.id = t.creator_id WHERE t.field = 'language' AND {w} GROUP BY t.value",
}


def _in(column: str, values: Sequence[str], params: list[Any]) -> str:
    params.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def where_clause(spec: FilterSpec) -> tuple[str, list[Any]]:
    """SQL predicate over ``creators c`` for ``spec`` (exclusions are applied by callers)."""
    parts: list[str] = []
    params: list[Any] = []
    for column, values in (("c.country", spec.countries), ("c.platform", spec.platforms),
                           ("c.tier", spec.tiers)):
        if values:
            parts.append(_in(column, values, params))
    for field, values in (("language", spec.languages), ("category", spec.categories)):
        if values:
            inner = _in("value", values, params)
            parts.append(
                f"c.id IN (SELECT creator_id FROM creator_terms WHERE field = '{field}' "
                f"AND {inner})"
            )
    for column, low, high in (("c.followers", spec.followers_min, spec.followers_max),
                              ("c.avg_views", spec.avg_views_min, spec.avg_views_max)):
        if low is not None:
            parts.append(f"{column} >= ?")
            params.append(low)
        if high is not None:
            parts.append(f"{column} <= ?")
            params.append(high)
    if spec.min_engagement_rate is not None:
        parts.append("c.engagement_rate >= ?")
        params.append(spec.min_engagement_rate)
    if spec.exclude_flagged:
        parts.append("c.flag_count = 0")
    for rule in spec.audience:
        params.append(rule.dim)
        keys = _in("key", rule.keys, params)
        params.append(rule.share - 1e-9)
        parts.append(
            "c.id IN (SELECT creator_id FROM audience_shares WHERE dim = ? AND "
            f"{keys} GROUP BY creator_id HAVING SUM(share) >= ?)"
        )
    return (" AND ".join(parts) or "1"), params


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


class SqliteDocumentStore:
    """:class:`~indexer.stores.base.DocumentStore` on SQLite + FTS5."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.lock:
            db.conn.executescript(SCHEMA)

    # -- writes ---------------------------------------------------------------
    def upsert(self, docs: Sequence[IndexedCreator]) -> None:
        with self.db.transaction() as conn:
            for item in docs:
                creator, feats = item.creator, item.features
                audience = creator.audience.model_dump() if creator.audience else None
                row = conn.execute(
                    """INSERT INTO creators (id, platform, country, tier, followers, avg_views,
                           engagement_rate, estimated_cost_eur, last_posted_ts, flag_count,
                           audience, doc)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(id) DO UPDATE SET platform = excluded.platform,
                           country = excluded.country, tier = excluded.tier,
                           followers = excluded.followers, avg_views = excluded.avg_views,
                           engagement_rate = excluded.engagement_rate,
                           estimated_cost_eur = excluded.estimated_cost_eur,
                           last_posted_ts = excluded.last_posted_ts,
                           flag_count = excluded.flag_count, audience = excluded.audience,
                           doc = excluded.doc
                       RETURNING rowid""",
                    (
                        creator.id, creator.platform, creator.country, feats.tier,
                        creator.followers, feats.avg_views, feats.engagement_rate,
                        feats.estimated_cost_eur, feats.last_posted_ts,
                        len(creator.brand_safety_flags),
                        json.dumps(audience) if audience else None,
                        creator.model_dump_json(exclude_none=True),
                    ),
                ).fetchone()
                rowid = row[0]
                conn.execute("DELETE FROM creator_terms WHERE creator_id = ?", (creator.id,))
                conn.execute("DELETE FROM audience_shares WHERE creator_id = ?", (creator.id,))
                terms = [("language", v, creator.id) for v in creator.languages]
                terms += [("category", v, creator.id) for v in creator.categories]
                conn.executemany("INSERT INTO creator_terms VALUES (?, ?, ?)", terms)
                if creator.audience:
                    shares = [
                        (dim, key, creator.id, share)
                        for dim in ("countries", "age", "gender")
                        for key, share in getattr(creator.audience, dim).items()
                    ]
                    conn.executemany("INSERT INTO audience_shares VALUES (?, ?, ?, ?)", shares)
                conn.execute("DELETE FROM creators_fts WHERE rowid = ?", (rowid,))
                conn.execute(
                    "INSERT INTO creators_fts (rowid, profile, content) VALUES (?, ?, ?)",
                    (rowid, creator.profile_text(),
                     "\n".join(c.text() for c in creator.content)),
                )

    def delete(self, ids: Sequence[str]) -> list[str]:
        gone: list[str] = []
        with self.db.transaction() as conn:
            for cid in ids:
                row = conn.execute("SELECT rowid FROM creators WHERE id = ?", (cid,)).fetchone()
                if row is None:
                    continue
                conn.execute("DELETE FROM creators_fts WHERE rowid = ?", (row[0],))
                conn.execute("DELETE FROM creator_terms WHERE creator_id = ?", (cid,))
                conn.execute("DELETE FROM audience_shares WHERE creator_id = ?", (cid,))
                conn.execute("DELETE FROM creators WHERE id = ?", (cid,))
                gone.append(cid)
        return gone

    # -- reads ----------------------------------------------------------------
    def get(self, ids: Sequence[str]) -> dict[str, Creator]:
        out: dict[str, Creator] = {}
        for part in chunks(list(ids), 500):
            rows = self.db.query(
                f"SELECT id, doc FROM creators WHERE id IN ({','.join('?' * len(part))})",
                list(part),
            )
            for cid, doc in rows:
                out[cid] = Creator.model_validate_json(doc)
        return out

    def features(self, ids: Sequence[str]) -> FeatureRows:
        found: dict[str, tuple[Any, ...]] = {}
        for part in chunks(list(ids), 900):
            rows = self.db.query(
                "SELECT id, followers, avg_views, engagement_rate, estimated_cost_eur, "
                "last_posted_ts, flag_count, tier, audience FROM creators "
                f"WHERE id IN ({','.join('?' * len(part))})",
                list(part),
            )
            for row in rows:
                found[row[0]] = row
        order = [cid for cid in ids if cid in found]
        cols = [found[cid] for cid in order]

        def column(i: int) -> np.ndarray:
            return np.array([_nan(r[i]) for r in cols], dtype=np.float64)

        return FeatureRows(
            ids=order,
            followers=column(1),
            avg_views=column(2),
            engagement_rate=column(3),
            estimated_cost_eur=column(4),
            last_posted_ts=column(5),
            flag_count=column(6),
            tier=[r[7] for r in cols],
            audience=[json.loads(r[8]) if r[8] else None for r in cols],
        )

    def count(self) -> int:
        return int(self.db.query("SELECT COUNT(*) FROM creators")[0][0])

    def all_ids(self) -> list[str]:
        return [r[0] for r in self.db.query("SELECT id FROM creators ORDER BY id")]

    def filter_ids(self, spec: FilterSpec) -> list[str] | None:
        if spec.is_empty():
            return None
        where, params = where_clause(spec)
        rows = self.db.query(f"SELECT id FROM creators c WHERE {where} ORDER BY id", params)
        return [r[0] for r in rows if r[0] not in spec.exclude_ids]

    def lexical(self, text: str, spec: FilterSpec, k: int) -> list[tuple[str, float]]:
        query = fts_query(text)
        if query is None or k <= 0:
            return []
        where, params = where_clause(spec)
        rows = self.db.query(
            "SELECT c.id, -bm25(creators_fts, 2.0, 1.0) AS s FROM creators_fts "
            "JOIN creators c ON c.rowid = creators_fts.rowid "
            f"WHERE creators_fts MATCH ? AND {where} ORDER BY s DESC, c.id LIMIT ?",
            [query, *params, k + len(spec.exclude_ids)],
        )
        hits = [(cid, float(score)) for cid, score in rows if cid not in spec.exclude_ids]
        return hits[:k]

    def facets(self, spec: FilterSpec, fields: Sequence[str]) -> dict[str, dict[str, int]]:
        where, params = where_clause(spec)
        if spec.exclude_ids:
            marks = ",".join("?" * len(spec.exclude_ids))
            where += f" AND c.id NOT IN ({marks})"
            params = [*params, *sorted(spec.exclude_ids)]
        out: dict[str, dict[str, int]] = {}
        for name in fields:
            rows = self.db.query(_FACET_SQL[name].format(w=where), params)
            out[name] = dict(sorted(((str(v), int(n)) for v, n in rows),
                                    key=lambda kv: (-kv[1], kv[0])))
        return out

    def browse(
        self, spec: FilterSpec, sort: SortField, offset: int, limit: int
    ) -> tuple[list[str], int]:
        where, params = where_clause(spec)
        if spec.exclude_ids:
            marks = ",".join("?" * len(spec.exclude_ids))
            where += f" AND c.id NOT IN ({marks})"
            params = [*params, *sorted(spec.exclude_ids)]
        column = _SORT_SQL[sort]
        total = int(self.db.query(f"SELECT COUNT(*) FROM creators c WHERE {where}", params)[0][0])
        rows = self.db.query(
            f"SELECT id FROM creators c WHERE {where} "
            f"ORDER BY {column} IS NULL, {column} DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [r[0] for r in rows], total

    def ping(self) -> bool:
        self.db.query("SELECT 1")
        return True

    def close(self) -> None:
        """The shared :class:`Database` is closed by its owner."""
