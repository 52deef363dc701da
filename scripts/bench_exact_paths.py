"""Exact filtered search: FAISS scanning the int8 codes vs gathering their codes and
scoring them in numpy (decoding them with FAISS before 5f8234e).

Paired in one process on ``scout bench latency``'s workload: every query runs both
ways (alternating which goes first), with the per-query memo off so neither path
reuses the other's work; the ratio is the median over queries of gather / scan, and
both paths must return the same hits. This is what ``SCAN_SHARE`` and ``SCAN_MIN``
in ``indexer/stores/faiss_index.py`` were set from.

    python scripts/bench_exact_paths.py SIZE SELECTIVITY [QUERIES]

The corpus is read from ``data/bench-corpora`` (built and cached by ``scout bench``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from eval.bench import workload
from eval.bench.common import Settings
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from ranker.filters import compile_filters
from schemas import SearchQuery

#: (scan_share, scan_min) forcing each exact path.
PATHS = {"gather": (float("inf"), 1 << 62), "scan": (0.0, 0)}


def main(size: int, selectivity: float, n_queries: int) -> None:
    settings = Settings(size="full", data=Path("data/bench-corpora"), quiet=True)
    backend, info = open_corpus(settings, size)
    vectors = VectorModel(info.seed).queries(64, seed=5)
    queries = workload.build(backend, n_queries, len(vectors))[selectivity]
    for space, index in (("profile", backend.profiles), ("content", backend.content)):
        index.memoize = False
        for k in (10, 400):
            times: dict[str, list[float]] = {p: [] for p in PATHS}
            same = 0
            for n, q in enumerate(queries):
                allowed = backend.docs.select(compile_filters(SearchQuery(q="x", **q.fields)))
                hits = {}
                for path in (list(PATHS) if n % 2 == 0 else list(PATHS)[::-1]):
                    index.scan_share, index.scan_min = PATHS[path]
                    started = time.perf_counter()
                    found = index.search(vectors[q.vector], k, allowed)
                    times[path].append((time.perf_counter() - started) * 1000)
                    hits[path] = [(h.group, round(h.score, 5)) for h in found]
                same += hits["gather"] == hits["scan"]
            ratio = float(np.median(np.array(times["gather"]) / np.array(times["scan"])))
            print(f"{size:,} creators, {space}, k={k}, filter keeps {selectivity:.1%} "
                  f"(~{len(allowed):,} creators): gather p50 {np.median(times['gather']):.2f} ms,"
                  f" scan p50 {np.median(times['scan']):.2f} ms, paired gather/scan "
                  f"{ratio:.2f}, identical hits {same}/{len(queries)}")
    backend.close()


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 40)
