"""How many creators an exact match page would have to score, if the retrievers'
depth bounded everyone else's similarity (the WAND-style completion of the candidates).

A match blends similarity (content, profile), BM25 and signals the retrievers do not
see (engagement, performance, audience, cost, recency, ...). The candidates are the
top ``k`` of each retriever. A creator none of them found has a content similarity of
at most the content search's k-th, a profile similarity of at most the profile
search's k-th and, with the retrievers' bound, a BM25 of at most the k-th BM25 score.
With its other signals known exactly, that caps its final score; every creator whose
cap reaches the page's threshold (the 20th best candidate's score) would have to be
scored exactly to make the page the one that scoring everyone gives. Per brief this
counts them, three ways:

- ``bound_retrievers``: BM25 capped by the k-th BM25 hit (what the retrievers give);
- ``bound_exact_bm25``: every creator's own BM25 score (the store computes them all);
- ``bound_true_threshold``: as the previous, against the exhaustive page's threshold
  (the fewest any threshold algorithm on these bounds could score);
- ``missed``: creators outside the candidates that score above the page's threshold
  (why the served page differs from the exhaustive one).

    python scripts/bench_bounds.py SIZE QUERIES OUT.json

The corpus is read from ``data/bench-corpora`` (built and cached by ``scout bench``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench import workload
from eval.bench.common import Settings
from eval.bench.corpora import open_corpus
from eval.bench.corpus import VectorModel
from ranker import signals as sig
from ranker.filters import compile_filters
from ranker.ranker import Ranker, RankerSettings, _select
from schemas import Brief

PAGE = 20
NOW = 1.8e9
DEPTHS = (100, 200, 400)
RETRIEVED = ("content_similarity", "profile_similarity", "lexical")


def _kth(scores: list[float], k: int) -> float:
    """The k-th best score of a retriever: what anyone it did not return is below."""
    return min(scores) if len(scores) >= k else 0.0


def _brief_counts(ranker: Ranker, brief: Brief, qvec: np.ndarray) -> dict[int, dict[str, int]]:
    backend = ranker.backend
    spec = compile_filters(brief, now=NOW)
    ids, lexical, _ = ranker._candidates(brief.text, qvec, spec)  # everyone passing
    scored = ranker._score(brief, ids, lexical, qvec, NOW)
    row = {cid: n for n, cid in enumerate(scored.rows.ids)}
    w = scored.weights
    other = np.zeros(len(row))
    for name, values in scored.values.items():
        if name not in RETRIEVED:
            other += w[name] * values
    lex = scored.values.get("lexical", np.zeros(len(row)))
    top_bm25 = float(lexical.max()) if lexical.size else 0.0
    true_threshold = np.sort(scored.scores)[::-1][PAGE - 1]
    groups = _select(backend.docs, spec)
    out: dict[int, dict[str, int]] = {}
    for k in DEPTHS:
        profile = backend.profiles.search(qvec, k, groups)
        content = backend.content.search(qvec, k, groups)
        bm25 = backend.docs.lexical(brief.text, spec, k)
        found = {h.group for h in profile} | {h.group for h in content} | {c for c, _ in bm25}
        cand = np.array(sorted(row[c] for c in found if c in row), dtype=np.int64)
        threshold = np.sort(scored.scores[cand])[::-1][PAGE - 1]
        sim_cap = (w.get("content_similarity", 0.0) * float(sig.similarity_signal(
            np.array(_kth([h.score for h in content], k))))
            + w.get("profile_similarity", 0.0) * float(sig.similarity_signal(
                np.array(_kth([h.score for h in profile], k)))))
        bm25_cap = _kth([s for _, s in bm25], k) / top_bm25 if top_bm25 else 0.0
        outside = np.ones(len(row), dtype=bool)
        outside[cand] = False
        cap_retrievers = other + sim_cap + w.get("lexical", 0.0) * bm25_cap
        cap_exact = other + sim_cap + w.get("lexical", 0.0) * lex
        out[k] = {
            "candidates": int(cand.size),
            "bound_retrievers": int((outside & (cap_retrievers >= threshold - 1e-6)).sum()),
            "bound_exact_bm25": int((outside & (cap_exact >= threshold - 1e-6)).sum()),
            "bound_true_threshold": int((outside & (cap_exact >= true_threshold - 1e-6)).sum()),
            "missed": int((outside & (scored.scores > threshold)).sum()),
        }
    return out


def main(size: int, n_queries: int, out: Path) -> None:
    settings = Settings(size="full", data=Path("data/bench-corpora"), sizes=[size])
    backend, info = open_corpus(settings, size)
    vectors = VectorModel(info.seed).queries(256, seed=99)
    queries = workload.build(backend, n_queries, len(vectors))
    current: dict[str, np.ndarray] = {}
    everyone = Ranker(backend, lambda _text: current["q"],
                      RankerSettings(score_all_threshold=1 << 62))
    cells: list[dict[str, Any]] = []
    for sel in (1.0, 0.1):
        per_k: dict[int, list[dict[str, int]]] = {k: [] for k in DEPTHS}
        for q in queries[sel][:n_queries]:
            current["q"] = vectors[q.vector]
            counts = _brief_counts(everyone, Brief(text=q.text, limit=PAGE, **q.fields),
                                   vectors[q.vector])
            for k in DEPTHS:
                per_k[k].append(counts[k])
        for k, rows in per_k.items():
            cell: dict[str, Any] = {"creators": size, "selectivity": sel, "k": k,
                                    "briefs": len(rows)}
            for name in rows[0]:
                values = [r[name] for r in rows]
                cell[name] = {"median": float(np.median(values)), "max": max(values)}
            cells.append(cell)
            print(json.dumps(cell), flush=True)
    out.write_text(json.dumps({"page": PAGE, "cells": cells}, indent=1) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
