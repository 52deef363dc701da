"""Recall@10 of the vector search against exact search (issue item 3), and the crossover
between exact scoring and the filtered graph search.

Ground truth: every stored float32 vector (read from the SQLite log, the truth)
scored against every query; a group's score is its best vector's. A returned
group counts as a hit when its exact score is at least the exact 10th score
(ties count; a 1e-6 slack for float order). The ann-benchmarks convention
(slack 1e-3 in cosine) is reported beside it.

Beside the vector recall, the ranking's own agreement: the share of a match page
(20 results) that a ranker scoring every creator passing the filters would also
put on it. Below ``score_all_threshold`` the two are the same ranker; above it the
page depends on how deep the retrievers go (``candidates_per_retriever``), because
the blend weighs signals other than similarity that the retrievers do not see.
"""

from __future__ import annotations

import gc
from typing import Any

import numpy as np

from eval.bench import workload
from eval.bench.common import Settings, percentiles, table, timed, write_result
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from indexer.stores.embedded import EmbeddedBackend
from indexer.stores.ids import IdSet
from ranker.filters import compile_filters
from ranker.ranker import Ranker, RankerSettings
from schemas import Brief, MatchResponse, SearchQuery

K = 10
TARGET = 0.98
#: Match page size for the ranking agreement, and a fixed clock (recency is a signal).
PAGE = 20
NOW = 1.8e9


def exact_group_scores(backend: EmbeddedBackend, space: str, queries: np.ndarray
                       ) -> np.ndarray:
    """(creator number, query) -> best exact score of the creator's vectors (-inf: none)."""
    numbering = backend.numbering
    best = np.full((len(numbering) + 1, len(queries)), -np.inf, dtype=np.float32)
    cursor = backend.db.conn.execute(
        "SELECT grp, vec FROM vectors WHERE space = ? ORDER BY grp", (space,))
    while rows := cursor.fetchmany(50_000):
        nums = np.array([numbering.add(g) for g, _ in rows], dtype=np.int64)
        mat = np.frombuffer(b"".join(v for _, v in rows), dtype=np.float32).reshape(len(rows), -1)
        scores = mat @ queries.T
        if best.shape[0] <= nums.max():
            grown = np.full((int(nums.max()) + 1, len(queries)), -np.inf, dtype=np.float32)
            grown[:best.shape[0]] = best
            best = grown
        starts = np.flatnonzero(np.r_[True, nums[1:] != nums[:-1]])
        group_max = np.maximum.reduceat(scores, starts, axis=0)
        owners = nums[starts]
        best[owners] = np.maximum(best[owners], group_max)
    return best


def recall_at_k(hits: list[str], truth: np.ndarray, numbering: Any, slack: float) -> float:
    """Share of the true top-K reached by ``hits`` (tie-aware, see the module docstring)."""
    finite = truth[np.isfinite(truth)]
    if not finite.size:
        return 1.0
    want = min(K, finite.size)
    kth = np.sort(finite)[::-1][want - 1]
    got = [truth[numbering.get(h)] for h in hits[:K] if numbering.get(h) is not None]
    return min(want, sum(1 for s in got if s >= kth - slack)) / want


def run(settings: Settings) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    crossover: list[dict[str, Any]] = []
    agreement: list[dict[str, Any]] = []
    n_queries = settings.n_queries(8, 60)
    sizes = settings.corpus_sizes()
    for size in sizes:
        settings.say(f"recall: corpus of {size:,} creators")
        backend, info = open_corpus(settings, size)
        model = VectorModel(info.seed)
        vectors = model.queries(max(64, n_queries), seed=123)
        queries = workload.build(backend, n_queries, len(vectors), seed=11)
        for space in ("profile", "content"):
            index = getattr(backend, "profiles" if space == "profile" else "content")
            truth = exact_group_scores(backend, space, vectors)
            for sel, batch in queries.items():
                strict, loose, times = [], [], []
                for q in batch:
                    spec = compile_filters(SearchQuery(q="x", **q.fields))
                    allowed = backend.docs.select(spec)
                    column = truth[:, q.vector].copy()
                    if allowed is not None:
                        keep = np.zeros(column.size, dtype=bool)
                        keep[allowed.nums[allowed.nums < column.size]] = True
                        column[~keep] = -np.inf
                    v = vectors[q.vector]
                    ms, hits = timed(lambda a=allowed, v=v, i=index: i.search(v, K, a))
                    groups = [h.group for h in hits]
                    strict.append(recall_at_k(groups, column, backend.numbering, 1e-6))
                    loose.append(recall_at_k(groups, column, backend.numbering, 1e-3))
                    times.append(ms)
                rows.append({"creators": size, "space": space, "mode": index.mode,
                             "selectivity": sel, "recall": round(float(np.mean(strict)), 4),
                             "min_recall": round(float(np.min(strict)), 4),
                             "recall_eps_1e-3": round(float(np.mean(loose)), 4),
                             "search_ms": percentiles(times)})
            if size == sizes[-1] and index.mode == "hnsw":
                crossover += _crossover(settings, backend, index, space, vectors, truth)
            del truth
            gc.collect()
        agreement += _agreement(settings, backend, vectors, queries, size)
        backend.close()
    worst = min((r["recall"] for r in rows), default=float("nan"))
    result = {"k": K, "rows": rows, "crossover": crossover, "ranking_agreement": agreement,
              "targets": [{"target": f"recall@{K} >= {TARGET} at every size and selectivity",
                           "worst_mean_recall": worst, "met": worst >= TARGET}],
              "notes": "synthetic clustered vectors; exact = brute force over the float32 log"}
    print(table([["creators", "space", "index", "filter", "recall@10", "min", "eps 1e-3",
                  "p50 ms"]] + [[f"{r['creators']:,}", r["space"], r["mode"],
                                 f"{r['selectivity']:.1%}", r["recall"], r["min_recall"],
                                 r["recall_eps_1e-3"], r["search_ms"]["p50"]] for r in rows]))
    print(table([["creators", "filter", "served scores", "briefs", f"page agreement @{PAGE}",
                  "worst brief", "candidates only", "worst"]]
                + [[f"{a['creators']:,}", f"{a['selectivity']:.1%}", a["scored"], a["n"],
                    a["agreement"], a["min_agreement"], a["candidates_agreement"],
                    a["candidates_min_agreement"]] for a in agreement]))
    if crossover:
        print(table([["space", "kept", "vectors", "exact ms", "graph ms", "graph recall"]]
                    + [[c["space"], f"{c['selectivity']:.2%}", c["vectors"], c["exact_ms"],
                        c["graph_ms"], c["graph_recall"]] for c in crossover]))

    def plot(ax: Any) -> None:
        for space, marker in (("profile", "o"), ("content", "s")):
            for size in sizes:
                pts = sorted((r["selectivity"], r["recall"]) for r in rows
                             if r["space"] == space and r["creators"] == size)
                if pts:
                    ax.plot(*zip(*pts, strict=True), marker=marker,
                            label=f"{space}, {size:,} creators")
        ax.axhline(TARGET, color="r", linestyle=":", label=f"target {TARGET}")
        ax.set_xscale("log")
        ax.set_xlabel("share of creators kept by the filter")
        ax.set_ylabel(f"mean recall@{K} vs exact")
        ax.set_title("Vector search recall vs exact search")
        ax.legend(fontsize=7)

    write_result(settings, "recall", result, plot)
    return result


