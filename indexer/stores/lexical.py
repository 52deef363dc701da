"""BM25 over the embedded store's FTS5 index, scored in memory by a compiled loop.

SQLite's FTS5 scores every matching row of an ``OR`` query through its
auxiliary-function API; at 100,000 creators that alone costs tens of
milliseconds. This module keeps FTS5's own postings in memory (term -> the
creators holding it, with the column-weighted frequency) and reproduces
FTS5's ``bm25()`` bit for bit: the same tokens (read from FTS5 itself through
``fts5vocab`` or a scratch FTS5 table with the same tokenizer), the same IDF
clamp, the same floating-point order of operations. Queries that FTS5 would
treat as multi-token phrases fall back to SQL.

Updates go to a small delta (term -> {creator: frequency}); the base postings of
a changed creator are masked out. The delta is merged into the base arrays when
it grows past a quarter of them.

A query's postings are scored by one compiled loop (``_accumulate``) into
per-thread scratch arrays the size of the corpus, which it leaves zeroed: a brief's
~250,000 postings at 1M creators took 8.4 ms p50 through numpy's gathers,
temporaries and scatters, and the corpus-sized arrays each query allocated, and take
3.9 ms so (docs/benchmarks.md, section 2, the ``bm25`` round). The loop is compiled
without fast-math, so it does FTS5's arithmetic in FTS5's order.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numba
import numpy as np

#: FTS5's bm25() constants and the column weights Scout passes (profile, content).
K1, B = 1.2, 0.75
WEIGHTS = (2.0, 1.0)
TOKENIZE = "porter unicode61 remove_diacritics 2"


class Tokenizer:
    """FTS5's tokenizer, asked through a scratch in-memory FTS5 table."""

    def __init__(self, tokenize: str = TOKENIZE) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute(
            f"CREATE VIRTUAL TABLE t USING fts5(profile, content, tokenize = '{tokenize}')")
        self._conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        self._lock = threading.Lock()
        self._words: dict[str, tuple[str, ...]] = {}

    def postings(self, docs: Sequence[tuple[int, str, str]]
                 ) -> list[tuple[str, list[int], list[float]]]:
        """``(term, docs, weighted frequencies)`` of ``(doc, profile, content)`` texts."""
        if not docs:
            return []
        with self._lock, self._conn:
            self._conn.executemany("INSERT INTO t(rowid, profile, content) VALUES (?, ?, ?)",
                                   docs)
            rows = self._conn.execute(_GROUPED.format(table="v")).fetchall()
            self._conn.execute("DELETE FROM t")
        return [(term, _ints(d), _floats(f)) for term, d, f in rows]

    def lengths(self, docs: Sequence[tuple[int, str, str]]) -> dict[int, float]:
        """Tokens in all columns of each doc (bm25's document length)."""
        with self._lock, self._conn:
            self._conn.executemany("INSERT INTO t(rowid, profile, content) VALUES (?, ?, ?)",
                                   docs)
            rows = self._conn.execute("SELECT doc, COUNT(*) FROM v GROUP BY doc").fetchall()
            self._conn.execute("DELETE FROM t")
        out = {num: 0.0 for num, _, _ in docs}
        out.update({int(d): float(n) for d, n in rows})
        return out

    def words(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """The tokens FTS5 makes of each word when it is quoted as a phrase."""
        missing = [w for w in dict.fromkeys(words) if w not in self._words]
        if missing:
            with self._lock, self._conn:
                self._conn.executemany("INSERT INTO t(rowid, profile) VALUES (?, ?)",
                                       list(enumerate(missing, start=1)))
                found: dict[int, list[tuple[int, str]]] = {}
                for term, doc, offset in self._conn.execute(
                        "SELECT term, doc, offset FROM v"):
                    found.setdefault(doc, []).append((offset, term))
                self._conn.execute("DELETE FROM t")
            if len(self._words) > 100_000:
                self._words.clear()
            for n, word in enumerate(missing, start=1):
                self._words[word] = tuple(t for _, t in sorted(found.get(n, [])))
        return [self._words[w] for w in words]


_GROUPED = (
    "SELECT term, group_concat(doc), group_concat(f) FROM ("
    f"SELECT term, doc, {WEIGHTS[0]} * SUM(col = 'profile') + {WEIGHTS[1]} * SUM(col = 'content')"
    " AS f FROM {table} GROUP BY term, doc) GROUP BY term"
)


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",")]


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",")]


