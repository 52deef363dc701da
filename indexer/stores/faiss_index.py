"""Embedded vector index: vectors in memory (exact or HNSW), made durable by a SQLite log.

Durability: every write puts the vectors in the ``vectors`` table and a row in
``vector_log`` inside the caller's SQLite transaction, so the records and their
vectors commit together. The index in memory is changed only after that
commit. At start it is loaded from a snapshot saved beside its id map
(``<space>-<seq>.faiss`` + ``<space>-<seq>.npz`` + the manifest ``<space>.json``),
then the log written since that snapshot is replayed; without a usable
snapshot it is rebuilt from the table. Other processes' writes are picked up
by :meth:`refresh` the same way. The table is the truth; memory is a cache.

Index choice by size: up to ``hnsw_threshold`` live vectors the index is a
float32 matrix searched exactly (numpy). Above it, vectors are int8
scalar-quantized (``IndexHNSWSQ``: 384 bytes a vector instead of 1,536) in an
HNSW graph. HNSW cannot delete, so a replaced or deleted group's vectors become
tombstones (their group is set to -1 and a selector hides them) until
:meth:`compact` rebuilds the graph from the live vectors.

Search: a group's vectors are numbered contiguously, so "best vector per
group" is one pass over each group's rows: in HNSW mode a compiled loop over the
int8 codes where they lie (``indexer/stores/kernels.py``), in flat mode one
``reduceat`` over a gathered score vector. Filtered sets of at
most ``exact_threshold`` vectors are scored exactly; larger ones search the
graph with a selector over the allowed groups (translated per vector inside
FAISS, so no per-query work grows with the index) unless scoring them exactly is
cheaper. Groups found by the graph
are re-scored over all their vectors, so ``search`` and ``best_per_group``
agree. Internal ids never reach callers; ``-1`` padding never escapes.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import faiss
import numpy as np

from indexer.stores.base import VectorHit
from indexer.stores.ids import (
    IdSet,
    Numbering,
    StrTable,
    first_seen,
    numbers_of,
    unique_sorted,
)
from indexer.stores.kernels import (
    group_best_codes,
    group_best_sketch,
    present_groups,
    row_scores,
)
from indexer.stores.sqlite_db import Database, RWLock

log = logging.getLogger(__name__)
_T = TypeVar("_T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    space TEXT NOT NULL, grp TEXT NOT NULL, key TEXT NOT NULL, vec BLOB NOT NULL,
    PRIMARY KEY (space, grp, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vector_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, space TEXT NOT NULL, grp TEXT NOT NULL
);
"""

#: Vectors trained on when the int8 quantizer is fitted.
TRAIN_SAMPLE = 200_000
ADD_CHUNK = 50_000
#: ``compact`` rebuilds when at least this share of stored vectors are tombstones.
COMPACT_DEAD_SHARE = 0.25
_ALL_GROUPS = 1 << 62
#: Result lists up to this long are re-ranked on the exact vectors (above the threshold).
RERANK_MAX_K = 100
RERANK_MARGIN = 20
#: Allowed groups scored exactly to check a filtered graph search (see ``_filter_missed``).
FILTER_CHECK = 1024
#: A filtered graph search's distance computation costs about this many exact ones
#: (random access, the filter's rejections, retries). Paired at 1M creators, a 10% filter,
#: 400 wanted from 7.4M post vectors: the graph took 181 ms p50 / 2.6 s p95 for ~480,000
#: estimated computations, the exact scan of the 740,000 allowed vectors 100 / 121 ms.
GRAPH_COST_FACTOR = 3
#: Past this many vectors the graph's search list grows (see ``_ef_floor``); the default
#: of each index's ``ef_grows_past``.
EF_GROWS_PAST = 62_500
#: Codes decoded per block (2,048 x 384 float32 = 3 MB: fits in cache).
CODE_CHUNK = 2_048
#: Vectors a graph search lists per new group it finds, as a share of the vectors a group
#: has, at the median query: 1,512 post vectors listed found 596 creators (2.5 a creator
#: at 7.4 posts; 356 at the worst of 100 queries; 100,000 creators, docs/benchmarks.md,
#: the ``depth`` round). A search asked for ``at_least`` fewer groups than ``k`` sizes its
#: list for the median; one asked for exactly ``k`` for about the worst (``1 / 2``).
MEDIAN_YIELD = 1 / 3
#: Dimensions of a vector's sketch: its int8 coordinates on the vectors' main axes.
SKETCH_DIM = 64
#: Vectors the sketch's axes are fitted on (a seeded sample of the index's vectors).
SKETCH_SAMPLE = 20_000
#: A large exact search pre-scans the sketches and re-scores this many groups on the
#: full codes per group it returns (at least :data:`SKETCH_MIN_GROUPS`) ...
SKETCH_DEPTH = 4
SKETCH_MIN_GROUPS = 256
#: ... when the filter allows at least this many times as many groups.
SKETCH_SPARE = 4


@dataclass(frozen=True)
class AnnSettings:
    """When the index turns into HNSW, and how the graph is built and searched."""

    #: Live vectors above which the index is HNSW over int8 codes (exact float32 below).
    hnsw_threshold: int = 20_000
    #: Graph degree (links per node on the base layer: 2M).
    hnsw_m: int = 16
    ef_construction: int = 64
    #: Candidate list size of a search (raised for larger k and for filters).
    ef_search: int = 128

    def kwargs(self) -> dict[str, int]:
        return {"hnsw_threshold": self.hnsw_threshold, "hnsw_m": self.hnsw_m,
                "ef_construction": self.ef_construction, "ef_search": self.ef_search}


class GroupMemo:
    """Best vector per group for the latest query of one thread (see ``_best``).

    ``stamp[g] == serial`` marks group ``g`` as known for the current query, so a new
    query costs no clearing; the arrays only grow. ``computed`` counts the groups whose
    best was computed for the current query rather than found here."""

    __slots__ = ("computed", "fid", "key", "score", "serial", "stamp")

    def __init__(self) -> None:
        self.key: tuple[int, bytes] | None = None
        self.serial = 0
        self.computed = 0
        self.stamp = np.zeros(0, dtype=np.int32)
        self.fid = np.zeros(0, dtype=np.int64)
        self.score = np.zeros(0, dtype=np.float32)


class _Memos(threading.local):
    """Each thread's :class:`GroupMemo` (or the one it was lent: ``lent_memo``)."""

    memo: GroupMemo | None = None