def _crossover(settings: Settings, backend: EmbeddedBackend, index: Any, space: str,
               vectors: np.ndarray, truth: np.ndarray) -> list[dict[str, Any]]:
    """Exact scoring vs filtered graph search over allowed sets of growing size."""
    settings.say(f"  crossover ({space})")
    live = np.flatnonzero(np.isfinite(truth[:, 0]))
    rng = np.random.default_rng(5)
    out = []
    saved = index.exact_threshold
    index.auto_exact = False  # measure both paths on every set, whatever the router picks
    try:
        for share in (0.001, 0.003, 0.01, 0.03, 0.1):
            pick = np.sort(rng.choice(live, max(1, int(live.size * share)), replace=False))
            allowed = IdSet(backend.numbering, pick)
            n_vec = int(index._g_count[pick[pick < index._g_count.size]].sum())
            timings: dict[str, list[float]] = {"exact": [], "graph": []}
            recall = []
            for qi in range(min(20, len(vectors))):
                column = np.full(truth.shape[0], -np.inf, dtype=np.float32)
                column[pick] = truth[pick, qi]
                for mode, threshold in (("exact", 1 << 62), ("graph", 0)):
                    index.exact_threshold = threshold
                    ms, hits = timed(lambda v=vectors[qi], a=allowed: index.search(v, K, a))
                    timings[mode].append(ms)
                    if mode == "graph":
                        recall.append(recall_at_k([h.group for h in hits], column,
                                              backend.numbering, 1e-6))
            out.append({"space": space, "selectivity": share, "vectors": n_vec,
                        "exact_ms": percentiles(timings["exact"])["p50"],
                        "graph_ms": percentiles(timings["graph"])["p50"],
                        "graph_recall": round(float(np.mean(recall)), 4)})
    finally:
        index.exact_threshold = saved
        index.auto_exact = True
    return out


def _agreement(settings: Settings, backend: EmbeddedBackend, vectors: np.ndarray,
               queries: dict[float, list[workload.Query]], size: int) -> list[dict[str, Any]]:
    """Per selectivity: mean and worst share of the served match page (default settings)
    that scoring every creator passing the filters also puts on its page."""
    settings.say(f"  ranking agreement ({size:,} creators)")
    current: dict[str, np.ndarray] = {"q": vectors[0]}

    def encode(_text: str) -> np.ndarray:
        return current["q"]

    served = Ranker(backend, encode)
    # the candidate path at any size: what the served ranker does above its threshold
    retrieved = Ranker(backend, encode, RankerSettings(score_all_threshold=0))
    everyone = Ranker(backend, encode, RankerSettings(score_all_threshold=1 << 62))

    def share(got: MatchResponse, want: set[str]) -> float:
        return len(want & {r.creator_id for r in got.results}) / len(want) if want else 1.0

    out = []
    for sel, batch in queries.items():
        shares, forced, scored = [], [], 0
        for q in batch[:settings.n_queries(4, 20)]:
            current["q"] = vectors[q.vector]
            brief = Brief(text=q.text, limit=PAGE, **q.fields)
            want = {r.creator_id for r in everyone.match(brief, now=NOW).results}
            page = served.match(brief, now=NOW)
            shares.append(share(page, want))
            forced.append(share(retrieved.match(brief, now=NOW), want))
            scored += page.total <= served.settings.score_all_threshold  # scored everyone
        out.append({"creators": size, "selectivity": sel, "n": len(shares),
                    "scored": "everyone" if scored == len(shares) else
                              "candidates" if scored == 0 else "mixed",
                    "agreement": round(float(np.mean(shares)), 4),
                    "min_agreement": round(float(np.min(shares)), 4),
                    "candidates_agreement": round(float(np.mean(forced)), 4),
                    "candidates_min_agreement": round(float(np.min(forced)), 4),
                    "candidates_per_retriever": served.settings.candidates_per_retriever})
    return out