#: The loops below hold no Python objects (they run without the GIL, so serving threads
#: overlap) and are cached on disk after their first compilation. No ``fastmath``: the
#: sums must be FTS5's, bit for bit.
_JIT = {"cache": True, "nogil": True, "boundscheck": False}


@numba.njit(**_JIT)
def _accumulate(doc: np.ndarray, freq: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                idf: np.ndarray, length: np.ndarray, avgdl: float, current: np.ndarray,
                allowed: np.ndarray, score: np.ndarray, touched: np.ndarray,
                found: np.ndarray, n: int) -> int:
    """Add term ``t``'s BM25 contribution for its postings ``doc[lo[t]:hi[t]]`` to
    ``score``, term after term; the postings of creators ``current`` marks False (when
    it is not empty) or ``allowed`` does not mark (likewise) are skipped. A creator
    scored for the first time is marked in ``touched`` and appended to ``found`` at
    ``n``; returns the new ``n``. Every index must lie inside ``score``."""
    check_current, check_allowed = current.size > 0, allowed.size > 0
    for t in range(lo.size):
        weight = idf[t]
        for p in range(lo[t], hi[t]):
            d = doc[p]
            if (check_current and not current[d]) or (check_allowed and not allowed[d]):
                continue
            f = np.float64(freq[p])
            # FTS5's bm25(): idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * dl / avgdl))
            score[d] += weight * ((f * (K1 + 1.0)) / (f + K1 * ((1.0 - B) + B * length[d]
                                                                  / avgdl)))
            if not touched[d]:
                touched[d] = True
                found[n] = d
                n += 1
    return n


@numba.njit(**_JIT)
def _take(score: np.ndarray, touched: np.ndarray, found: np.ndarray) -> np.ndarray:
    """The scores of ``found``, zeroing them and their marks for the next query."""
    out = np.empty(found.size)
    for i in range(found.size):
        d = found[i]
        out[i] = score[d]
        score[d] = 0.0
        touched[d] = False
    return out


def warm_up() -> None:
    """Compile (or load from the disk cache) the scoring loops before a first query."""
    index = Bm25()
    index._grow(1)
    index._score_postings([(np.zeros(1, dtype=np.int32), np.ones(1, dtype=np.float32))],
                          [(0, 0)], [1.0], 1.0, np.zeros(1, dtype=np.int64))


