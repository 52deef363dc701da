"""Before/after in one process, on ``scout bench latency``'s workload.

Every query runs with the query-time savings of the ``perf`` branch off and on
(alternating which goes first), so both sides see the same machine load. Off is
the engine as it was: exact filtered search by gather + decode, no per-query memo
of group scores, no parsed-record, summary or token caches. A search gets its own
query vector, as in ``scout bench latency``.

    python scripts/bench_paired.py SIZE QUERIES OUT.json

The corpus is read from ``data/bench-corpora`` (built and cached by ``scout bench``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

import indexer.features as features
import indexer.stores.faiss_index as faiss_index
from eval.bench import workload
from eval.bench.common import Settings, percentiles, timed
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from ranker import present
from ranker.ranker import Ranker
from schemas import Brief, SearchQuery

CACHE = 512


def main(size: int, n_queries: int, out: Path) -> None:
    settings = Settings(size="full", data=Path("data/bench-corpora"), sizes=[size])
    backend, info = open_corpus(settings, size)
    vectors = VectorModel(info.seed).queries(256, seed=99)
    current = {"q": vectors[0]}
    ranker = Ranker(backend, lambda _text: current["q"])

    def savings(on: bool) -> None:
        faiss_index.SCAN_SHARE = 0.05 if on else 2.0
        backend.profiles.memoize = backend.content.memoize = on
        backend.docs.parsed_cache_size = CACHE if on else 0
        features.DERIVED_CACHE = CACHE if on else 0  # type: ignore[misc]
        if not on:
            backend.docs._parsed.clear()
            features.forget_derived()
            present._words.cache_clear()

    queries = workload.build(backend, n_queries, len(vectors))
    for q in queries[1.0][:3]:  # warm up
        current["q"] = vectors[q.vector]
        ranker.match(Brief(text=q.text))
    n = len(vectors)
    report: dict[str, Any] = {"creators": size, "load_avg_start": os.getloadavg(), "cells": []}
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
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
