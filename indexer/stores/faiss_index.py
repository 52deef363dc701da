"""Embedded vector index: FAISS in memory, made durable by a SQLite vector log.

Durability: every write puts the vectors in the ``vectors`` table and a row in
``vector_log`` inside the caller's SQLite transaction, so the records and their
vectors commit together. The FAISS index in memory is changed only after that
commit. At start the index is loaded from a FAISS snapshot saved beside its id
map (``<space>-<seq>.faiss`` + ``<space>.json``), then the log written since
that snapshot is replayed; without a usable snapshot it is rebuilt from the
table. Other processes' writes are picked up by :meth:`refresh` the same way.

Search: sets of at most ``exact_threshold`` vectors are scored exactly by
reconstructing them; larger sets use the FAISS index, restricted with an
``IDSelectorBatch`` when the caller passes allowed groups. FAISS ids are
internal (never ``-1``-padded to callers): each maps to ``(group, key)``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from indexer.stores.base import VectorHit
from indexer.stores.sqlite_db import Database

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    space TEXT NOT NULL, grp TEXT NOT NULL, key TEXT NOT NULL, vec BLOB NOT NULL,
    PRIMARY KEY (space, grp, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vector_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, space TEXT NOT NULL, grp TEXT NOT NULL
);
"""


class FaissVectorIndex:
    """:class:`~indexer.stores.base.VectorIndex` on FAISS with a SQLite vector log."""

    def __init__(
        self,
        db: Database,
        space: str,
        dim: int,
        snapshot_dir: Path,
        *,
        exact_threshold: int = 20_000,
    ) -> None:
        self.db = db
        self.space = space
        self.dim = dim
        self.snapshot_dir = snapshot_dir
        self.exact_threshold = exact_threshold
        with db.lock:
            db.conn.executescript(SCHEMA)
        self._reset()
        self._load()

    # -- in-memory state -------------------------------------------------------
    def _reset(self) -> None:
        self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        self._next_id = 0
        self._owner: dict[int, tuple[str, str]] = {}  # faiss id -> (group, key)
        self._rows: dict[str, list[int]] = {}  # group -> faiss ids
        self._seq = 0

    def _apply(self, group: str, vectors: dict[str, np.ndarray]) -> None:
        old = self._rows.pop(group, None)
        if old:
            self._index.remove_ids(np.asarray(old, dtype=np.int64))
            for fid in old:
                del self._owner[fid]
        if not vectors:
            return
        keys = list(vectors)
        mat = np.vstack([vectors[k] for k in keys]).astype(np.float32, copy=False)
        if mat.shape[1] != self.dim:
            raise ValueError(f"vector dimension {mat.shape[1]} != index dimension {self.dim}")
        ids = np.arange(self._next_id, self._next_id + len(keys), dtype=np.int64)
        self._next_id += len(keys)
        self._index.add_with_ids(mat, ids)
        self._rows[group] = ids.tolist()
        for fid, key in zip(ids.tolist(), keys, strict=True):
            self._owner[fid] = (group, key)

    def _apply_many(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        # Removing one id at a time from a flat index is O(n) each; batch them.
        stale = [fid for group, _ in groups for fid in self._rows.pop(group, [])]
        if stale:
            self._index.remove_ids(np.asarray(stale, dtype=np.int64))
            for fid in stale:
                del self._owner[fid]
        for group, vectors in groups:
            self._apply(group, vectors)

    # -- persistence -----------------------------------------------------------
    def _max_seq(self) -> int:
        row = self.db.query("SELECT MAX(seq) FROM vector_log WHERE space = ?", (self.space,))
        return int(row[0][0] or 0)

    def _load_group_vectors(self, groups: Sequence[str]) -> dict[str, dict[str, np.ndarray]]:
        out: dict[str, dict[str, np.ndarray]] = {g: {} for g in groups}
        for start in range(0, len(groups), 500):
            part = list(groups[start:start + 500])
            rows = self.db.query(
                f"SELECT grp, key, vec FROM vectors WHERE space = ? AND grp IN "
                f"({','.join('?' * len(part))})",
                [self.space, *part],
            )
            for grp, key, blob in rows:
                out[grp][key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def _manifest_path(self) -> Path:
        return self.snapshot_dir / f"{self.space}.json"

    def _load(self) -> None:
        manifest = self._manifest_path()
        if manifest.is_file():
            try:
                meta = json.loads(manifest.read_text())
                index = faiss.read_index(str(self.snapshot_dir / meta["file"]))
                if meta["dim"] != self.dim or meta["seq"] > self._max_seq():
                    raise ValueError("snapshot does not belong to this database")
                self._index = faiss.IndexIDMap2.cast(index) if hasattr(
                    faiss.IndexIDMap2, "cast") else index
                self._owner = {int(f): (g, k) for f, g, k in meta["ids"]}
                for fid, (group, _) in sorted(self._owner.items()):
                    self._rows.setdefault(group, []).append(fid)
                self._next_id = int(meta["next_id"])
                self._seq = int(meta["seq"])
                self.refresh()
                return
            except (OSError, ValueError, KeyError, RuntimeError) as exc:
                log.warning("ignoring unusable %s snapshot (%s); rebuilding", self.space, exc)
                self._reset()
        self._rebuild()

    def _rebuild(self) -> None:
        self._reset()
        self._seq = self._max_seq()
        rows = self.db.query("SELECT grp, key, vec FROM vectors WHERE space = ? ORDER BY grp",
                             (self.space,))
        grouped: dict[str, dict[str, np.ndarray]] = {}
        for grp, key, blob in rows:
            grouped.setdefault(grp, {})[key] = np.frombuffer(blob, dtype=np.float32)
        if grouped:
            keys = [(g, k) for g, vs in grouped.items() for k in vs]
            mat = np.vstack([grouped[g][k] for g, k in keys]).astype(np.float32, copy=False)
            ids = np.arange(len(keys), dtype=np.int64)
            self._index.add_with_ids(mat, ids)
            self._next_id = len(keys)
            for fid, (g, k) in enumerate(keys):
                self._owner[fid] = (g, k)
                self._rows.setdefault(g, []).append(fid)

    def save_snapshot(self) -> None:
        """Write ``<space>-<seq>.faiss`` and its id map atomically; drop older snapshots."""
        self.snapshot_dir.mkdir(parents=True, exist_ok=True)
        name = f"{self.space}-{self._seq}.faiss"
        tmp = self.snapshot_dir / f".{name}.tmp"
        faiss.write_index(self._index, str(tmp))
        os.replace(tmp, self.snapshot_dir / name)
        meta: dict[str, Any] = {
            "file": name, "seq": self._seq, "dim": self.dim, "next_id": self._next_id,
            "ids": [[fid, g, k] for fid, (g, k) in self._owner.items()],
        }
        tmp_manifest = self._manifest_path().with_suffix(".json.tmp")
        tmp_manifest.write_text(json.dumps(meta))
        os.replace(tmp_manifest, self._manifest_path())
        for old in self.snapshot_dir.glob(f"{self.space}-*.faiss"):
            if old.name != name:
                old.unlink(missing_ok=True)

    # -- VectorIndex -----------------------------------------------------------
    def upsert(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        if not groups:
            return
        staged = [(g, {k: np.asarray(v, dtype=np.float32) for k, v in vs.items()})
                  for g, vs in groups]
        with self.db.transaction() as conn:
            first = last = 0
            for group, vectors in staged:
                conn.execute("DELETE FROM vectors WHERE space = ? AND grp = ?",
                             (self.space, group))
                conn.executemany(
                    "INSERT INTO vectors VALUES (?, ?, ?, ?)",
                    [(self.space, group, k, v.tobytes()) for k, v in vectors.items()],
                )
                cur = conn.execute("INSERT INTO vector_log (space, grp) VALUES (?, ?)",
                                   (self.space, group))
                last = int(cur.lastrowid or 0)
                first = first or last
            self.db.on_commit(lambda: self._committed(staged, first, last), lambda: None)

    def _committed(self, staged: Sequence[tuple[str, dict[str, np.ndarray]]],
                   first: int, last: int) -> None:
        self._apply_many(staged)
        # Our writes were the only ones since our last look: no refresh needed.
        if self._next_log_is(first):
            self._seq = last

    def _next_log_is(self, first: int) -> bool:
        rows = self.db.query(
            "SELECT COUNT(*) FROM vector_log WHERE space = ? AND seq > ? AND seq < ?",
            (self.space, self._seq, first),
        )
        return int(rows[0][0]) == 0

    def delete_groups(self, groups: Sequence[str]) -> None:
        self.upsert([(g, {}) for g in groups])

    def refresh(self) -> None:
        # One query for the groups and the seq they reach: reading MAX(seq) separately could
        # skip past a write another process commits in between, losing it until a restart.
        rows = self.db.query(
            "SELECT grp, MAX(seq) FROM vector_log WHERE space = ? AND seq > ? GROUP BY grp",
            (self.space, self._seq),
        )
        if not rows:
            return
        seq = max(int(r[1]) for r in rows)
        changed = [r[0] for r in rows]
        fresh = self._load_group_vectors(changed)
        self._apply_many([(g, fresh[g]) for g in changed])
        self._seq = seq

    def count(self) -> int:
        return len(self._rows)

    def groups(self) -> list[str]:
        """Every group holding vectors, sorted."""
        return sorted(self._rows)

    def replace_with(self, staged: FaissVectorIndex, chunk: int = 500) -> None:
        """Hold exactly ``staged``'s groups and vectors: groups it lacks are deleted, the
        others copied. Call inside a transaction of this index's database, so the change
        commits at once."""
        keep = staged.groups()
        drop = sorted(set(self._rows) - set(keep))
        for start in range(0, len(drop), chunk):
            self.delete_groups(drop[start:start + chunk])
        for start in range(0, len(keep), chunk):
            self.upsert([(g, staged.vectors(g)) for g in keep[start:start + chunk]])

    def vectors(self, group: str) -> dict[str, np.ndarray]:
        ids = self._rows.get(group, [])
        if not ids:
            return {}
        mat = self._index.reconstruct_batch(np.asarray(ids, dtype=np.int64))
        return {self._owner[fid][1]: mat[i] for i, fid in enumerate(ids)}

    def _exact(self, query: np.ndarray, ids: list[int]) -> np.ndarray:
        if not ids:
            return np.zeros(0, dtype=np.float32)
        mat = self._index.reconstruct_batch(np.asarray(ids, dtype=np.int64))
        return mat @ query.astype(np.float32)

    def scores_per_group(
        self, query: np.ndarray, groups: Collection[str]
    ) -> dict[str, list[tuple[str, float]]]:
        ids = [fid for g in groups for fid in self._rows.get(g, [])]
        scores = self._exact(query, ids)
        out: dict[str, list[tuple[str, float]]] = {}
        for fid, score in zip(ids, scores.tolist(), strict=True):
            group, key = self._owner[fid]
            out.setdefault(group, []).append((key, float(score)))
        for hits in out.values():
            hits.sort(key=lambda h: (-h[1], h[0]))
        return out

    def best_per_group(self, query: np.ndarray, groups: Collection[str]) -> dict[str, VectorHit]:
        return {g: VectorHit(g, hits[0][0], hits[0][1])
                for g, hits in self.scores_per_group(query, groups).items()}

    def search(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None
    ) -> list[VectorHit]:
        if k <= 0 or not self._rows:
            return []
        if groups is not None:
            ids = [fid for g in groups for fid in self._rows.get(g, [])]
            if len(ids) <= self.exact_threshold:
                best = self.best_per_group(query, groups)
                return sorted(best.values(), key=lambda h: (-h.score, h.group))[:k]
            selector: Any = faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))
            total = len(ids)
        else:
            selector = None
            total = self._index.ntotal
        per_group = max(1.0, self._index.ntotal / max(1, len(self._rows)))
        want = min(total, int(k * per_group * 2) + 8)
        while True:
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
            scores, fids = self._index.search(query.reshape(1, -1).astype(np.float32), want,
                                              params=params)
            best: dict[str, VectorHit] = {}
            for fid, score in zip(fids[0].tolist(), scores[0].tolist(), strict=True):
                if fid < 0:
                    continue
                group, key = self._owner[fid]
                if group not in best:
                    best[group] = VectorHit(group, key, float(score))
            if len(best) >= k or want >= total:
                return sorted(best.values(), key=lambda h: (-h.score, h.group))[:k]
            want = min(total, want * 2)

    def close(self) -> None:
        """Nothing to release; the shared database is closed by its owner."""
