"""Before/after in one process, on ``scout bench latency``'s workload.

Every query runs with one round's change off and on (alternating which goes first),
so both sides see the same machine load. A search gets its own query vector, as in
``scout bench latency``. The round:

- ``codes``: off scores the int8 codes of the HNSW mode as the engine did before the
  ``codes`` round: each group's best by gathering its codes, widening them to float32
  and a numpy product (``_best``, ``matched_content``'s per-vector scores), and a large
  exact filter's candidates from the compiled per-group loop of the ``kernel`` round
  (no loads requested ahead), re-scored that way; on, every code score comes from the
  compiled loops reading the codes in place, asking for the next groups' codes ahead.

- ``depth``: off asks each vector retriever for exactly ``candidates_per_retriever``
  creators (``retrieval_floor = 1``: a graph list sized for the worst query, searched
  again twice as deep when it falls short), on for a depth (the default 0.5: a list sized
  for the median query, the creators owning it).

- ``sketch``: off scores every group a large filter allows on its int8 codes, as
  before the round; on ranks them on their 64-byte sketches first and scores only the
  leaders (``FaissVectorIndex._sketch_leaders``). The pre-scan may change an answer, so
  instead of refusing to run, the report counts the answers of 10%-filtered queries
  (20 briefs) that differ.

- ``lexical``: off takes BM25's top ``k`` and the vector candidates' BM25 scores as
  (id, score) pairs (``lexical``: each number turned into its id, the pairs sorted),
  and the ranker looks those ids up again to unite them with the vector candidates and
  to align their scores, as before the round; on, the store hands back numbers and
  scores (``lexical_numbers``) and the ranker unites them by number.

- ``overhead``: off reads the graph's quantizer parameters through FAISS's wrappers on
  every scoring call and runs the sketch pre-scan's general loop, as before the round;
  on, the parameters are read once per graph (``faiss_index._quantizer``) and 64-wide
  sketches take the loop compiled for their width (``kernels.SKETCH_WIDTH``).

- ``gather``: off filters a large set's group numbers to the groups an index holds,
  counts their vectors and gathers their places for the sketch pre-scan with numpy
  (two masks and four gathers), as before the round; on, one compiled pass filters and
  counts (``kernels.present_groups``) and the pre-scan reads each group's place itself
  (``group_best_sketch``'s ``groups``).

Earlier rounds compared code that is gone: ``perf``, ``pages``, ``omp``, ``kernel`` and
``stored`` (whose parse of a page's records no page does since the ``cards`` round; this
script at 0cb9607), ``cards`` (its off side rebuilt each shown record's summary, as
``indexer.card.card_of`` now does once when the record is written) and ``hugepages``
(the graph on 2 MB pages, reverted; both at 4867c93), ``bm25`` (its off side scored
BM25's postings with numpy, as ``lexical.Bm25.scores`` did before its compiled loop; at
40642f0) and ``retrieval`` (its off side ran the retrievers one after the other on
plain sorted ids; at fa8a37f). Their figures are kept in
``docs/bench/paired-*.json``.

    python scripts/bench_paired.py SIZE QUERIES OUT.json [ROUND]   (default: gather)

The corpus is read from ``data/bench-corpora`` (built and cached by ``scout bench``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

import numba
import numpy as np

import indexer.stores.faiss_index as faiss_index
import indexer.stores.kernels as kernels
import ranker.ranker as ranker_mod
from eval.bench import workload
from eval.bench.common import Settings, percentiles, timed
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.ids import NumberedIds, unique_sorted
from indexer.stores.kernels import _FAST
from ranker.ranker import Ranker
from schemas import Brief, SearchQuery
from scout.config import Config
from scout.heap import collect_between_requests, settle_heap

#: What the engine before the ``codes`` round took a large exact filter's loop for.
SCAN_SHARE, SCAN_MIN, KERNEL_SLACK = 0.05, 10_000, 1e-4
CODE_CHUNK = faiss_index.CODE_CHUNK


@numba.njit(nogil=True, fastmath=_FAST, boundscheck=False)
def _group_best_unfetched(codes: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                          weights: np.ndarray, out: np.ndarray) -> None:
    """The per-group loop of the ``kernel`` round (a4ac1de): no loads requested ahead."""
    dim = codes.shape[1]
    for g in range(starts.size):
        first = starts[g]
        best = np.float32(0.0)
        for row in range(first, first + counts[g]):
            acc = np.float32(0.0)
            for j in range(dim):
                acc += np.float32(codes[row, j]) * weights[j]
            if row == first or acc > best:
                best = acc
        out[g] = best


def _gathered_code_scores(hnsw: Any, fids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``_code_scores`` before the round: gather the codes, widen them, numpy's product."""
    codes, scale, offset = faiss_index._affine_codes(hnsw)
    weights = (query * scale).astype(np.float32)
    out = np.empty(fids.size, dtype=np.float32)
    for start in range(0, fids.size, CODE_CHUNK):
        block = codes[fids[start:start + CODE_CHUNK]].astype(np.float32)
        np.dot(block, weights, out=out[start:start + CODE_CHUNK])
    out += np.float32(query @ offset)
    return out