def _idf(rows: int, hits: int) -> float:
    """FTS5's idf: ``log((N - n + 0.5) / (n + 0.5))``, floored at 1e-6."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else 1e-6


class Bm25:
    """In-memory postings and FTS5-identical BM25 over creator numbers."""

    def __init__(self) -> None:
        self.term_id: dict[str, int] = {}
        self.ptr = np.zeros(1, dtype=np.int64)  # base CSR by term id
        self.doc = np.zeros(0, dtype=np.int32)
        self.freq = np.zeros(0, dtype=np.float32)
        self.base_ok = np.zeros(0, dtype=bool)  # a creator's base postings are current
        self.length = np.zeros(0)  # tokens per creator (all columns)
        self.present = np.zeros(0, dtype=bool)  # has a row in the FTS table
        self.rows = 0
        self.tokens = 0
        self.delta: dict[int, dict[int, float]] = {}
        self.delta_terms: dict[int, list[int]] = {}
        self.delta_size = 0
        #: Creators whose base postings went stale since the base was built (``apply``).
        self.base_dirty = 0
        self.tokenizer = Tokenizer()
        self._local = threading.local()  # per-thread scratch of :meth:`scores`

    # -- building ------------------------------------------------------------------------
    @classmethod
    def from_fts(cls, conn: sqlite3.Connection, table: str, rowid_to_num: dict[int, int],
                 size: int) -> Bm25:
        """Read FTS5's own postings of ``table`` (one pass over its ``fts5vocab``)."""
        index = cls()
        conn.execute("DROP TABLE IF EXISTS temp.scout_vocab")
        conn.execute(f"CREATE VIRTUAL TABLE temp.scout_vocab USING fts5vocab(main, {table}, "
                     "'instance')")
        terms: list[str] = []
        counts: list[int] = []
        docs: list[np.ndarray] = []
        freqs: list[np.ndarray] = []
        lookup = np.full(max(rowid_to_num, default=0) + 1, -1, dtype=np.int64)
        for rowid, num in rowid_to_num.items():
            lookup[rowid] = num
        try:
            for term, d, f in conn.execute(_GROUPED.format(table="temp.scout_vocab")):
                nums = lookup[np.array(d.split(","), dtype=np.int64)]
                terms.append(term)
                counts.append(nums.size)
                docs.append(nums)
                freqs.append(np.array(f.split(","), dtype=np.float32))
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.scout_vocab")
        index.term_id = {t: i for i, t in enumerate(terms)}
        index.ptr = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
        index.doc = (np.concatenate(docs) if docs else np.zeros(0)).astype(np.int32)
        index.freq = np.concatenate(freqs) if freqs else np.zeros(0, dtype=np.float32)
        index._grow(size)
        index.base_ok[:] = True
        index.present[list(rowid_to_num.values())] = True
        # tokens per creator (all columns), as FTS5 counts them for bm25's document length
        index.length[:size] = _token_counts(conn, table, rowid_to_num, size)
        index.rows = int(index.present.sum())
        index.tokens = int(index.length.sum())
        return index

    def _grow(self, size: int) -> None:
        if size <= self.base_ok.size:
            return
        cap = max(size, 2 * self.base_ok.size, 1024)
        for name, fill in (("base_ok", False), ("length", 0.0), ("present", False)):
            old = getattr(self, name)
            new = np.full(cap, fill, dtype=old.dtype)
            new[:old.size] = old
            setattr(self, name, new)

    def apply(self, docs: Sequence[tuple[int, str, str]], deleted: Iterable[int]) -> None:
        """Replace the postings of ``(number, profile, content)`` docs; drop ``deleted``."""
        latest = {num: (num, p, c) for num, p, c in docs}
        changed = [*latest, *(n for n in deleted if n not in latest)]
        if not changed:
            return
        self._grow(max(changed) + 1)
        for num in changed:
            if self.base_ok[num]:
                self.base_dirty += 1
            self.base_ok[num] = False
            for tid in self.delta_terms.pop(num, []):
                entry = self.delta.get(tid)
                if entry is not None and entry.pop(num, None) is not None:
                    self.delta_size -= 1
            if self.present[num]:
                self.present[num] = False
                self.rows -= 1
                self.tokens -= int(self.length[num])
                self.length[num] = 0.0
        for term, nums, freqs in self.tokenizer.postings(list(latest.values())):
            tid = self.term_id.setdefault(term, len(self.term_id))
            entry = self.delta.setdefault(tid, {})
            for num, f in zip(nums, freqs, strict=True):
                entry[num] = f
                self.delta_terms.setdefault(num, []).append(tid)
            self.delta_size += len(nums)
        for num in latest:
            self.present[num] = True
            self.rows += 1
        # token counts come from the scratch table's own column sizes
        for num, n in self.tokenizer.lengths(list(latest.values())).items():
            self.length[num] = n
            self.tokens += int(n)
        if self.delta_size > max(100_000, self.doc.size // 4):
            self.merge()

    def merge(self) -> None:
        """Fold the delta into the base arrays (valid base postings + delta, by term)."""
        n_terms = len(self.term_id)
        counts = np.diff(self.ptr)
        term_of = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
        keep = self.base_ok[self.doc]
        d_terms, d_docs, d_freqs = [], [], []
        for tid, entry in self.delta.items():
            if entry:
                d_terms.append(np.full(len(entry), tid, dtype=np.int64))
                d_docs.append(np.fromiter(entry.keys(), dtype=np.int64, count=len(entry)))
                d_freqs.append(np.fromiter(entry.values(), dtype=np.float32, count=len(entry)))
        all_terms = np.concatenate([term_of[keep], *d_terms])
        all_docs = np.concatenate([self.doc[keep].astype(np.int64), *d_docs])
        all_freqs = np.concatenate([self.freq[keep], *d_freqs])
        order = np.lexsort((all_docs, all_terms))
        self.doc = all_docs[order].astype(np.int32)
        self.freq = all_freqs[order]
        self.ptr = np.concatenate([[0], np.cumsum(np.bincount(all_terms, minlength=n_terms))])
        self.base_ok[:] = True
        self.base_dirty = 0
        self.delta, self.delta_terms, self.delta_size = {}, {}, 0

    # -- scoring -------------------------------------------------------------------------
    def scores(self, words: Sequence[str], among: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray] | None:
        """(creator numbers, scores) of the creators matching any of ``words``, as FTS5's
        ``bm25()`` scores ``"w1" OR "w2" ...`` (positive), in no particular order; None
        if FTS5 would see a multi-token phrase (the caller then asks SQL).

        ``among`` (creator numbers, e.g. a filter's) keeps only those creators: the
        postings of the others are skipped, not scored."""
        phrases = self.tokenizer.words(words)
        if any(len(p) != 1 for p in phrases):
            return None
        if not self.rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        avgdl = float(self.tokens) / float(self.rows)
        ranges: list[tuple[int, int]] = []
        deltas: list[tuple[np.ndarray, np.ndarray]] = []
        idfs: list[float] = []
        current = self.base_ok if self.base_dirty else None
        for (term,) in phrases:
            tid = self.term_id.get(term)
            lo = hi = 0
            if tid is not None and tid + 1 < self.ptr.size:
                lo, hi = int(self.ptr[tid]), int(self.ptr[tid + 1])
            entry = self.delta.get(tid) if tid is not None else None
            delta = (np.fromiter(entry.keys(), dtype=np.int32, count=len(entry)),
                     np.fromiter(entry.values(), dtype=np.float32, count=len(entry))
                     ) if entry else (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
            base = hi - lo
            if current is not None and base:  # some creators changed since the base was built
                base = int(np.count_nonzero(current[self.doc[lo:hi]]))
            ranges.append((lo, hi))
            deltas.append(delta)
            idfs.append(_idf(self.rows, base + delta[0].size))
        return self._score_postings(deltas, ranges, idfs, avgdl, among)

    def _score_postings(self, deltas: list[tuple[np.ndarray, np.ndarray]],
                        ranges: list[tuple[int, int]], idfs: list[float],
                        avgdl: float, among: np.ndarray | None
                        ) -> tuple[np.ndarray, np.ndarray]:
        """Score the base postings ``ranges`` then each term's ``deltas`` (a creator's
        postings are all in the base or all in the delta, so each creator's terms are
        summed in the query's order either way)."""
        size = self.base_ok.size
        score, touched, allowed = self._scratch(size)
        idf = np.asarray(idfs, dtype=np.float64)
        bound = sum(d.size for d, _ in deltas) + sum(hi - lo for lo, hi in ranges)
        found = np.empty(min(bound, size), dtype=np.int64)
        mask = np.zeros(0, dtype=np.bool_)
        inside = np.zeros(0, dtype=np.int64)
        if among is not None:
            inside = np.asarray(among, dtype=np.int64)
            inside = inside[(inside >= 0) & (inside < size)]
            allowed[inside] = True
            mask = allowed
        taken = False
        try:
            n = 0
            if ranges:
                lo = np.array([r[0] for r in ranges], dtype=np.int64)
                hi = np.array([r[1] for r in ranges], dtype=np.int64)
                current = self.base_ok if self.base_dirty else np.zeros(0, dtype=np.bool_)
                n = _accumulate(self.doc, self.freq, lo, hi, idf, self.length, avgdl,
                                current, mask, score, touched, found, n)
            for t, (docs, freqs) in enumerate(deltas):
                if docs.size:
                    n = _accumulate(docs, freqs, np.zeros(1, dtype=np.int64),
                                    np.full(1, docs.size, dtype=np.int64), idf[t:t + 1],
                                    self.length, avgdl, np.zeros(0, dtype=np.bool_), mask,
                                    score, touched, found, n)
            nums = found[:n]
            scores = _take(score, touched, nums)
            taken = True
            return nums, scores
        finally:
            allowed[inside] = False
            if not taken:  # interrupted: leave the scratch zeroed for the next query
                score[:] = 0.0
                touched[:] = False

    def _scratch(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This thread's score, mark and filter arrays for ``size`` creators (zeroed)."""
        arrays = getattr(self._local, "arrays", None)
        if arrays is None or arrays[0].size < size:
            arrays = (np.zeros(size), np.zeros(size, dtype=np.bool_),
                      np.zeros(size, dtype=np.bool_))
            self._local.arrays = arrays
        return arrays

    def nbytes(self) -> int:
        total = self.ptr.nbytes + self.doc.nbytes + self.freq.nbytes + self.base_ok.nbytes
        return int(total + self.length.nbytes + self.present.nbytes)

    # -- snapshots -----------------------------------------------------------------------
    def save(self, path: Path, ids: Sequence[str], nums: np.ndarray) -> None:
        """Write the base (after merging the delta) for the creators ``nums`` (ids ``ids``)."""
        self.merge()
        local = np.full(self.base_ok.size, -1, dtype=np.int64)
        local[nums] = np.arange(nums.size)
        keep = local[self.doc] >= 0
        counts = np.diff(self.ptr)
        term_of = np.repeat(np.arange(counts.size, dtype=np.int64), counts)[keep]
        terms = sorted(self.term_id, key=self.term_id.__getitem__)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("wb") as handle:
            np.savez(handle, terms=np.array(terms, dtype=object), term_of=term_of,
                     doc=local[self.doc[keep]], freq=self.freq[keep],
                     ids=np.array(list(ids), dtype=object), length=self.length[nums],
                     present=self.present[nums])
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, nums_of: dict[str, int], size: int) -> Bm25:
        index = cls()
        with np.load(path, allow_pickle=True) as data:
            terms = data["terms"].tolist()
            index.term_id = {t: i for i, t in enumerate(terms)}
            to_num = np.array([nums_of[i] for i in data["ids"].tolist()], dtype=np.int64)
            index._grow(max(size, int(to_num.max()) + 1 if to_num.size else 0))
            term_of = data["term_of"]
            index.doc = to_num[data["doc"]].astype(np.int32)
            index.freq = data["freq"]
            index.ptr = np.concatenate([[0], np.cumsum(np.bincount(term_of,
                                                                   minlength=len(terms)))])
            index.length[to_num] = data["length"]
            index.present[to_num] = data["present"]
        index.base_ok[:] = True
        index.rows = int(index.present.sum())
        index.tokens = int(index.length.sum())
        return index


def _token_counts(conn: sqlite3.Connection, table: str, rowid_to_num: dict[int, int],
                  size: int) -> np.ndarray:
    """Tokens per creator in all columns, from FTS5's own ``docsize`` shadow table."""
    out = np.zeros(size)
    for rowid, blob in conn.execute(f"SELECT id, sz FROM {table}_docsize"):
        num = rowid_to_num.get(rowid)
        if num is not None:
            out[num] = float(sum(_varints(blob)))
    return out


def _varints(blob: bytes) -> list[int]:
    """FTS5's varints (SQLite's: big-endian 7-bit groups, high bit = more)."""
    values: list[int] = []
    value = 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(value)
            value = 0
    return values
