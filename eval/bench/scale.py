"""The vector side alone at corpus sizes the full corpora do not reach (1,000,000 creators).

A full benchmark corpus is records, a SQLite document store and two vector spaces;
at a million creators that is a ~20 GB database and a graph over ~7.4 million post
vectors, hours to build on two cores. This benchmark measures what grows fastest
with the corpus, the profile vector space, on its own: one synthetic profile vector
per creator (the same clustered distribution as the corpora, ``VectorModel``) written
through Scout's own :class:`FaissVectorIndex` (SQLite log, HNSW over int8 codes,
snapshots), then searched the way the ranker searches it: the 10 best (what recall is
judged on) and the ``candidates_per_retriever`` best (what a match asks for), with no
filter and with filters keeping 10%, 1% and 0.1% of the creators. The filters are
correlated with the vectors, as real ones are: the creators of one category (far from
or near the query), thinned at random to the share wanted.

Reported per size and filter: latency p50/p95/p99 (one thread), recall@10 against
exact float32 search over the same creators, and the index's bytes per creator.
"""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import (
    SEED,
    Settings,
    all_cores,
    percentiles,
    plot_p95_by_size,
    rss_bytes,
    table,
    timed,
    write_result,
)
from eval.bench.corpus import DIM, SUBTOPICS, VectorModel
from eval.bench.recall import TARGET, K, recall_at_k
from eval.bench.workload import SELECTIVITIES
from indexer.sample_data import CATEGORIES
from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.ids import IdSet
from indexer.stores.sqlite_db import Database
from ranker.ranker import RankerSettings

SIZES = {"small": [25_000], "full": [100_000, 1_000_000]}
CHUNK = 50_000
#: What a match asks each retriever for.
DEEP_K = RankerSettings().candidates_per_retriever
TARGET_BYTES_PER_CREATOR = 1024


def _ids(n: int) -> list[str]:
    return [f"c_{i:07d}" for i in range(n)]


def _categories(n: int) -> np.ndarray:
    """Each creator's category (an index into ``CATEGORIES``), seeded."""
    return np.random.default_rng([SEED, 21]).integers(0, len(CATEGORIES), n)