def _exact_with_slack(self: FaissVectorIndex, q: np.ndarray, k: int, nums: np.ndarray
                      ) -> Any:
    """``_exact`` before the round: the loop picks a large filter's contenders, numpy's
    floats decide."""
    allowed = int(self._g_count[nums].sum())
    if (self._hnsw is None or allowed < SCAN_MIN or allowed < SCAN_SHARE * self._live):
        return self._top(q, *self._best(q, nums), k)
    codes, scale, _ = faiss_index._affine_codes(self._hnsw)
    approx = np.empty(nums.size, dtype=np.float32)
    _group_best_unfetched(codes, self._g_start[nums], self._g_count[nums],
                          (q * scale).astype(np.float32), approx)
    depth = k + faiss_index.RERANK_MARGIN
    if nums.size > depth:
        cut = np.partition(approx, nums.size - depth)[nums.size - depth]
        nums = nums[approx >= cut - KERNEL_SLACK]
    return self._top(q, *self._best(q, nums), k)


_BY_NUMBER = Ranker._candidates


def _candidates_by_id(self: Ranker, text: str, qvec: np.ndarray, spec: Any
                      ) -> tuple[list[str], np.ndarray, int]:
    """``Ranker._candidates`` before the ``lexical`` round, on the workload's path (an
    index above ``score_all_threshold``, no exclusions): BM25 as (id, score) pairs, its
    ids looked up again to unite them with the vector candidates by number. A filter
    small enough to score everyone takes the path both sides share."""
    docs = self.backend.docs
    allowed = ranker_mod._select(docs, spec)
    total = docs.count() if allowed is None else len(allowed)
    if total <= self.settings.score_all_threshold:
        return _BY_NUMBER(self, text, qvec, spec)
    assert not spec.exclude_ids
    vector_found = self._vector_candidates(qvec, self.settings.candidates_per_retriever,
                                           allowed, self._shared_numbering())
    lexical = dict(docs.lexical(text, spec, self.settings.candidates_per_retriever,
                                also=vector_found))
    found = vector_found()
    numbering = found.numbering
    nums = unique_sorted(np.concatenate((found.nums, numbering.numbers(list(lexical)))))
    table = numbering.ids
    ids = [table[n] for n in nums.tolist()]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    numbered = NumberedIds([ids[i] for i in order], numbering, nums[order])
    return numbered, ranker_mod._aligned(numbered, lexical), total


