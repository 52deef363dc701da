"""Match and search latency against corpus size and filter selectivity (issue item 2).

The ranker runs in this process over the real embedded stores of each corpus;
the query vector is looked up, so the timings exclude the brief's own
embedding, which is measured separately with the real model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from eval.bench import workload
from eval.bench.common import (
    Settings,
    percentiles,
    plot_p95_by_size,
    table,
    timed,
    write_result,
)
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from ranker.ranker import Ranker
from schemas import Brief, SearchQuery
from scout.config import load_config
from scout.heap import collect_between_requests, settle_heap, unsettle_heap

TARGETS_P95_MS = {100_000: 10.0, 1_000_000: 25.0}
EMBED_TARGET_P95_MS = 15.0


def brief_embedding(settings: Settings) -> dict[str, Any]:
    """Latency of embedding one brief with the real model (what the timings above exclude),
    for every embedding backend this install can run, side by side: the same texts, each
    text embedded by each backend in turn, so every backend sees the same load.

    Returns ``{backend: {"latency_ms": percentiles, "target_p95_ms": ...}}``, torch first.
    """
    from eval.bench.embed import ONNX_BACKENDS, onnx_available
    from indexer.embedder import Embedder

    backends = ["torch"]
    if settings.device == "cpu" and onnx_available():
        backends += list(ONNX_BACKENDS)
    embedders = {b: Embedder(device=settings.device, backend=b) for b in backends}
    for embedder in embedders.values():
        embedder.encode_one("warm up")  # model load / ONNX export (cached) is not latency
    texts = list(workload.BRIEF_TEXTS) * (1 if settings.size == "small" else 8)
    times: dict[str, list[float]] = {b: [] for b in backends}
    for n, text in enumerate(texts):
        order = backends if n % 2 == 0 else backends[::-1]  # nobody always goes first
        for backend in order:
            embedder = embedders[backend]
            ms, _ = timed(lambda t=f"{text} #{n}", e=embedder: e._encode([t], False))  # no cache
            times[backend].append(ms)
    for embedder in embedders.values():
        embedder.close()
    return {b: {"latency_ms": percentiles(times[b]), "target_p95_ms": EMBED_TARGET_P95_MS}
            for b in backends}


def run(settings: Settings) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    n_queries = settings.n_queries(8, 150)
    config = load_config()
    gc_threshold = config.gc_threshold  # as `scout serve` would run
    between = config.gc_between_requests
    for size in settings.corpus_sizes():
        settings.say(f"latency: corpus of {size:,} creators")
        backend, info = open_corpus(settings, size)
        model = VectorModel(info.seed)
        vectors = model.queries(256, seed=99)
        current: dict[str, np.ndarray] = {"q": vectors[0]}
        ranker = Ranker(backend, lambda _text, c=current: c["q"])
        queries = workload.build(backend, n_queries, len(vectors))
        # where `scout serve` settles its heap: after loading, before the first request
        settle_heap(gc_threshold, between_requests=between)
        for q in queries[1.0][:3]:  # warm the mirror and the caches
            current["q"] = vectors[q.vector]
            ranker.match(Brief(text=q.text))
        for sel, batch in queries.items():
            times: dict[str, list[float]] = {"match": [], "search": []}
            for q in batch:
                brief = Brief(text=q.text, limit=20, **q.fields)
                search = SearchQuery(q=q.search_text, limit=20, **q.fields)
                current["q"] = vectors[q.vector]
                times["match"].append(timed(lambda b=brief, r=ranker: r.match(b))[0])
                collect_between_requests()  # where `scout serve` runs it: after the response
                # a search's text is not the brief's: another vector, so no work is shared
                current["q"] = vectors[(q.vector + len(vectors) // 2) % len(vectors)]
                times["search"].append(timed(lambda s=search, r=ranker: r.search(s))[0])
                collect_between_requests()
            achieved = float(np.mean([q.achieved for q in batch]))
            for kind, values in times.items():
                rows.append({"creators": size, "selectivity": sel, "achieved": achieved,
                             "kind": kind, **percentiles(values)})
            settings.say(f"  {sel:>6.1%} filter: match p95 "
                         f"{percentiles(times['match'])['p95']:.1f} ms, search p95 "
                         f"{percentiles(times['search'])['p95']:.1f} ms")
        backend.close()
        unsettle_heap()  # and collects what the closed corpus left
    embedding = brief_embedding(settings)
    verdicts = []
    for size, target in TARGETS_P95_MS.items():
        worst = [r["p95"] for r in rows if r["creators"] == size]
        if worst:
            verdicts.append({"target": f"p95 <= {target:g} ms at {size:,} creators "
                                       "(every selectivity, match and search)",
                             "worst_p95_ms": max(worst), "met": max(worst) <= target})
    for backend, measured in embedding.items():
        p95 = measured["latency_ms"]["p95"]
        verdicts.append({"target": f"brief embedding p95 <= {EMBED_TARGET_P95_MS:g} ms "
                                   f"(embedding_backend {backend})",
                         "p95_ms": p95, "met": p95 <= EMBED_TARGET_P95_MS})
    result = {"rows": rows, "brief_embedding": embedding, "targets": verdicts,
              "gc_threshold": gc_threshold, "gc_between_requests": between,
              "notes": "vectors are synthetic (clustered, MiniLM-like spectrum); records, "
                       "stores and ranker are Scout's own; timings exclude query embedding"}
    header = ["creators", "filter", "kept", "kind", "n", "p50 ms", "p95 ms", "p99 ms"]
    lines = [header] + [[f"{r['creators']:,}", f"{r['selectivity']:.1%}",
                         f"{r['achieved']:.2%}", r["kind"], r["n"], r["p50"], r["p95"], r["p99"]]
                        for r in rows]
    print(table(lines))
    for backend, measured in embedding.items():
        print(f"brief embedding ({backend}): p50 {measured['latency_ms']['p50']:.1f} ms, "
              f"p95 {measured['latency_ms']['p95']:.1f} ms")

    def plot(ax: Any) -> None:
        for size, target in TARGETS_P95_MS.items():
            ax.plot([size], [target], "r*", markersize=12)
        plot_p95_by_size(
            ax, rows, [(f"{kind}, {sel:.1%} kept", style,
                        lambda r, kind=kind, sel=sel: r["kind"] == kind and r["selectivity"] == sel)
                       for kind, style in (("match", "-"), ("search", "--"))
                       for sel in workload.SELECTIVITIES],
            xlabel="creators in the index", ylabel="p95 latency, ms (excl. query embedding)",
            title="Match / search latency vs corpus size (red stars: targets)")

    write_result(settings, "latency", result, plot)
    return result
