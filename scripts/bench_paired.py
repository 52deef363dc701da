"""Before/after in one process, on ``scout bench latency``'s workload.

Every query runs with one round's query-time savings off and on (alternating which
goes first), so both sides see the same machine load. A search gets its own query
vector, as in ``scout bench latency``. Rounds:

- ``perf`` (default): off is the engine before the ``perf`` branch: exact filtered
  search by gather + decode, no per-query memo of group scores, no parsed-record,
  summary or token caches.
- ``pages``: off scores int8 codes by decoding them with FAISS's ``sa_decode`` (as
  before 5f8234e), recomputes each result's credibility and features instead of taking
  those the store saved (before 4564532), and tokenises every post it highlights
  (before b953c14).
- ``kernel``: off takes a large exact filter's candidates from FAISS's filtered scan of
  the int8 codes (top vectors, then their groups re-scored; on a one-thread OpenMP team,
  as the engine ran it before the ``kernel`` round), on from the compiled per-group loop.
  (The ``omp`` round of affed17, whose guard the loop made unnecessary, is kept in
  ``docs/bench/paired-omp-100000.json``; its code is in git history.)

    python scripts/bench_paired.py SIZE QUERIES OUT.json [ROUND]

The corpus is read from ``data/bench-corpora`` (built and cached by ``scout bench``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import faiss
import numpy as np

import indexer.features as features
import indexer.stores.faiss_index as faiss_index
import indexer.stores.sqlite as sqlite_store
from eval.bench import workload
from eval.bench.common import Settings, percentiles, timed
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.ids import first_seen
from ranker import present
from ranker.ranker import Ranker
from schemas import Brief, SearchQuery

CACHE = 512


def _sa_decode_scores(hnsw: Any, fids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Scores as the engine computed them before 5f8234e: FAISS decodes, numpy multiplies."""
    storage = faiss.downcast_index(hnsw.storage)
    if not fids.size:
        return np.zeros(0, dtype=np.float32)
    codes = faiss.rev_swig_ptr(storage.codes.data(), storage.codes.size())
    return storage.sa_decode(codes.reshape(-1, storage.code_size)[fids]) @ query


def _exact_by_faiss_scan(self: FaissVectorIndex, q: np.ndarray, k: int, nums: np.ndarray,
                         allowed: int) -> Any:
    """``_exact`` as before the ``kernel`` round: FAISS scans the codes with the filter as
    a selector for the best vectors, and the groups they belong to are scored on all."""
    if (self._hnsw is None or allowed < self.scan_min
            or allowed < self.scan_share * self._live):
        return self._top(q, *self._best(q, nums), k)
    mask = np.zeros(self._g_count.size, dtype=bool)  # _search built it before the round
    mask[nums] = True
    depth = k + faiss_index.RERANK_MARGIN
    bits = np.packbits(mask, bitorder="little")
    selector = faiss.IDSelectorTranslated(
        self._fid_group, faiss.IDSelectorBitmap(bits.size, faiss.swig_ptr(bits)))
    storage = faiss.downcast_index(self._hnsw.storage)
    want = min(allowed, 2 * self._want(k, allowed))
    while True:
        _, fids = storage.search(q.reshape(1, -1), want,
                                 params=faiss.SearchParameters(sel=selector))
        found = self._fg[fids[0][fids[0] >= 0]]
        ranked = first_seen(found[found >= 0])
        if ranked.size >= depth or want >= allowed:
            break
        want = min(allowed, want * 2)
    del bits
    return self._top(q, *self._best(q, np.sort(ranked[:depth])), k)


def _highlights_tokenising(query_words: list[str], text: str,
                           stems: frozenset[str] | None = None) -> list[str]:
    """Highlights as before b953c14: every text is tokenised."""
    stems = stems or frozenset(present._stem(w) for w in query_words)
    found: dict[str, None] = {}
    for word, stem in present._words(text):
        if stem in stems or word in query_words:
            found.setdefault(word, None)
    return list(found)


def main(size: int, n_queries: int, out: Path, round_name: str = "perf") -> None:
    settings = Settings(size="full", data=Path("data/bench-corpora"), sizes=[size])
    backend, info = open_corpus(settings, size)
    vectors = VectorModel(info.seed).queries(256, seed=99)
    current = {"q": vectors[0]}
    ranker = Ranker(backend, lambda _text: current["q"])

    fast = (faiss_index._code_scores, present.highlights, sqlite_store.remember,
            FaissVectorIndex._exact)

    def pages(on: bool) -> None:
        faiss_index._code_scores = fast[0] if on else _sa_decode_scores
        present.highlights = fast[1] if on else _highlights_tokenising  # type: ignore[assignment]
        sqlite_store.remember = fast[2] if on else (lambda _creator, _value: None)
        if not on:
            backend.docs._parsed.clear()  # so records are read, and facts handed over, anew
            features.forget_derived()

    def perf(on: bool) -> None:
        backend.profiles.scan_share = backend.content.scan_share = 0.05 if on else 2.0
        backend.profiles.memoize = backend.content.memoize = on
        backend.docs.parsed_cache_size = CACHE if on else 0
        features.DERIVED_CACHE = CACHE if on else 0  # type: ignore[misc]
        if not on:
            backend.docs._parsed.clear()
            features.forget_derived()
            present._words.cache_clear()

    def kernel(on: bool) -> None:
        FaissVectorIndex._exact = fast[3] if on else _exact_by_faiss_scan  # type: ignore[method-assign]

    if round_name == "kernel":
        faiss.omp_set_num_threads(1)  # as the engine's search guard did before the round
    savings = {"perf": perf, "pages": pages, "kernel": kernel}[round_name]
    queries = workload.build(backend, n_queries, len(vectors))
    for q in queries[1.0][:3]:  # warm up
        current["q"] = vectors[q.vector]
        ranker.match(Brief(text=q.text))
    n = len(vectors)
    report: dict[str, Any] = {"creators": size, "round": round_name,
                              "load_avg_start": os.getloadavg(), "cells": []}
    for sel, batch in queries.items():
        times: dict[tuple[bool, str], list[float]] = {
            (on, kind): [] for on in (False, True) for kind in ("match", "search")}
        for i, q in enumerate(batch):
            brief = Brief(text=q.text, limit=20, **q.fields)
            search = SearchQuery(q=q.search_text, limit=20, **q.fields)
            for on in ((False, True) if i % 2 else (True, False)):
                savings(on)
                current["q"] = vectors[q.vector]
                times[(on, "match")].append(timed(lambda b=brief: ranker.match(b))[0])
                current["q"] = vectors[(q.vector + n // 2) % n]
                times[(on, "search")].append(timed(lambda s=search: ranker.search(s))[0])
        for kind in ("match", "search"):
            off, on_ = times[(False, kind)], times[(True, kind)]
            ratio = float(np.median(np.array(off) / np.array(on_)))
            cell = {"selectivity": sel, "kind": kind, "off": percentiles(off),
                    "on": percentiles(on_), "paired_ratio_median": ratio}
            report["cells"].append(cell)
            print(f"{sel:6} {kind:6} off p50 {cell['off']['p50']:7.1f} p95 "
                  f"{cell['off']['p95']:7.1f} | on p50 {cell['on']['p50']:7.1f} p95 "
                  f"{cell['on']['p95']:7.1f} | median paired off/on {ratio:.2f}", flush=True)
    report["load_avg_end"] = os.getloadavg()
    out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:5])
