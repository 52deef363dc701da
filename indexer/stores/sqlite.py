"""Embedded document store: SQLite tables for records and filters, FTS5 for BM25.

Multi-valued fields (languages, categories) and audience shares live in side
tables so every filter is an indexed SQL predicate. A creator with an unknown
value never passes a filter on that value: Scout does not guess.

SQLite is the truth. Per-query reads (filters, features, facets, browse, BM25)
are answered from an in-memory mirror (:mod:`indexer.stores.columns`,
:mod:`indexer.stores.lexical`) built on first use, kept current from the
``doc_log`` change log (this process's commits apply at once; other processes'
are replayed on the next read) and snapshotted by :meth:`save_snapshot` for a
fast next start. Inside an open transaction reads go to SQL, which sees the
transaction's own writes.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.card import Card, card_json, card_of, read_cards
from indexer.features import (
    DERIVED_VERSION,
    CreatorFeatures,
    derived_from_json,
    derived_json,
    remember,
)
from indexer.stores.base import (
    DERIVED_STATS,
    MINIMUM_COLUMNS,
    Also,
    CollabRule,
    FeatureRows,
    FilterSpec,
    IndexedCreator,
    SortField,
    chunks,
    facets_from_records,
    resolve_also,
)
from indexer.stores.columns import Columns, Row
from indexer.stores.ids import IdSet, Numbering, numbers_of
from indexer.stores.lexical import Bm25
from indexer.stores.sqlite_db import Database, RWLock
from indexer.text import fts_query, fts_words
from ranker.credibility import credibility
from schemas import Creator
from schemas.creator import STORED

log = logging.getLogger(__name__)

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
    doc TEXT NOT NULL,
    updated_ts REAL,
    confidence_rank INTEGER,
    collabs TEXT,
    credibility REAL,
    follower_growth_30d REAL,
    follower_growth_90d REAL,
    view_growth_30d REAL,
    view_growth_90d REAL,
    derived TEXT,
    card TEXT
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
CREATE TABLE IF NOT EXISTS doc_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, creator_id TEXT NOT NULL
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


#: Columns added after v1 tables existed: added to older databases on open, then filled
#: from each stored record (:meth:`SqliteDocumentStore._migrate`).
_ADDED_COLUMNS = (("updated_ts", "REAL"), ("confidence_rank", "INTEGER"), ("collabs", "TEXT"),
                  *((name, "REAL") for name in DERIVED_STATS))


def _collab_sql(rule: CollabRule, params: list[Any]) -> str:
    """``EXISTS`` a collaboration of ``c`` matching ``rule`` (``collabs`` is a JSON list of
    ``[brand key, category, timestamp]``)."""
    either: list[str] = []
    if rule.brands:
        either.append(_in("json_extract(j.value, '$[0]')", rule.brands, params))
    if rule.categories:
        either.append(_in("json_extract(j.value, '$[1]')", rule.categories, params))
    cond = f"({' OR '.join(either) or '0'})"
    if rule.since_ts is not None:
        cond += " AND json_extract(j.value, '$[2]') >= ?"
        params.append(rule.since_ts)
    return f"EXISTS (SELECT 1 FROM json_each(COALESCE(c.collabs, '[]')) j WHERE {cond})"


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
    if spec.max_confidence_rank is not None:
        parts.append("c.confidence_rank <= ?")
        params.append(spec.max_confidence_rank)
    if spec.updated_since_ts is not None:
        unknown = " OR c.updated_ts IS NULL" if spec.updated_unknown_ok else ""
        parts.append(f"(c.updated_ts >= ?{unknown})")
        params.append(spec.updated_since_ts)
    if spec.without_collabs is not None:
        parts.append("NOT " + _collab_sql(spec.without_collabs, params))
    if spec.with_collabs is not None:
        parts.append(_collab_sql(spec.with_collabs, params))
    for column, low in spec.minimums:
        if column not in MINIMUM_COLUMNS:
            raise ValueError(f"no minimum filter on {column!r}")
        parts.append(f"c.{column} >= ?")
        params.append(low)
    for rule in spec.audience:
        params.append(rule.dim)
        keys = _in("key", rule.keys, params)
        params.append(rule.share - 1e-9)
        parts.append(
            "c.id IN (SELECT creator_id FROM audience_shares WHERE dim = ? AND "
            f"{keys} GROUP BY creator_id HAVING SUM(share) >= ?)"
        )
    return (" AND ".join(parts) or "1"), params


#: Parsed records kept by :meth:`SqliteDocumentStore.get`: 25 pages of 20 (~25 KB each
#: with its JSON on the sample data, ~13 MB).
PARSED_CACHE = 512
#: Records re-derived per transaction when a database gains the ``derived`` column.
DERIVED_BATCH = 5_000


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


@dataclass
class _Mirror:
    """The in-memory read side: columns, BM25 postings and the log seq they reflect."""

    columns: Columns
    bm25: Bm25
    seq: int
    lock: RWLock


def _texts(creator: Creator) -> tuple[str, str]:
    return creator.profile_text(), "\n".join(c.text() for c in creator.content)


class SqliteDocumentStore:
    """:class:`~indexer.stores.base.DocumentStore` on SQLite + FTS5, read from memory."""

    def __init__(self, db: Database, *, numbering: Numbering | None = None,
                 snapshot_dir: Path | None = None, derived_batch: int = DERIVED_BATCH) -> None:
        self.db = db
        #: Creators per transaction when saving the derived facts of an older database.
        self.derived_batch = derived_batch
        self.numbering = numbering if numbering is not None else Numbering()
        self.snapshot_dir = snapshot_dir if snapshot_dir is not None else db.path.parent / "docs"
        self._mirror: _Mirror | None = None
        self._build_lock = threading.Lock()
        self._version = 0  # bumped by every change of what reads see (see ``version``)
        #: Parsed records by their stored JSON (see :meth:`get`).
        self._parsed: OrderedDict[str, Creator] = OrderedDict()
        self._parsed_lock = threading.Lock()
        self.parsed_cache_size = PARSED_CACHE
        with db.lock:
            db.conn.executescript(SCHEMA)
            self._migrate()
            self._fill_derived()
            if not len(self.numbering):
                # numbers in id order: candidates sorted by number are sorted by id (ids.py)
                self.numbering.seed(cid for (cid,) in db.conn.execute(
                    "SELECT id FROM creators ORDER BY id"))

    def _migrate(self) -> None:
        """Add the columns newer than the database and fill them from the stored records
        (so competitor and confidence filters never skip creators indexed before)."""
        have = {r[1] for r in self.db.conn.execute("PRAGMA table_info(creators)")}
        missing = [(name, kind) for name, kind in _ADDED_COLUMNS if name not in have]
        if not missing:
            return
        log.info("adding %s to the creators table", ", ".join(n for n, _ in missing))
        with self.db.transaction() as conn:
            for name, kind in missing:
                conn.execute(f"ALTER TABLE creators ADD COLUMN {name} {kind}")
            rows = conn.execute("SELECT id, doc FROM creators").fetchall()
            for cid, doc in rows:
                feats = CreatorFeatures.of(Creator.model_validate_json(doc, context=STORED))
                conn.execute("UPDATE creators SET updated_ts = ?, confidence_rank = ?, "
                             "collabs = ?, " + ", ".join(f"{n} = ?" for n in DERIVED_STATS)
                             + " WHERE id = ?",
                             (feats.updated_ts, feats.confidence_rank,
                              json.dumps(feats.collabs),
                              *(getattr(feats, n) for n in DERIVED_STATS), cid))
                self._log(conn, cid)

    def _fill_derived(self) -> None:
        """Save the derived facts results show for records stored without them: the
        ``derived`` column (credibility and features as JSON) and the ``card`` column
        (:mod:`indexer.card`), for a database from before either column, or from an
        older :data:`~indexer.features.DERIVED_VERSION` (``meta.derived_version`` says
        which the table holds). They live in the record's row, so a page of results
        reads no other table and parses no record. Idempotent; logs its progress."""
        self.db.ensure_meta()
        conn = self.db.conn
        have = {r[1] for r in conn.execute("PRAGMA table_info(creators)")}
        added = [name for name in ("derived", "card") if name not in have]
        if added:
            with self.db.transaction():
                for name in added:
                    conn.execute(f"ALTER TABLE creators ADD COLUMN {name} TEXT")
        elif self.db.get_meta("derived_version") == str(DERIVED_VERSION):
            return
        stale = ("(derived IS NULL OR card IS NULL OR json_extract(derived, '$.v') IS NOT ?1"
                 " OR json_extract(card, '$.v') IS NOT ?1)")
        todo = int(conn.execute(f"SELECT COUNT(*) FROM creators WHERE {stale}",
                                (DERIVED_VERSION,)).fetchone()[0])
        if todo:
            log.info("saving the derived facts of %d stored creators", todo)
        done, after = 0, ""
        while done < todo:  # in id order, so each batch starts where the last one ended
            with self.db.transaction():
                rows = conn.execute(f"SELECT id, doc FROM creators WHERE {stale} AND id > ?2 "
                                    "ORDER BY id LIMIT ?3",
                                    (DERIVED_VERSION, after, self.derived_batch)).fetchall()
                for cid, doc in rows:
                    creator = Creator.model_validate_json(doc, context=STORED)
                    cred = credibility(creator)
                    facts = (cred, CreatorFeatures.of(creator, checked=cred))
                    conn.execute("UPDATE creators SET derived = ?, card = ? WHERE id = ?",
                                 (derived_json(facts), card_json(card_of(creator, facts)), cid))
            if not rows:
                break
            done += len(rows)
            after = rows[-1][0]
            log.info("derived facts saved for %d of %d creators", min(done, todo), todo)
        with self.db.transaction():
            conn.execute("DROP TABLE IF EXISTS creator_derived")  # where a 2026-12 build kept them
        self.db.set_meta("derived_version", str(DERIVED_VERSION))

    # -- writes ---------------------------------------------------------------
    def upsert(self, docs: Sequence[IndexedCreator]) -> None:
        with self.db.transaction() as conn:
            first = last = 0
            for item in docs:
                creator, feats = item.creator, item.features
                facts = (credibility(creator), feats)
                audience = creator.audience.model_dump() if creator.audience else None
                row = conn.execute(
                    """INSERT INTO creators (id, platform, country, tier, followers, avg_views,
                           engagement_rate, estimated_cost_eur, last_posted_ts, flag_count,
                           audience, doc, updated_ts, confidence_rank, collabs, credibility,
                           follower_growth_30d, follower_growth_90d, view_growth_30d,
                           view_growth_90d, derived, card)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(id) DO UPDATE SET platform = excluded.platform,
                           country = excluded.country, tier = excluded.tier,
                           followers = excluded.followers, avg_views = excluded.avg_views,
                           engagement_rate = excluded.engagement_rate,
                           estimated_cost_eur = excluded.estimated_cost_eur,
                           last_posted_ts = excluded.last_posted_ts,
                           flag_count = excluded.flag_count, audience = excluded.audience,
                           doc = excluded.doc, updated_ts = excluded.updated_ts,
                           confidence_rank = excluded.confidence_rank,
                           collabs = excluded.collabs, credibility = excluded.credibility,
                           follower_growth_30d = excluded.follower_growth_30d,
                           follower_growth_90d = excluded.follower_growth_90d,
                           view_growth_30d = excluded.view_growth_30d,
                           view_growth_90d = excluded.view_growth_90d,
                           derived = excluded.derived, card = excluded.card
                       RETURNING rowid""",
                    (
                        creator.id, creator.platform, creator.country, feats.tier,
                        creator.followers, feats.avg_views, feats.engagement_rate,
                        feats.estimated_cost_eur, feats.last_posted_ts,
                        len(creator.brand_safety_flags),
                        json.dumps(audience) if audience else None,
                        creator.model_dump_json(exclude_none=True),
                        feats.updated_ts, feats.confidence_rank, json.dumps(feats.collabs),
                        *(getattr(feats, name) for name in DERIVED_STATS),
                        derived_json(facts), card_json(card_of(creator, facts)),
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
                profile, content = _texts(creator)
                conn.execute(
                    "INSERT INTO creators_fts (rowid, profile, content) VALUES (?, ?, ?)",
                    (rowid, profile, content),
                )
                last = self._log(conn, creator.id)
                first = first or last
            if docs:
                rows = [Row.of(item) for item in docs]
                texts = [(item.creator.id, *_texts(item.creator)) for item in docs]
                self.db.on_commit(lambda: self._committed(rows, texts, [], first, last),
                                  lambda: None)

    @staticmethod
    def _log(conn: Any, cid: str) -> int:
        cur = conn.execute("INSERT INTO doc_log (creator_id) VALUES (?)", (cid,))
        return int(cur.lastrowid or 0)

    def delete(self, ids: Sequence[str]) -> list[str]:
        gone: list[str] = []
        with self.db.transaction() as conn:
            first = last = 0
            for cid in ids:
                row = conn.execute("SELECT rowid FROM creators WHERE id = ?", (cid,)).fetchone()
                if row is None:
                    continue
                conn.execute("DELETE FROM creators_fts WHERE rowid = ?", (row[0],))
                conn.execute("DELETE FROM creator_terms WHERE creator_id = ?", (cid,))
                conn.execute("DELETE FROM audience_shares WHERE creator_id = ?", (cid,))
                conn.execute("DELETE FROM creators WHERE id = ?", (cid,))
                gone.append(cid)
                last = self._log(conn, cid)
                first = first or last
            if gone:
                self.db.on_commit(lambda: self._committed([], [], list(gone), first, last),
                                  lambda: None)
        return gone

    def _committed(self, rows: list[Row], texts: list[tuple[str, str, str]],
                   deleted: list[str], first: int, last: int) -> None:
        """After commit (database lock held): apply this process's write to the mirror."""
        mirror = self._mirror
        if mirror is None:
            self._version += 1
            return  # nothing built yet; the first read builds from the tables
        foreign = self.db.query("SELECT COUNT(*) FROM doc_log WHERE seq > ? AND seq < ?",
                                (mirror.seq, first))[0][0]
        with mirror.lock.write():
            self._apply(mirror, rows, texts, deleted)
            if not foreign:
                mirror.seq = max(mirror.seq, last)

    def _apply(self, mirror: _Mirror, rows: list[Row], texts: list[tuple[str, str, str]],
               deleted: list[str]) -> None:
        mirror.columns.apply(rows, deleted)
        num = self.numbering.add
        mirror.bm25.apply([(num(cid), p, c) for cid, p, c in texts],
                          [n for n in self.numbering.lookup(deleted).tolist()])
        self._version += 1

    # -- the mirror ------------------------------------------------------------
    def _ready(self) -> _Mirror | None:
        """The mirror, current with every commit; None inside an open transaction."""
        if self.db.in_transaction():
            return None
        with self.db.lock:
            top = int(self.db.query("SELECT MAX(seq) FROM doc_log")[0][0] or 0)
            mirror = self._mirror
            if mirror is not None and mirror.seq >= top:
                return mirror
            if mirror is None:
                with self._build_lock:
                    if self._mirror is None:
                        self._mirror = self._open_mirror()
                mirror = self._mirror
            self._replay(mirror)
            return mirror

    def refresh(self) -> None:
        """Pick up other processes' writes now (reads do it anyway)."""
        self._ready()

    @property
    def version(self) -> int | None:
        """Changes whenever what reads see changes: a commit of this process, or another
        process's once :meth:`refresh` (or a read) applied it. None while a transaction is
        open on the connection: reads then see writes that may still roll back."""
        return None if self.db.in_transaction() else self._version

    def _replay(self, mirror: _Mirror) -> None:
        """Apply the log written since ``mirror.seq`` (database lock held by the caller)."""
        rows = self.db.query(
            "SELECT creator_id, MAX(seq) FROM doc_log WHERE seq > ? GROUP BY creator_id",
            (mirror.seq,))
        if not rows:
            return
        seq = max(int(r[1]) for r in rows)
        changed = [r[0] for r in rows]
        fresh, texts = self._read_rows(changed)
        deleted = [cid for cid in changed if cid not in fresh]
        with mirror.lock.write():
            self._apply(mirror, list(fresh.values()), texts, deleted)
            mirror.seq = max(mirror.seq, seq)

    _ROW_SQL = (
        "SELECT c.id, c.platform, c.country, c.tier, c.followers, c.avg_views, "
        "c.engagement_rate, c.estimated_cost_eur, c.last_posted_ts, c.flag_count, c.audience, "
        "(SELECT group_concat(t.field || char(31) || t.value, char(30)) FROM creator_terms t "
        "WHERE t.creator_id = c.id), c.rowid, c.updated_ts, c.confidence_rank, c.collabs, "
        + ", ".join(f"c.{name}" for name in DERIVED_STATS) + " FROM creators c "
    )

    @staticmethod
    def _row(r: Sequence[Any]) -> Row:
        langs: list[str] = []
        cats: list[str] = []
        for term in (r[11] or "").split("\x1e") if r[11] else []:
            field, value = term.split("\x1f", 1)
            (langs if field == "language" else cats).append(value)
        return Row(
            id=r[0], platform=r[1], country=r[2], tier=r[3],
            numbers=tuple(_nan(v) for v in (*r[4:10], r[13], r[14],
                                            *r[16:16 + len(DERIVED_STATS)])),
            languages=tuple(sorted(langs)), categories=tuple(sorted(cats)),
            audience=json.loads(r[10]) if r[10] else None,
            collabs=tuple((b, c, float(t)) for b, c, t in json.loads(r[15] or "[]")),
        )

    def _read_rows(self, ids: Sequence[str]
                   ) -> tuple[dict[str, Row], list[tuple[str, str, str]]]:
        """Mirror rows and FTS texts of ``ids`` (the ones still stored) from the tables."""
        out: dict[str, Row] = {}
        texts: list[tuple[str, str, str]] = []
        for part in chunks(list(ids), 500):
            marks = ",".join("?" * len(part))
            for r in self.db.query(self._ROW_SQL + f"WHERE c.id IN ({marks})", list(part)):
                out[r[0]] = self._row(r)
            for cid, profile, content in self.db.query(
                    "SELECT c.id, f.profile, f.content FROM creators c JOIN creators_fts f "
                    f"ON f.rowid = c.rowid WHERE c.id IN ({marks})", list(part)):
                texts.append((cid, profile or "", content or ""))
        return out, texts

    def _manifest(self) -> Path:
        return self.snapshot_dir / "docs.json"

    def _open_mirror(self) -> _Mirror:
        """Load the snapshot if it fits this database, else build from the tables."""
        manifest = self._manifest()
        if manifest.is_file():
            try:
                meta = json.loads(manifest.read_text())
                top = int(self.db.query("SELECT MAX(seq) FROM doc_log")[0][0] or 0)
                if meta["seq"] > top:
                    raise ValueError("snapshot does not belong to this database")
                columns, seq = Columns.load(self.snapshot_dir / meta["columns"], self.numbering)
                bm25 = Bm25.load(self.snapshot_dir / meta["bm25"],
                                 {cid: self.numbering.add(cid) for cid in columns.sorted_ids()},
                                 len(self.numbering))
                mirror = _Mirror(columns, bm25, seq, RWLock())
                self._replay(mirror)
                count = int(self.db.query("SELECT COUNT(*) FROM creators")[0][0])
                if mirror.columns.count() != count:
                    raise ValueError("snapshot disagrees with the tables")
                return mirror
            except (OSError, ValueError, KeyError) as exc:
                log.warning("ignoring unusable document snapshot (%s); rebuilding", exc)
        return self._build_mirror()

    def _build_mirror(self) -> _Mirror:
        """Read every creator (database lock held, so nothing commits meanwhile)."""
        seq = int(self.db.query("SELECT MAX(seq) FROM doc_log")[0][0] or 0)
        columns = Columns(self.numbering)
        rowids: dict[int, int] = {}
        last = -1
        while True:
            rows = self.db.query(self._ROW_SQL + "WHERE c.rowid > ? ORDER BY c.rowid LIMIT ?",
                                 (last, 20_000))
            if not rows:
                break
            columns.apply([self._row(r) for r in rows], [])
            for r in rows:
                rowids[int(r[12])] = self.numbering.add(r[0])
            last = int(rows[-1][12])
        bm25 = Bm25.from_fts(self.db.conn, "creators_fts", rowids, len(self.numbering))
        return _Mirror(columns, bm25, seq, RWLock())

    def save_snapshot(self) -> None:
        """Write the mirror beside the database so the next start need not rebuild it."""
        mirror = self._ready()
        if mirror is None:
            return
        self.snapshot_dir.mkdir(parents=True, exist_ok=True)
        with mirror.lock.write():
            live = mirror.columns.alive_nums()
            ids = [self.numbering.ids[n] for n in live.tolist()]
            mirror.columns.save(self.snapshot_dir / "columns.npz", mirror.seq)
            mirror.bm25.save(self.snapshot_dir / "bm25.npz", ids, live)
            tmp = self._manifest().with_suffix(".json.tmp")
            tmp.write_text(json.dumps({"seq": mirror.seq, "columns": "columns.npz",
                                       "bm25": "bm25.npz"}))
            tmp.replace(self._manifest())

    def memory_bytes(self) -> int:
        mirror = self._mirror
        return 0 if mirror is None else mirror.columns.nbytes() + mirror.bm25.nbytes()

    # -- reads ----------------------------------------------------------------
    def get(self, ids: Sequence[str]) -> dict[str, Creator]:
        """The stored records of ``ids`` (missing ids are left out).

        Parsing a record's JSON into its models costs more than reading it (~75-125 us
        with ``context=STORED``, which skips the validators' normalising: the record was
        normalised when written), and a page of results parses 20: records are cached by
        their exact stored JSON (an LRU of
        :data:`PARSED_CACHE` entries), so a changed record is parsed afresh and no
        invalidation is needed. The returned models may be shared between calls:
        callers copy before changing one (``model_copy(deep=True)``).
        """
        out: dict[str, Creator] = {}
        cache = self._parsed
        for part in chunks(list(ids), 500):
            rows = self.db.query(
                f"SELECT id, doc, derived FROM creators WHERE id IN ({','.join('?' * len(part))})",
                list(part),
            )
            for cid, doc, saved in rows:
                with self._parsed_lock:
                    creator = cache.get(doc)
                    if creator is not None:
                        cache.move_to_end(doc)
                if creator is None:
                    creator = Creator.model_validate_json(doc, context=STORED)
                    value = derived_from_json(saved) if saved else None
                    if value is not None:
                        remember(creator, value)
                    with self._parsed_lock:
                        cache[doc] = creator
                        while len(cache) > self.parsed_cache_size:
                            cache.popitem(last=False)
                out[cid] = creator
        return out

    def cards(self, ids: Sequence[str]) -> dict[str, Card]:
        """The cards of ``ids`` (missing ids are left out), as saved with their records:
        a page of results reads these, not the records (:mod:`indexer.card`)."""
        rows = (row for part in chunks(list(ids), 500) for row in self.db.query(
            f"SELECT id, card FROM creators WHERE id IN ({','.join('?' * len(part))})",
            list(part)))
        return read_cards(rows, self.get)

    def features(self, ids: Sequence[str]) -> FeatureRows:
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                return mirror.columns.features(ids)
        return self._sql_features(ids)

    def _sql_features(self, ids: Sequence[str]) -> FeatureRows:
        found: dict[str, tuple[Any, ...]] = {}
        for part in chunks(list(ids), 900):
            rows = self.db.query(
                "SELECT id, followers, avg_views, engagement_rate, estimated_cost_eur, "
                "last_posted_ts, flag_count, tier, audience, "
                + ", ".join(DERIVED_STATS) + " FROM creators "
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
            **{name: column(9 + i) for i, name in enumerate(DERIVED_STATS)},
        )

    def count(self) -> int:
        mirror = self._ready()
        if mirror is not None:
            return mirror.columns.count()
        return int(self.db.query("SELECT COUNT(*) FROM creators")[0][0])

    def all_ids(self) -> list[str]:
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                return mirror.columns.sorted_ids()
        return [r[0] for r in self.db.query("SELECT id FROM creators ORDER BY id")]

    def select(self, spec: FilterSpec) -> IdSet | None:
        """The creators passing ``spec`` (exclusions applied) as an :class:`IdSet` shared
        with the vector indexes, or None when ``spec`` filters nothing. Same answer as
        :meth:`filter_ids`, without building a list of strings."""
        if spec.is_empty():
            return None
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                nums = mirror.columns.select(spec)
            return IdSet(self.numbering, np.zeros(0) if nums is None else nums)
        return IdSet.of(self.numbering, self._sql_filter_ids(spec) or [])

    def filter_ids(self, spec: FilterSpec) -> list[str] | None:
        if spec.is_empty():
            return None
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                nums = mirror.columns.select(spec)
            ids = self.numbering.ids
            return sorted(ids[n] for n in ([] if nums is None else nums.tolist()))
        return self._sql_filter_ids(spec)

    def _sql_filter_ids(self, spec: FilterSpec) -> list[str] | None:
        if spec.is_empty():
            return None
        where, params = where_clause(spec)
        rows = self.db.query(f"SELECT id FROM creators c WHERE {where} ORDER BY id", params)
        return [r[0] for r in rows if r[0] not in spec.exclude_ids]

    def lexical(self, text: str, spec: FilterSpec, k: int,
                also: Also = ()) -> list[tuple[str, float]]:
        words = fts_words(text)
        if not words or (k <= 0 and not also):
            return []
        scored = self._bm25_top(words, spec, k)
        if scored is None:
            return self._sql_lexical(text, spec, k, also)
        nums, scores, top = scored
        ids = self.numbering.ids
        hits = sorted(zip(map(ids.__getitem__, nums[top].tolist()), scores[top].tolist(),
                          strict=True), key=lambda h: (-h[1], h[0]))
        rest = _also_mask(self.numbering, nums, resolve_also(also)) & ~top
        return hits + sorted(zip(map(ids.__getitem__, nums[rest].tolist()),
                                 scores[rest].tolist(), strict=True))

    def lexical_numbers(self, text: str, spec: FilterSpec, k: int, also: Also = ()
                        ) -> tuple[np.ndarray, np.ndarray] | None:
        """What :meth:`lexical` finds, as (numbers of :attr:`numbering`, scores), in no
        particular order: no id is looked up, built into a pair or sorted (a ranker
        sharing the numbering unites them with its vector candidates by number). None
        where only SQL answers (the mirror not built yet, or a multi-token phrase): the
        caller asks :meth:`lexical`."""
        words = fts_words(text)
        if not words or (k <= 0 and not also):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        scored = self._bm25_top(words, spec, k)
        if scored is None:
            return None
        nums, scores, top = scored
        keep = top | _also_mask(self.numbering, nums, resolve_also(also))
        return nums[keep], scores[keep]

    def _bm25_top(self, words: list[str], spec: FilterSpec, k: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """BM25 over the mirror: every scored creator's (number, score) and which of them
        are the best ``k`` (ties by id, as ``ORDER BY s DESC, id``); None where only SQL
        answers. The arrays are this pass's own and numbers are never reused, so the
        caller reads them outside the lock, while ``also`` may still be waited for."""
        mirror = self._ready()
        if mirror is None:
            return None
        with mirror.lock.read():
            allowed = None if spec.is_empty() else mirror.columns.select(spec)
            found = mirror.bm25.scores(words, among=allowed)
            if found is None:
                return None
            return (*found, _top_mask(self.numbering.ids, *found, k))

    def _sql_lexical(self, text: str, spec: FilterSpec, k: int,
                     also: Also = ()) -> list[tuple[str, float]]:
        query = fts_query(text)
        if query is None or (k <= 0 and not also):
            return []
        where, params = where_clause(spec)
        select = ("SELECT c.id, -bm25(creators_fts, 2.0, 1.0) AS s FROM creators_fts "
                  "JOIN creators c ON c.rowid = creators_fts.rowid "
                  f"WHERE creators_fts MATCH ? AND {where}")
        hits: list[tuple[str, float]] = []
        if k > 0:
            rows = self.db.query(f"{select} ORDER BY s DESC, c.id LIMIT ?",
                                 [query, *params, k + len(spec.exclude_ids)])
            hits = [(cid, float(score)) for cid, score in rows
                    if cid not in spec.exclude_ids][:k]
        seen = {cid for cid, _ in hits} | spec.exclude_ids
        rest: list[tuple[str, float]] = []
        for part in chunks(sorted(set(resolve_also(also)) - seen), 900):
            rows = self.db.query(f"{select} AND c.id IN ({','.join('?' * len(part))})",
                                 [query, *params, *part])
            rest += [(cid, float(score)) for cid, score in rows]
        return hits + sorted(rest)

    def facets(self, spec: FilterSpec, fields: Sequence[str]) -> dict[str, dict[str, int]]:
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                return mirror.columns.facets(mirror.columns.select(spec), fields)
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

    def facets_of(self, ids: Sequence[str], fields: Sequence[str]) -> dict[str, dict[str, int]]:
        """Facet counts over the creators ``ids`` (e.g. the matches of a text search)."""
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                return mirror.columns.facets_of(ids, fields)
        return facets_from_records(self, ids, fields)

    def browse(
        self, spec: FilterSpec, sort: SortField, offset: int, limit: int
    ) -> tuple[list[str], int]:
        mirror = self._ready()
        if mirror is not None:
            with mirror.lock.read():
                return mirror.columns.browse(mirror.columns.select(spec), sort, offset, limit)
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


def _top_mask(ids: list[str], nums: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Which of the scored ``nums`` are the best ``k`` by score desc, ties by id (as
    ``ORDER BY s DESC, id``)."""
    if k <= 0:
        return np.zeros(nums.size, dtype=bool)
    if nums.size <= k:
        return np.ones(nums.size, dtype=bool)
    cut = np.partition(scores, nums.size - k)[nums.size - k]
    keep = scores > cut
    tied = np.flatnonzero(scores == cut)
    room = k - int(np.count_nonzero(keep))
    if tied.size > room:  # the ids sorting first among those tied at the cut
        tied = tied[sorted(range(tied.size), key=lambda i: ids[nums[tied[i]]])[:room]]
    keep[tied] = True
    return keep


def _also_mask(numbering: Numbering, nums: np.ndarray, also: Collection[str]) -> np.ndarray:
    """Which of the scored ``nums`` are creators of ``also``."""
    if not also:
        return np.zeros(nums.size, dtype=bool)
    if isinstance(also, IdSet) and also.numbering is numbering:
        return also.mask(len(numbering))[nums]  # a lookup per number, not a sort
    return np.isin(nums, numbers_of(numbering, also))