def _vectors(model: VectorModel, n: int) -> np.ndarray:
    """Profile vectors of creators ``0..n-1``: around their category's sub-topics."""
    cats = _categories(n)
    out = np.empty((n, model.dim), dtype=np.float32)
    ids = _ids(n)
    for start in range(0, n, CHUNK):
        records = [{"id": ids[i], "categories": [CATEGORIES[cats[i]]], "content": []}
                   for i in range(start, min(n, start + CHUNK))]
        for at, (profile, _) in enumerate(model.creators(records, start // CHUNK)):
            out[start + at] = profile
    return out


def open_index(settings: Settings, n: int, model: VectorModel
               ) -> tuple[Database, FaissVectorIndex, np.ndarray, float]:
    """The profile index of ``n`` creators (built through Scout's index once, then its
    snapshot), the float32 vectors, and the build time in seconds (0 when loaded)."""
    path = Path(settings.data) / f"vectors-{n}-s{SEED}"
    vectors = _vectors(model, n)
    built = (path / "done").exists()
    if not built and path.exists():  # an interrupted build: start over
        shutil.rmtree(path)
    db = Database(path / "vectors.db")
    started = time.perf_counter()
    with all_cores():  # the build only; searches run on one thread
        index = FaissVectorIndex(db, "profile", DIM, path / "snapshots")
        if not built:
            ids = _ids(n)
            with index.deferred():
                for start in range(0, n, CHUNK):
                    stop = min(n, start + CHUNK)
                    index.upsert([(ids[i], {"profile": vectors[i]}) for i in range(start, stop)])
                    settings.say(f"  vectors {n:,}: {stop:,}/{n:,} written "
                                 f"({time.perf_counter() - started:.0f}s)")
                settings.say(f"  vectors {n:,}: building the graph")
            index.save_snapshot()
            (path / "done").write_text("ok\n")
    return db, index, vectors, 0.0 if built else time.perf_counter() - started


def _allowed(n: int, share: float, category: int, rng: np.random.Generator) -> np.ndarray:
    """Creator numbers of a filter keeping ``share``: the creators of ``category``, thinned
    at random or, if that category is too small, topped up with other categories'."""
    cats = _categories(n)
    want = max(1, round(share * n))
    first = np.flatnonzero(cats == category)
    if first.size >= want:
        return np.sort(rng.choice(first, want, replace=False))
    others = [c for c in rng.permutation(len(CATEGORIES)) if c != category]
    pool = np.concatenate([first, *(np.flatnonzero(cats == c) for c in others)])
    return np.sort(pool[:want])


def run(settings: Settings) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    sizes_built: list[dict[str, Any]] = []
    model = VectorModel(SEED)
    n_queries = settings.n_queries(8, 100)
    sizes = settings.sizes or SIZES[settings.size]
    for n in sizes:
        settings.say(f"scale: profile vectors of {n:,} creators")
        before = rss_bytes().get("vmrss", 0)
        db, index, vectors, build_s = open_index(settings, n, model)
        nbytes = index.memory_bytes()
        sizes_built.append({"creators": n, "index": index.mode, "build_s": round(build_s, 1),
                            "index_bytes": nbytes, "bytes_per_creator": round(nbytes / n, 1),
                            "process_rss_growth": rss_bytes().get("vmrss", 0) - before})
        ids = _ids(n)
        nums = np.array([index.numbering.get(i) for i in ids], dtype=np.int64)
        queries = model.queries(n_queries, seed=31)
        # each query's own category: the one of the centroid it was drawn around
        near = (queries @ model.centroids.T).argmax(axis=1) // SUBTOPICS
        rng = np.random.default_rng([SEED, 41, n])
        for k in (K, DEEP_K):  # first touch of the graph and the log is not latency
            index.search(queries[0], k)
        for share in SELECTIVITIES:
            times: dict[int, list[float]] = {K: [], DEEP_K: []}
            recalls: list[float] = []
            kept = []
            for qn, query in enumerate(queries):
                if share >= 1.0:
                    allowed = np.arange(n)
                    groups: IdSet | None = None
                else:
                    # even queries: their own category; odd: another (the hard case,
                    # where the graph search starts far from every allowed creator)
                    own = int(near[qn])
                    category = own if qn % 2 == 0 else int(
                        (own + 1 + rng.integers(len(CATEGORIES) - 1)) % len(CATEGORIES))
                    allowed = _allowed(n, share, category, rng)
                    groups = IdSet(index.numbering, nums[allowed])
                kept.append(allowed.size / n)
                scores = vectors[allowed] @ query
                exact = np.full(int(nums.max()) + 1, -np.inf, dtype=np.float32)
                exact[nums[allowed]] = scores
                for k in (K, DEEP_K):
                    ms, hits = timed(lambda k=k, g=groups, q=query, ix=index: ix.search(q, k, g))
                    times[k].append(ms)
                    if k == K:
                        recalls.append(recall_at_k([h.group for h in hits], exact,
                                                   index.numbering, 1e-6))
            for k, values in times.items():
                rows.append({"creators": n, "selectivity": share,
                             "achieved": round(float(np.mean(kept)), 5), "k": k,
                             "recall_at_10": round(float(np.mean(recalls)), 4),
                             "worst_recall": round(float(np.min(recalls)), 4),
                             **percentiles(values)})
            settings.say(f"  {share:>6.1%}: k={K} p95 {percentiles(times[K])['p95']:.2f} ms, "
                         f"k={DEEP_K} p95 {percentiles(times[DEEP_K])['p95']:.2f} ms, "
                         f"recall@10 {np.mean(recalls):.4f}")
        index.close()
        db.conn.close()
        del index, vectors, db
        gc.collect()

    largest = max(sizes)
    big = next(s for s in sizes_built if s["creators"] == largest)
    worst = min(r["recall_at_10"] for r in rows)
    verdicts = [
        {"target": f"profile space <= {TARGET_BYTES_PER_CREATOR} bytes per creator at "
                   f"{largest:,} creators (vector side: profiles only, see docs)",
         "bytes_per_creator": big["bytes_per_creator"],
         "met": big["bytes_per_creator"] <= TARGET_BYTES_PER_CREATOR},
        {"target": f"profile recall@10 >= {TARGET} at every size and selectivity (mean)",
         "worst_mean_recall": worst, "met": worst >= TARGET},
    ]
    result = {"rows": rows, "sizes": sizes_built, "targets": verdicts, "deep_k": DEEP_K,
              "notes": "profile space only; synthetic clustered vectors; filters are one "
                       "category's creators thinned to the share (half of them the query's "
                       "nearest category); one thread per query"}
    print(table([["creators", "index", "build s", "B/creator"]]
                + [[f"{s['creators']:,}", s["index"], s["build_s"], s["bytes_per_creator"]]
                   for s in sizes_built]))
    print(table([["creators", "filter", "k", "n", "p50 ms", "p95 ms", "p99 ms", "recall@10",
                  "worst"]]
                + [[f"{r['creators']:,}", f"{r['selectivity']:.1%}", r["k"], r["n"], r["p50"],
                    r["p95"], r["p99"], r["recall_at_10"], r["worst_recall"]] for r in rows]))

    def plot(ax: Any) -> None:
        plot_p95_by_size(
            ax, rows, [(f"k={k}, {share:.1%} kept", style,
                        lambda r, k=k, share=share: r["k"] == k and r["selectivity"] == share)
                       for k, style in ((K, "-"), (DEEP_K, "--")) for share in SELECTIVITIES],
            xlabel="creators (profile vectors)", ylabel="p95 search latency, ms (one thread)",
            title="Profile vector search vs corpus size")

    write_result(settings, "scale", result, plot)
    return result