def _affine_codes(hnsw: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The graph's int8 codes as a (vectors x dim) uint8 view, with the per-dimension
    ``scale`` and ``offset`` that decode them: ``vector = code * scale + offset``.

    FAISS's 8-bit scalar quantizer (``QT_8bit``) decodes component ``i`` of code ``c``
    as ``vmin[i] + (c + 0.5) / 255 * vdiff[i]``, which is this affine map. Working on
    it in numpy is ~10x faster than ``sa_decode`` (no SIMD for it in the wheel: 1.3 us a
    384-d vector against 0.13 us), and a score needs no decoded vector at all
    (``_query_terms``). The view is taken anew each call: ``add`` may move the codes."""
    storage, scale, offset = _quantizer(hnsw)
    codes = faiss.rev_swig_ptr(storage.codes.data(), storage.codes.size())
    return codes.reshape(-1, storage.code_size), scale, offset


#: Each graph's storage, scale and offset (``_quantizer``), for as long as it lives.
_QUANTIZERS: weakref.WeakKeyDictionary[Any, tuple[Any, np.ndarray, np.ndarray]] = (
    weakref.WeakKeyDictionary())


def _quantizer(hnsw: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    """The graph's storage and its quantizer's decoding ``scale`` and ``offset``, read
    once per graph: a trained quantizer never changes, and reading them through FAISS's
    wrappers (a downcast, a copy of its parameters) took 30-45 us, ~5 times a query."""
    known = _QUANTIZERS.get(hnsw)
    if known is None:
        storage = faiss.downcast_index(hnsw.storage)
        sq = storage.sq
        if sq.qtype != faiss.ScalarQuantizer.QT_8bit:
            raise ValueError(f"expected an 8-bit scalar quantizer, got qtype {sq.qtype}")
        if not storage.is_trained:
            raise ValueError("the graph's quantizer is not trained yet")
        vmin, vdiff = faiss.vector_to_array(sq.trained).reshape(2, -1)
        scale = (vdiff / 255.0).astype(np.float32)
        known = (storage, scale, (vmin + 0.5 * scale).astype(np.float32))
        _QUANTIZERS[hnsw] = known
    return known


def _query_terms(hnsw: Any, query: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The codes, and the query as the compiled loops take it: a decoded vector's score
    is ``q . (c * scale + offset) = c . (q * scale) + q . offset``, so no code is decoded."""
    codes, scale, offset = _affine_codes(hnsw)
    return codes, (query * scale).astype(np.float32), float(np.float32(query @ offset))


def _code_scores(hnsw: Any, fids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Inner products of ``query`` with the decoded codes of ``fids``, read in place
    (:func:`~indexer.stores.kernels.row_scores`)."""
    codes, weights, bias = _query_terms(hnsw, query)
    return row_scores(codes, fids, weights, bias)


class _Rerank(NamedTuple):
    """Groups whose exact vectors must be read from the table to finish a search."""

    groups: list[str]


class _Top(NamedTuple):
    """The ``k`` best groups of a search as numbers, their best vectors and scores (in no
    particular order: ``search`` sorts them, ``search_numbers`` needs only who they are)."""

    nums: np.ndarray
    fids: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls) -> _Top:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                   np.zeros(0, dtype=np.float32))


def _rerank_depth(k: int) -> int:
    """Groups a search of ``k`` carries to its exact re-rank: a margin for short lists."""
    return k + RERANK_MARGIN if k <= RERANK_MAX_K else k


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of ``range(s, s + c)`` for each pair, vectorised."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    seg = np.cumsum(counts) - counts
    return np.repeat(starts - seg, counts) + np.arange(total, dtype=np.int64)


class _Sketch:
    """Every vector's first :data:`SKETCH_DIM` principal coordinates as int8: 64 bytes a
    vector beside its 384 bytes of codes, scored in a sixth of the time.

    A filter passing 10% of 100,000 creators leaves 74,000 post vectors to score exactly
    (~4.5 ms on 2026-12-07's box): the sketches rank the allowed groups first and only the
    leaders are scored on their codes (``FaissVectorIndex._exact``). The axes are fitted
    once, when the graph is built, on a seeded sample of its vectors, and saved with the
    snapshot, so every process loading it ranks alike; sketches are always computed from
    the decoded codes, whichever process computes them."""

    def __init__(self, mean: np.ndarray, axes: np.ndarray, scale: np.ndarray) -> None:
        self.mean = np.ascontiguousarray(mean, dtype=np.float32)
        self.axes = np.ascontiguousarray(axes, dtype=np.float32)  # dim x SKETCH_DIM
        self.scale = np.ascontiguousarray(scale, dtype=np.float32)  # units per coordinate
        self.rows = np.zeros((0, self.axes.shape[1]), dtype=np.int8)

    @classmethod
    def fit(cls, sample: np.ndarray) -> _Sketch:
        """Axes of largest variance of ``sample`` (vectors x dim), each signed so that its
        largest component is positive (the same sample gives the same sketch), scaled so
        that 99.9% of the sample's coordinates fit in int8."""
        sample = np.asarray(sample, dtype=np.float64)
        mean = sample.mean(axis=0)
        centered = sample - mean
        values, vectors = np.linalg.eigh(centered.T @ centered)
        dims = min(SKETCH_DIM, sample.shape[1])
        axes = vectors[:, np.argsort(-values, kind="stable")[:dims]]
        axes *= np.where(axes[np.abs(axes).argmax(axis=0), np.arange(dims)] < 0, -1.0, 1.0)
        spread = np.quantile(np.abs(centered @ axes), 0.999, axis=0) if sample.shape[0] else 0
        scale = 127.0 / np.maximum(spread, 1e-6)
        return cls(mean, axes, scale)

    @classmethod
    def from_arrays(cls, arrays: Any, rows: int) -> _Sketch | None:
        """The sketch saved in a snapshot's arrays, or None (an older snapshot)."""
        if "sketch_rows" not in arrays:
            return None
        sketch = cls(arrays["sketch_mean"], arrays["sketch_axes"], arrays["sketch_scale"])
        stored = arrays["sketch_rows"]
        if stored.shape != (rows, sketch.axes.shape[1]) or stored.dtype != np.int8:
            raise ValueError("snapshot sketches disagree")
        sketch.rows = np.ascontiguousarray(stored)
        return sketch

    def arrays(self, rows: int) -> dict[str, np.ndarray]:
        return {"sketch_mean": self.mean, "sketch_axes": self.axes,
                "sketch_scale": self.scale, "sketch_rows": self.rows[:rows]}

    def put(self, at: int, vectors: np.ndarray) -> None:
        """Sketch ``vectors`` (decoded codes) into rows ``at`` onwards."""
        end = at + vectors.shape[0]
        if end > self.rows.shape[0]:
            grown = np.zeros((max(end, 2 * self.rows.shape[0], 1024), self.rows.shape[1]),
                             dtype=np.int8)
            grown[:at] = self.rows[:at]
            self.rows = grown
        coords = ((vectors - self.mean) @ self.axes) * self.scale
        self.rows[at:end] = np.clip(np.rint(coords), -127, 127)

    def weights(self, query: np.ndarray) -> np.ndarray:
        """A row's score is ``row . weights`` (plus ``query . mean``, the same for all)."""
        return ((query @ self.axes) / self.scale).astype(np.float32)


class FaissVectorIndex:
    """:class:`~indexer.stores.base.VectorIndex`: exact or HNSW-SQ8 in memory, SQLite log."""

    def __init__(
        self,
        db: Database,
        space: str,
        dim: int,
        snapshot_dir: Path,
        *,
        exact_threshold: int = 20_000,
        hnsw_threshold: int = 20_000,
        hnsw_m: int = 16,
        ef_construction: int = 64,
        ef_search: int = 128,
        ef_grows_past: int = EF_GROWS_PAST,
        numbering: Numbering | None = None,
    ) -> None:
        self.db = db
        self.space = space
        self.dim = dim
        self.snapshot_dir = snapshot_dir
        self.exact_threshold = exact_threshold
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_m = hnsw_m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.ef_grows_past = ef_grows_past
        self.numbering = numbering if numbering is not None else Numbering()
        #: Score a filtered set exactly when that costs less than the graph search would.
        self.auto_exact = True
        self._lock = RWLock()
        self._memos = _Memos()
        #: Remember each group's best per query (off only to measure what it saves).
        self.memoize = True
        #: Pre-scan large exact searches' sketches (off only to measure what it saves).
        self.use_sketch = True
        self._version = 0  # bumped by every change of the in-memory index
        with db.lock:
            db.conn.executescript(SCHEMA)
        self._reset()
        self._load()

    # -- in-memory state -------------------------------------------------------
    def _reset(self) -> None:
        self._version = getattr(self, "_version", 0) + 1
        self._hnsw: Any = None  # faiss.IndexHNSWSQ once above hnsw_threshold
        self._sketch: _Sketch | None = None  # with the graph: each vector's sketch by fid
        self._vecs = np.zeros((0, self.dim), dtype=np.float32)  # flat mode rows (by fid)
        self._fid_group = faiss.Int64Vector()  # fid -> group number, -1 = tombstone
        self._fg = np.zeros(0, dtype=np.int64)  # numpy view of _fid_group
        self._keys = StrTable()  # fid -> vector key
        self._g_start = np.zeros(0, dtype=np.int64)  # group number -> first fid
        self._g_count = np.zeros(0, dtype=np.int64)  # group number -> live vectors
        self._next_id = 0
        self._live = 0  # live vectors
        self._groups = 0  # groups with at least one vector
        self._seq = 0
        self._convert_at = 0  # while rebuilding: stay flat until this many (a training sample)
        self._deferred = False

    @property
    def mode(self) -> str:
        return "flat" if self._hnsw is None else "hnsw"

    def _set_fid_groups(self, values: np.ndarray, at: int) -> None:
        end = at + values.size
        if end > self._fid_group.size():
            self._fid_group.resize(max(end, 2 * self._fid_group.size(), 1024))
            size = self._fid_group.size()
            self._fg = faiss.rev_swig_ptr(self._fid_group.data(), size).view(np.int64)
        self._fg[at:end] = values

    def _grow_groups(self, size: int) -> None:
        if size > self._g_start.size:
            new = max(size, 2 * self._g_start.size, 1024)
            for name in ("_g_start", "_g_count"):
                old = getattr(self, name)
                grown = np.zeros(new, dtype=np.int64)
                grown[:old.size] = old
                setattr(self, name, grown)

    def _grow_vecs(self, rows: int) -> None:
        if rows > self._vecs.shape[0]:
            grown = np.zeros((max(rows, 2 * self._vecs.shape[0], 1024), self.dim),
                             dtype=np.float32)
            grown[:self._next_id] = self._vecs[:self._next_id]
            self._vecs = grown

    def _apply_many(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        latest = dict(groups)  # a group written twice in one batch: the last write wins
        if not latest:
            return
        self._version += 1
        nums = self.numbering.add_many(latest)
        self._grow_groups(int(nums.max()) + 1)
        # tombstone the vectors being replaced
        old = self._g_count[nums] > 0
        if old.any():
            stale = _ranges(self._g_start[nums[old]], self._g_count[nums[old]])
            self._fg[stale] = -1
            self._live -= int(stale.size)
            self._groups -= int(old.sum())
            self._g_count[nums[old]] = 0
        keys: list[str] = []
        mats: list[np.ndarray] = []
        counts = np.zeros(nums.size, dtype=np.int64)
        for n, vectors in enumerate(latest.values()):
            if vectors:
                keys.extend(vectors)
                mats.extend(vectors.values())
                counts[n] = len(vectors)
        if not keys:
            return
        mat = np.vstack(mats).astype(np.float32, copy=False)
        first = self._next_id
        self._g_start[nums] = first + np.cumsum(counts) - counts
        self._g_count[nums] = counts
        self._set_fid_groups(np.repeat(nums, counts), first)
        self._keys.append_many(keys)
        if self._hnsw is None:
            self._grow_vecs(first + len(keys))
            self._vecs[first:first + len(keys)] = mat
        else:
            for start in range(0, len(mat), ADD_CHUNK):
                self._hnsw.add(mat[start:start + ADD_CHUNK])
            self._sketch_rows(first, first + len(keys))
        self._next_id += len(keys)
        self._live += len(keys)
        self._groups += int((counts > 0).sum())
        if self._hnsw is None and self._live > max(self.hnsw_threshold, self._convert_at):
            self._rebuild_memory(to_hnsw=True)

    # -- compaction ------------------------------------------------------------
    def _live_fids(self) -> np.ndarray:
        return np.flatnonzero(self._fg[:self._next_id] >= 0)

    def _dot(self, fids: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Scores of vectors ``fids`` (exact in flat mode, of the int8 codes above it)."""
        if self._hnsw is None:
            if 4 * fids.size > self._next_id:
                # most of the matrix: one pass over it beats copying the rows out first
                return (self._vecs[:self._next_id] @ query)[fids]
            return self._vecs[fids] @ query
        return _code_scores(self._hnsw, fids, query)

    def _new_hnsw(self, sample: np.ndarray) -> Any:
        index = faiss.IndexHNSWSQ(self.dim, faiss.ScalarQuantizer.QT_8bit, self.hnsw_m,
                                  faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = self.ef_construction
        index.hnsw.efSearch = self.ef_search
        index.train(np.ascontiguousarray(sample, dtype=np.float32))
        return index

    def _rebuild_memory(self, *, to_hnsw: bool) -> None:
        """Renumber the live vectors densely (dropping tombstones), flat or HNSW."""
        self._version += 1
        live = self._live_fids()
        groups = self._fg[live]
        keys = StrTable()
        for start in range(0, live.size, 500_000):
            keys.append_many(self._keys.take(live[start:start + 500_000].tolist()))
        old_hnsw, old_vecs = self._hnsw, self._vecs
        fid_group, fg = self._fid_group, self._fg
        self._fid_group, self._fg = faiss.Int64Vector(), np.zeros(0, dtype=np.int64)
        self._set_fid_groups(groups, 0)
        del fid_group, fg
        hnsw: Any = None
        vecs = np.zeros((0, self.dim), dtype=np.float32)
        chunks = range(0, live.size, ADD_CHUNK)
        if to_hnsw:
            rng = np.random.default_rng(0)
            pick = np.sort(rng.choice(live, min(live.size, TRAIN_SAMPLE), replace=False))
            hnsw = self._new_hnsw(self._decoded_from(old_hnsw, old_vecs, pick))
            for start in chunks:
                hnsw.add(self._decoded_from(old_hnsw, old_vecs, live[start:start + ADD_CHUNK]))
        else:
            vecs = np.vstack([self._decoded_from(old_hnsw, old_vecs, live[s:s + ADD_CHUNK])
                              for s in chunks] or [vecs])
        self._hnsw, self._vecs, self._keys = hnsw, vecs, keys
        self._sketch = None  # its rows were numbered by the old fids
        self._next_id = int(live.size)
        self._recount_groups()
        if hnsw is not None:
            self._fit_sketch()

    def _fit_sketch(self) -> None:
        """Fit the sketch's axes on a seeded sample of the graph's vectors and sketch them
        all (a new graph, or a snapshot saved without sketches)."""
        rng = np.random.default_rng(0)
        pick = np.sort(rng.choice(self._next_id, min(self._next_id, SKETCH_SAMPLE),
                                  replace=False))
        self._sketch = _Sketch.fit(self._decoded_from(self._hnsw, self._vecs, pick))
        for start in range(0, self._next_id, ADD_CHUNK):
            self._sketch_rows(start, min(self._next_id, start + ADD_CHUNK))

    def _sketch_rows(self, start: int, end: int) -> None:
        if self._sketch is not None:
            fids = np.arange(start, end)
            self._sketch.put(start, self._decoded_from(self._hnsw, self._vecs, fids))

    @staticmethod
    def _decoded_from(hnsw: Any, vecs: np.ndarray, fids: np.ndarray,
                      chunk: int = CODE_CHUNK) -> np.ndarray:
        if hnsw is None:
            return vecs[fids]
        codes, scale, offset = _affine_codes(hnsw)
        out = np.empty((fids.size, hnsw.d), dtype=np.float32)
        for start in range(0, fids.size, chunk):
            part = out[start:start + chunk]
            np.multiply(codes[fids[start:start + chunk]], scale, out=part)
            part += offset
        return out

    def _recount_groups(self) -> None:
        fg = self._fg[:self._next_id]
        live = np.flatnonzero(fg >= 0)
        self._g_start = np.zeros(0, dtype=np.int64)
        self._g_count = np.zeros(0, dtype=np.int64)
        self._grow_groups(len(self.numbering))
        if live.size:
            nums, first, counts = np.unique(fg[live], return_index=True, return_counts=True)
            self._g_start[nums] = live[first]
            self._g_count[nums] = counts
        self._live = int(live.size)
        self._groups = int((self._g_count > 0).sum())

    def compact(self, min_dead_share: float = COMPACT_DEAD_SHARE) -> bool:
        """Rebuild the graph without tombstones when enough of it is dead; True if done."""
        with self._lock.write():
            dead = self._next_id - self._live
            if not dead or dead < min_dead_share * self._next_id:
                return False
            self._rebuild_memory(to_hnsw=self._live > self.hnsw_threshold)
            return True

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
                self._load_snapshot(json.loads(manifest.read_text()))
                self.refresh()
                return
            except (OSError, ValueError, KeyError, RuntimeError, TypeError) as exc:
                log.warning("ignoring unusable %s snapshot (%s); rebuilding", self.space, exc)
                self._reset()
                self._rebuild()
                # replace it, so the next start loads instead of rebuilding again (a
                # snapshot from an older Scout would otherwise cost every start a rebuild)
                try:
                    self.save_snapshot()
                except OSError as err:  # a read-only data dir still serves
                    log.warning("could not replace the %s snapshot (%s)", self.space, err)
                return
        self._rebuild()

    def _load_snapshot(self, meta: dict[str, Any]) -> None:
        if meta["dim"] != self.dim or meta["seq"] > self._max_seq():
            raise ValueError("snapshot does not belong to this database")
        index = faiss.read_index(str(self.snapshot_dir / meta["file"]))
        if index.d != self.dim:
            raise ValueError("snapshot dimension differs")
        with np.load(self.snapshot_dir / meta["arrays"]) as arrays:
            groups = StrTable.from_arrays(arrays["group_data"], arrays["group_offsets"])
            local = arrays["fid_group"]
            keys = StrTable.from_arrays(arrays["key_data"], arrays["key_offsets"])
            sketch = _Sketch.from_arrays(arrays, int(meta["next_id"]))
        next_id = int(meta["next_id"])
        if local.size != next_id or len(keys) != next_id or index.ntotal != next_id:
            raise ValueError("snapshot arrays disagree")
        to_global = self.numbering.add_many(groups.take(range(len(groups))))
        fid_group = np.where(local >= 0, to_global[np.maximum(local, 0)] if to_global.size
                             else -1, -1)
        if meta["mode"] == "hnsw":
            self._hnsw = index
            self._sketch = sketch
        else:
            self._vecs = np.empty((next_id, self.dim), dtype=np.float32)
            if next_id:
                self._vecs[:] = index.reconstruct_n(0, next_id)
        self._set_fid_groups(fid_group.astype(np.int64), 0)
        self._keys = keys
        self._next_id = next_id
        self._seq = int(meta["seq"])
        self._recount_groups()
        if self._hnsw is not None and self._sketch is None:
            self._fit_sketch()

    def _rebuild(self) -> None:
        self._reset()
        self._seq = self._max_seq()
        total = int(self.db.query("SELECT COUNT(*) FROM vectors WHERE space = ?",
                                  (self.space,))[0][0])
        # fit the int8 quantizer on up to TRAIN_SAMPLE vectors, not the first hnsw_threshold
        self._convert_at = min(total - 1, TRAIN_SAMPLE)
        with self.db.lock:
            cursor = self.db.conn.execute(
                "SELECT grp, key, vec FROM vectors WHERE space = ? ORDER BY grp", (self.space,))
            while True:
                rows = cursor.fetchmany(100_000)
                if not rows:
                    break
                batch: dict[str, dict[str, np.ndarray]] = {}
                for grp, key, blob in rows:
                    batch.setdefault(grp, {})[key] = np.frombuffer(blob, dtype=np.float32)
                # a group split across two fetches is re-applied whole by the second one
                last = rows[-1][0]
                if last in batch and len(rows) == 100_000:
                    rest = self._load_group_vectors([last])[last]
                    batch[last] = rest
                self._apply_many(list(batch.items()))
        self._convert_at = 0
        if self._hnsw is None and self._live > self.hnsw_threshold:
            self._rebuild_memory(to_hnsw=True)

    def save_snapshot(self) -> None:
        """Write the index, its id map and manifest atomically; drop older snapshots."""
        self.compact()
        with self._lock.read():
            self.snapshot_dir.mkdir(parents=True, exist_ok=True)
            name = f"{self.space}-{self._seq}"
            if self._hnsw is not None:
                index = self._hnsw
            else:
                index = faiss.IndexFlatIP(self.dim)
                if self._next_id:
                    index.add(self._vecs[:self._next_id])
            tmp = self.snapshot_dir / f".{name}.faiss.{_owner()}.tmp"
            faiss.write_index(index, str(tmp))
            os.replace(tmp, self.snapshot_dir / f"{name}.faiss")
            fg = self._fg[:self._next_id]
            used = np.unique(fg[fg >= 0])
            local = np.full(max(len(self.numbering), 1), -1, dtype=np.int64)
            local[used] = np.arange(used.size)
            groups = StrTable()
            groups.append_many([self.numbering.ids[n] for n in used.tolist()])
            group_data, group_offsets = groups.arrays()
            key_data, key_offsets = self._keys.arrays()
            tmp_arrays = self.snapshot_dir / f".{name}.npz.{_owner()}.tmp"
            with tmp_arrays.open("wb") as handle:
                sketch = {} if self._sketch is None else self._sketch.arrays(self._next_id)
                np.savez(handle, fid_group=np.where(fg >= 0, local[np.maximum(fg, 0)], -1),
                         group_data=group_data, group_offsets=group_offsets,
                         key_data=key_data, key_offsets=key_offsets, **sketch)
            os.replace(tmp_arrays, self.snapshot_dir / f"{name}.npz")
            meta: dict[str, Any] = {
                "file": f"{name}.faiss", "arrays": f"{name}.npz", "seq": self._seq,
                "dim": self.dim, "next_id": self._next_id, "mode": self.mode,
            }
            tmp_manifest = self._manifest_path().with_suffix(f".json.{_owner()}.tmp")
            tmp_manifest.write_text(json.dumps(meta))
            os.replace(tmp_manifest, self._manifest_path())
            for old in [*self.snapshot_dir.glob(f"{self.space}-*.faiss"),
                        *self.snapshot_dir.glob(f"{self.space}-*.npz")]:
                if old.stem != name:
                    old.unlink(missing_ok=True)

    # -- VectorIndex: writes ---------------------------------------------------
    def upsert(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None:
        if not groups:
            return
        staged = [(g, {k: np.asarray(v, dtype=np.float32).reshape(-1) for k, v in vs.items()})
                  for g, vs in groups]
        for _, vectors in staged:
            for vec in vectors.values():
                if vec.shape[0] != self.dim:
                    raise ValueError(f"vector dimension {vec.shape[0]} != index dimension "
                                     f"{self.dim}")
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

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Bulk load: writes inside reach the table only; the index is rebuilt from the
        table once at the end (one graph build, quantizer fitted on a large sample)."""
        self._deferred = True
        try:
            yield
        finally:
            self._deferred = False
            with self.db.lock, self._lock.write():  # the commit hooks' lock order
                self._rebuild()

    def _committed(self, staged: Sequence[tuple[str, dict[str, np.ndarray]]],
                   first: int, last: int) -> None:
        if self._deferred:
            return
        with self._lock.write():
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
        # The database lock is held from the read to the apply, so a commit of this process
        # cannot land in between and be overwritten by the older rows read here.
        with self.db.lock:
            rows = self.db.query(
                "SELECT grp, MAX(seq) FROM vector_log WHERE space = ? AND seq > ? GROUP BY grp",
                (self.space, self._seq),
            )
            if not rows:
                return
            seq = max(int(r[1]) for r in rows)
            changed = [r[0] for r in rows]
            fresh = self._load_group_vectors(changed)
            with self._lock.write():
                self._apply_many([(g, fresh[g]) for g in changed])
                self._seq = max(seq, self._seq)

    # -- VectorIndex: reads ----------------------------------------------------
    @property
    def version(self) -> int:
        """Changes whenever the in-memory index changes (this process's commits, other
        processes' once :meth:`refresh` applied them)."""
        return self._version

    def count(self) -> int:
        return self._groups

    def memory_bytes(self) -> int:
        """Bytes held in memory by this index (vectors, graph, id maps)."""
        with self._lock.read():
            total = self._keys.nbytes() + self._fid_group.size() * 8
            total += self._g_start.nbytes + self._g_count.nbytes
            if self._hnsw is None:
                total += self._vecs.nbytes
            else:
                hnsw = self._hnsw.hnsw
                total += faiss.downcast_index(self._hnsw.storage).codes.size()
                total += (hnsw.neighbors.size() * 4 + hnsw.levels.size() * 4
                          + hnsw.offsets.size() * 8)
                if self._sketch is not None:
                    total += self._next_id * self._sketch.rows.shape[1]
            return int(total)

    def vectors(self, group: str) -> dict[str, np.ndarray]:
        with self._lock.read():
            num = self.numbering.get(group)
            if num is None or num >= self._g_count.size or not self._g_count[num]:
                return {}
            if self._hnsw is None:
                start, count = int(self._g_start[num]), int(self._g_count[num])
                keys = self._keys.take(range(start, start + count))
                return {k: self._vecs[start + i].copy() for i, k in enumerate(keys)}
        # Memory holds int8 codes; the table has the exact vectors.
        return self._load_group_vectors([group])[group]

    def _present(self, nums: np.ndarray) -> np.ndarray:
        return present_groups(self._g_count, nums)[0]

    def _scores(self, query: np.ndarray, nums: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Exact scores of every vector of groups ``nums``: (nums, seg starts, fids, scores)."""
        nums = self._present(nums)
        counts = self._g_count[nums]
        fids = _ranges(self._g_start[nums], counts)
        scores = self._dot(fids, query).astype(np.float32, copy=False)
        return nums, np.cumsum(counts) - counts, fids, scores

    def _best(self, query: np.ndarray, nums: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Best vector of each group: (nums, best fids, best scores); ties go to the lower key.

        One query asks for the same groups several times (the graph's leaders, then the
        ranker's candidates in each stage): each group's best is computed once per query
        and index state and remembered for the calling thread."""
        nums = self._present(nums)
        if not self.memoize:
            return self._best_uncached(query, nums)
        memo = self._thread_memo()
        key = (self._version, query.tobytes())
        if memo.key != key:
            memo.key = key
            memo.serial = memo.serial % 2_000_000_000 + 1
            memo.computed = 0
        size = self._g_count.size
        if memo.stamp.size < size:
            memo.stamp = np.zeros(size, dtype=np.int32)
            memo.fid = np.zeros(size, dtype=np.int64)
            memo.score = np.zeros(size, dtype=np.float32)
        todo = nums[memo.stamp[nums] != memo.serial]
        if todo.size:
            done, fids, best = self._best_uncached(query, unique_sorted(todo))
            memo.computed += int(done.size)
            memo.fid[done] = fids
            memo.score[done] = best
            memo.stamp[done] = memo.serial
        return nums, memo.fid[nums], memo.score[nums]

    def _thread_memo(self) -> GroupMemo:
        memo = self._memos.memo
        if memo is None:
            memo = self._memos.memo = GroupMemo()
        return memo

    def memo_handle(self) -> GroupMemo:
        """The calling thread's memo of each group's best for its current query, for a
        thread searching on its behalf to borrow (:meth:`lent_memo`)."""
        return self._thread_memo()

    @contextmanager
    def lent_memo(self, memo: GroupMemo) -> Iterator[None]:
        """Within the block, the calling thread reads and fills ``memo`` (another thread's,
        from :meth:`memo_handle`) instead of its own: the ranker's content search on a
        retrieval thread leaves the graph leaders' best vectors where the caller's exact
        scoring of the candidates finds them (~800 of ~1,000 groups at 100k). The lending
        thread must not use this index until the block ends."""
        if not isinstance(memo, GroupMemo):
            raise TypeError(f"not a memo of this index: {type(memo).__name__}")
        saved = self._memos.memo
        self._memos.memo = memo
        try:
            yield
        finally:
            self._memos.memo = saved

    def _best_uncached(self, query: np.ndarray, nums: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_best`` without the memo; ``nums`` are present groups (``_best`` filtered them)."""
        if self._hnsw is not None:
            return self._best_of_codes(query, nums)
        return self._best_gathered(query, nums)

    def _best_gathered(self, query: np.ndarray, nums: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_best_uncached`` by gathering every vector's score (``_scores``) and one
        ``reduceat`` per group: flat mode's path (its float32 rows need no loop)."""
        nums, seg, fids, scores = self._scores(query, nums)
        if not nums.size:
            return nums, fids, scores
        best = np.maximum.reduceat(scores, seg)
        is_max = scores == np.repeat(best, self._g_count[nums])
        at = np.minimum.reduceat(np.where(is_max, np.arange(fids.size), fids.size), seg)
        chosen = fids[at]
        ties = np.flatnonzero(np.add.reduceat(is_max.astype(np.int64), seg) > 1)
        for t in ties.tolist():
            start = int(seg[t])
            end = int(seg[t + 1]) if t + 1 < seg.size else fids.size
            chosen[t] = self._first_key(fids[start:end][is_max[start:end]])
        return nums, chosen, best

    def _best_of_codes(self, query: np.ndarray, nums: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``_best_uncached`` in HNSW mode: a compiled loop reads each group's codes where
        they lie (:func:`~indexer.stores.kernels.group_best_codes`), whatever the number
        of groups: ~6,000 post vectors of a graph search's leaders in ~0.3 ms, the 74,000
        of a 10% filter at 100,000 creators in ~2 ms (docs/benchmarks.md, section 2)."""
        codes, weights, bias = _query_terms(self._hnsw, query)
        starts = self._g_start[nums]
        best, chosen, tied = group_best_codes(codes, starts, self._g_count[nums], weights,
                                              bias)
        for t in np.flatnonzero(tied).tolist():
            fids = np.arange(starts[t], starts[t] + self._g_count[nums[t]])
            scores = row_scores(codes, fids, weights, bias)
            chosen[t] = self._first_key(fids[scores == best[t]])
        return nums, chosen, best

    def _first_key(self, fids: np.ndarray) -> int:
        """Of vectors tied for their group's best, the one whose key sorts first."""
        return min((int(f) for f in fids.tolist()), key=self._keys.__getitem__)

    def _query(self, query: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(-1))

    def best_scores(self, query: np.ndarray, groups: Sequence[str]) -> np.ndarray:
        """Exact best score of each of ``groups`` in order (NaN where a group has none)."""
        q = self._query(query)
        with self._lock.read():
            nums = self.numbering.numbers(groups)
            out = np.full(len(groups), np.nan)
            known = nums >= 0
            uniq = unique_sorted(nums[known])
            have, _, best = self._best(q, uniq)
            by_num = np.full(uniq.size, np.nan)
            by_num[np.searchsorted(uniq, have)] = best
            out[known] = by_num[np.searchsorted(uniq, nums[known])]
            return out

    def scores_per_group(
        self, query: np.ndarray, groups: Collection[str]
    ) -> dict[str, list[tuple[str, float]]]:
        q = self._query(query)
        with self._lock.read():
            nums, seg, fids, scores = self._scores(q, numbers_of(self.numbering, groups))
            keys = self._keys.take(fids.tolist())
            ids = self.numbering.ids
            bounds = [*seg.tolist(), fids.size]
            out: dict[str, list[tuple[str, float]]] = {}
            values = scores.tolist()
            for n, num in enumerate(nums.tolist()):
                hits = [(keys[i], float(values[i])) for i in range(bounds[n], bounds[n + 1])]
                hits.sort(key=lambda h: (-h[1], h[0]))
                out[ids[num]] = hits
            return out

    def best_per_group(self, query: np.ndarray, groups: Collection[str]) -> dict[str, VectorHit]:
        q = self._query(query)
        with self._lock.read():
            nums, fids, best = self._best(q, numbers_of(self.numbering, groups))
            return self._hits(nums, fids, best)

    def _hits(self, nums: np.ndarray, fids: np.ndarray, scores: np.ndarray
              ) -> dict[str, VectorHit]:
        ids = self.numbering.ids
        keys = self._keys.take(fids.tolist())
        return {ids[g]: VectorHit(ids[g], k, float(s))
                for g, k, s in zip(nums.tolist(), keys, scores.tolist(), strict=True)}

    def _top(self, q: np.ndarray, nums: np.ndarray, fids: np.ndarray, scores: np.ndarray,
             k: int) -> _Top | _Rerank:
        """The best ``k`` groups by (score desc, group id) among scored groups.

        Above the HNSW threshold the scores are those of the int8 codes; short result
        lists (``k <= RERANK_MAX_K``) are then re-ranked on the exact float32 vectors
        from the table, over the top ``k + RERANK_MARGIN`` groups.
        """
        exact = self._hnsw is not None and k <= RERANK_MAX_K
        depth = k + RERANK_MARGIN if exact else k
        if nums.size > depth:
            cut = np.partition(scores, nums.size - depth)[nums.size - depth]
            keep = scores >= cut  # every group tied with the last one stays in the race
            nums, fids, scores = nums[keep], fids[keep], scores[keep]
        if exact:
            ids = self.numbering.ids
            return _Rerank([ids[n] for n in nums.tolist()])
        if nums.size > k:  # ties at the cut: the lower group ids make the k
            tied = np.flatnonzero(scores == scores.min())
            ids = self.numbering.ids
            drop = sorted(tied.tolist(), key=lambda t: ids[int(nums[t])])[k - nums.size:]
            keep = np.ones(nums.size, dtype=bool)
            keep[drop] = False
            nums, fids, scores = nums[keep], fids[keep], scores[keep]
        return _Top(nums, fids, scores)

    def _rerank(self, q: np.ndarray, groups: list[str], k: int) -> list[VectorHit]:
        """Exact best vector of each group from the table (called without the lock held)."""
        stored = self._load_group_vectors(groups)
        hits: list[VectorHit] = []
        for group in groups:
            vectors = stored[group]
            if not vectors:
                continue
            keys = sorted(vectors)
            values = (np.vstack([vectors[key] for key in keys]) @ q
                      ).astype(np.float32)
            best = int(np.argmax(values))  # first maximum: ties go to the lower key
            hits.append(VectorHit(group, keys[best], float(values[best])))
        return sorted(hits, key=lambda h: (-h.score, h.group))[:k]

    def _found(self, query: np.ndarray, k: int, groups: Collection[str] | None,
               finish: Callable[[_Top], _T], need: int | None = None
               ) -> _T | list[VectorHit]:
        """Run ``_search``: a :class:`_Top` is turned into the caller's answer by ``finish``
        under the read lock (keys and numbers as searched); a re-rank reads the table with
        the lock released, since a writer holding the database lock may be waiting for it."""
        q = self._query(query)
        with self._lock.read():
            found = self._search(q, k, groups, k if need is None else need)
            if isinstance(found, _Top):
                return finish(found)
        return self._rerank(q, found.groups, k)

    def search(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None
    ) -> list[VectorHit]:
        def hits(top: _Top) -> list[VectorHit]:
            return sorted(self._hits(*top).values(), key=lambda h: (-h.score, h.group))

        return self._found(query, k, groups, hits)

    def search_numbers(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None, *,
        at_least: int | None = None,
    ) -> np.ndarray:
        """The groups :meth:`search` finds, as sorted numbers of :attr:`numbering`: no
        hit objects, keys or sorting by id (a ranker that only needs who was found, and
        shares the numbering, spares them).

        ``at_least`` (1 to ``k``) makes it a retrieval of depth ``k`` rather than a top
        ``k``: the graph lists about as many vectors as ``k`` groups need at the median
        query (:data:`MEDIAN_YIELD`) and the search returns the best ``k`` of the groups
        owning them, which may be fewer than ``k`` but never fewer than ``at_least``
        (it searches again, deeper, below that). The groups it returns are each scored
        exactly, as :meth:`search` scores them; only how deep the graph looks changes.
        Exact and flat-mode searches return ``k`` either way."""
        if at_least is not None and not 1 <= at_least <= max(k, 1):
            raise ValueError(f"at_least must be between 1 and k ({k}), got {at_least}")
        found = self._found(query, k, groups, lambda top: top.nums, at_least)
        if isinstance(found, list):  # re-ranked on the exact vectors
            found = self.numbering.numbers([h.group for h in found])
        return np.sort(found)

    def _search(self, q: np.ndarray, k: int, groups: Collection[str] | None,
                need: int | None = None) -> _Top | _Rerank:
        """Top ``k`` groups; a graph search may stop with ``need`` of them (see
        :meth:`search_numbers`'s ``at_least``)."""
        if k <= 0 or not self._groups:
            return _Top.empty()
        need = k if need is None else need
        if groups is None:
            if self._hnsw is None:
                return self._top(q, *self._best(q, np.flatnonzero(self._g_count > 0)), k)
            return self._ann(q, k, None, self._live, need=need)
        nums, allowed = present_groups(self._g_count, numbers_of(self.numbering, groups))
        if not nums.size:
            return _Top.empty()
        if (self._hnsw is None or allowed <= self.exact_threshold
                or (self.auto_exact and allowed <= self._graph_cost(k, allowed))):
            return self._exact(q, k, nums)
        # only the graph's selector needs the filter as a mask over group numbers
        mask = groups.mask(self._g_count.size) if (
            isinstance(groups, IdSet) and groups.numbering is self.numbering) else None
        if mask is None:
            mask = np.zeros(self._g_count.size, dtype=bool)
            mask[nums] = True
        return self._ann(q, k, mask, allowed, nums, need=need)

    def _exact(self, q: np.ndarray, k: int, nums: np.ndarray) -> _Top | _Rerank:
        """Exact top ``k`` groups among ``nums``: every group's best (``_best``; in HNSW
        mode a compiled loop over the codes in place, without gathering them and without
        visiting the vectors the filter drops). Many groups are first ranked on their
        sketches, and only the leaders scored on their codes (``_sketch_leaders``)."""
        return self._top(q, *self._best(q, self._sketch_leaders(q, k, nums)), k)

    def _sketch_leaders(self, q: np.ndarray, k: int, nums: np.ndarray) -> np.ndarray:
        """Of ``nums``, the groups whose sketches score best: :data:`SKETCH_DEPTH` per
        group wanted (at least :data:`SKETCH_MIN_GROUPS`), every group tied with the last
        one included; all of ``nums`` when that is not :data:`SKETCH_SPARE` times fewer.
        The leaders are then scored on their codes, so only a group whose sketch ranks
        it below that depth, while its codes rank it among the ``k``, is lost: on 100,000
        creators' clustered vectors, 3 of 40,000 places of the top 400 at the workload's
        10% filters (0.02% at three per group; docs/benchmarks.md, section 2, the
        ``sketch`` round). ``nums`` are present groups (``_search`` filtered them)."""
        depth = _rerank_depth(k)
        lead = max(SKETCH_DEPTH * depth, SKETCH_MIN_GROUPS)
        if (self._sketch is None or self._hnsw is None or not self.use_sketch
                or nums.size <= SKETCH_SPARE * lead):
            return nums
        approx = group_best_sketch(self._sketch.rows, self._g_start, self._g_count,
                                   self._sketch.weights(q), nums)
        cut = np.partition(approx, nums.size - lead)[nums.size - lead]
        return nums[approx >= cut]

    def _want(self, k: int, allowed: int, *, median: bool = False) -> int:
        """Vectors to ask the graph for so that ``k`` groups are likely among them (with
        ``median``, as many as the median query needs: :data:`MEDIAN_YIELD`)."""
        per_group = max(1.0, self._live / max(1, self._groups))
        depth = _rerank_depth(k)
        # about half a creator's posts rank among its top vectors: ask for enough at once
        share = MEDIAN_YIELD if median else 0.5
        return min(allowed, int(depth * max(1.0, min(per_group * share, 4.0))) + 10)

    def _ef_floor(self) -> int:
        """``ef_search``, raised with the square root of the graph's size past
        ``ef_grows_past`` vectors: on clustered vectors a fixed list strands more
        searches in the wrong cluster as the graph grows (1M profile vectors, k = 10:
        recall@10 0.961 with two queries at 0 for efSearch 128; 0.989, none below 0.8,
        for 512, at the same latency; docs/benchmarks.md, section 8)."""
        past = self.ef_grows_past
        grow = math.sqrt(self._live / past) if self._live > past else 1.0
        return int(self.ef_search * grow)

    def _ef(self, want: int, selectivity: float) -> int:
        """Graph candidate list: the filter passes ``selectivity`` of the nodes visited."""
        return int(min(max(self._ef_floor(), want) / selectivity, 32 * want + 4096))

    def _graph_cost(self, k: int, allowed: int) -> int:
        """What a filtered graph search costs, in exact-scoring units: about ``ef x 2M``
        distance computations, each :data:`GRAPH_COST_FACTOR` times an exact one. When
        exact scoring of the allowed vectors is cheaper, it is used instead."""
        selectivity = allowed / max(1, self._live)
        return (self._ef(self._want(k, allowed), selectivity) * 2 * self.hnsw_m
                * GRAPH_COST_FACTOR)

    def _ann(self, q: np.ndarray, k: int, mask: np.ndarray | None, allowed: int,
             nums: np.ndarray | None = None, *, need: int | None = None) -> _Top | _Rerank:
        """Top ``k`` groups from the graph, re-scored exactly over each group's vectors;
        with ``need`` below ``k``, the best ``k`` of the groups a median-sized list finds,
        searching deeper only while fewer than ``need`` are found."""
        need = k if need is None else need
        bits: np.ndarray | None = None
        inner: Any
        if mask is None:
            inner = faiss.IDSelectorRange(0, _ALL_GROUPS)
            selectivity = 1.0
        else:
            bits = np.packbits(mask, bitorder="little")
            inner = faiss.IDSelectorBitmap(bits.size, faiss.swig_ptr(bits))
            selectivity = allowed / max(1, self._live)
        dead = self._next_id > self._live
        selector = faiss.IDSelectorTranslated(self._fid_group, inner) if (
            mask is not None or dead) else None
        depth = _rerank_depth(k)
        want = self._want(k, allowed, median=need < k)
        while True:
            ef = self._ef(want, selectivity)
            params = faiss.SearchParametersHNSW(efSearch=ef, sel=selector)
            _, fids = self._hnsw.search(q.reshape(1, -1), want, params=params)
            found = self._fg[fids[0][fids[0] >= 0]]
            found = found[found >= 0]
            ranked = first_seen(found)  # groups by their best retrieved vector
            if ranked.size >= need or want >= allowed:
                break
            want = min(allowed, want * 2)
        del bits
        # The graph saw only some of each group's vectors: re-score the leaders on all.
        found_nums, found_fids, found_scores = self._best(q, np.sort(ranked[:2 * depth]))
        if nums is not None and self._filter_missed(q, nums, found_nums, found_scores,
                                                    min(k, max(need, found_nums.size))):
            return self._exact(q, k, nums)
        return self._top(q, found_nums, found_fids, found_scores, k)

    def _filter_missed(self, q: np.ndarray, nums: np.ndarray, found_nums: np.ndarray,
                       found: np.ndarray, k: int) -> bool:
        """Whether a filtered graph search missed better groups: a filter correlated
        with the vectors (a category far from the query) can leave no allowed node near
        where the search starts, and it returns poor ones. A random sample of the
        allowed groups scored exactly tells: if any sampled group beats the k-th found,
        the caller scores the whole set exactly."""
        if found.size < k:
            return True
        kth = np.partition(found, found.size - k)[found.size - k]
        rest = np.setdiff1d(nums, found_nums[found >= kth], assume_unique=True)
        rng = np.random.default_rng(int(nums.size))
        sample = rest if rest.size <= FILTER_CHECK else np.sort(
            rng.choice(rest, FILTER_CHECK, replace=False))
        _, _, scores = self._best(q, sample)
        return bool(scores.size and scores.max() > kth)

    def close(self) -> None:
        """Nothing to release; the shared database is closed by its owner."""


def _owner() -> str:
    """Process and thread, for temporary file names: two writers never share one."""
    return f"{os.getpid()}-{threading.get_ident()}"