def _quantizer_each_time(hnsw: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    """``faiss_index._quantizer`` as before the ``overhead`` round: read on every call."""
    faiss_index._QUANTIZERS.clear()
    return _READ_ONCE(hnsw)


_READ_ONCE = faiss_index._quantizer
_PRESENT, _SKETCH_SCAN = faiss_index.present_groups, faiss_index.group_best_sketch


def _present_by_numpy(counts: np.ndarray, nums: np.ndarray) -> tuple[np.ndarray, int]:
    """``kernels.present_groups`` as before the ``gather`` round: masks and gathers."""
    nums = nums[nums < counts.size]
    nums = nums[counts[nums] > 0]
    return nums, int(counts[nums].sum())


def _sketch_gathered(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                     weights: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """The pre-scan as before the ``gather`` round: the groups' places gathered first."""
    if groups is not None:
        starts, counts = starts[groups], counts[groups]
    return _SKETCH_SCAN(rows, starts, counts, weights)


def main(size: int, n_queries: int, out: Path, round_name: str = "gather") -> None:
    settings = Settings(size="full", data=Path("data/bench-corpora"), sizes=[size])
    backend, info = open_corpus(settings, size)
    vectors = VectorModel(info.seed).queries(256, seed=99)
    current = {"q": vectors[0]}
    ranker = Ranker(backend, lambda _text: current["q"])
    fast = (faiss_index._code_scores, FaissVectorIndex._best_uncached,
            FaissVectorIndex._exact)

    def codes(on: bool) -> None:
        faiss_index._code_scores = fast[0] if on else _gathered_code_scores
        FaissVectorIndex._best_uncached = (  # type: ignore[method-assign]
            fast[1] if on else FaissVectorIndex._best_gathered)
        FaissVectorIndex._exact = fast[2] if on else _exact_with_slack  # type: ignore[method-assign]

    def lexical(on: bool) -> None:
        Ranker._candidates = _BY_NUMBER if on else _candidates_by_id  # type: ignore[method-assign]

    full = dataclasses.replace(ranker.settings, retrieval_floor=1.0)
    lean = dataclasses.replace(ranker.settings, retrieval_floor=0.5)

    def depth(on: bool) -> None:
        ranker.settings = lean if on else full

    def sketch(on: bool) -> None:
        backend.profiles.use_sketch = backend.content.use_sketch = on

    wide_scan, read_quantizer = kernels._group_best_sketch_wide, faiss_index._quantizer

    def overhead(on: bool) -> None:
        kernels._group_best_sketch_wide = wide_scan if on else kernels._group_best_sketch
        faiss_index._quantizer = read_quantizer if on else _quantizer_each_time

    def gather(on: bool) -> None:
        faiss_index.present_groups = _PRESENT if on else _present_by_numpy
        faiss_index.group_best_sketch = _SKETCH_SCAN if on else _sketch_gathered

    savings = {"codes": codes, "lexical": lexical, "depth": depth,
               "sketch": sketch, "overhead": overhead, "gather": gather}[round_name]
    queries = workload.build(backend, n_queries, len(vectors))
    approximate = round_name == "sketch"
    checked = queries[0.1][:20] if approximate else queries[1.0][:3]
    differ = 0
    for q in checked:  # warm up, and both sides answer alike
        current["q"] = vectors[q.vector]
        answers = []
        for on in (False, True):
            savings(on)
            brief = Brief(text=q.text, **(q.fields if approximate else {}))
            answers.append(ranker.match(brief, now=1.8e9)  # recency moves
                           .model_dump(exclude={"took_ms"}))
        differ += answers[0] != answers[1]
        if differ and not approximate:
            raise SystemExit(f"the {round_name} round changes the answer to {q.text!r}")
    # as ``scout serve`` and ``scout bench latency`` do: young passes between queries
    settle_heap(Config().gc_threshold, between_requests=True)
    n = len(vectors)
    report: dict[str, Any] = {"creators": size, "round": round_name,
                              "load_avg_start": os.getloadavg(), "cells": []}
    if approximate:
        report["answers_differ"] = {"checked": len(checked), "differ": differ}
        print(f"answers that differ: {differ} of {len(checked)} (10% filter)", flush=True)
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
                collect_between_requests()
                current["q"] = vectors[(q.vector + n // 2) % n]
                times[(on, "search")].append(timed(lambda s=search: ranker.search(s))[0])
                collect_between_requests()
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
