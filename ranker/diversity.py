"""Diversity: re-rank the top of a shortlist so it is not ten copies of one creator.

Maximal marginal relevance (Carbonell & Goldstein, 1998). Starting from the
best-scoring creator, repeatedly pick the candidate ``i`` maximising::

    (1 - λ) · score_i  -  λ · max_{j already picked} sim(i, j)

where ``λ`` is the brief's ``diversity`` (0 = off: today's ranking, untouched)
and ``sim`` blends what makes two creators redundant for a brand::

    sim(i, j) = CONTENT_WEIGHT · content(i, j) + AUDIENCE_WEIGHT · overlap(i, j)

``content`` is the cosine of the creators' embeddings from the vector index
(the normalised sum of the profile vector and the mean content vector, clipped
at 0); ``overlap`` is the audience overlap of :mod:`ranker.overlap` (shared
samples where both have them, else demographic likeness). Only the top
:data:`POOL` creators by score are re-ranked; the rest follow in score order,
so pages stay stable and the cost stays bounded: one ``POOL x POOL``
similarity matrix and ``POOL`` vector updates.

Scores and breakdowns are untouched (they still add up); a re-ranked list is
simply no longer sorted by score, and each result says which creator above it
it resembles most (``redundancy``, ``redundant_with``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.stores.base import Backend
from ranker.overlap import AudienceShares, overlap_matrix

#: Candidates re-ranked (by score); positions beyond keep the score order.
POOL = 150
CONTENT_WEIGHT = 0.6
AUDIENCE_WEIGHT = 0.4


@dataclass(frozen=True)
class Diversified:
    """A re-ranked order and, per re-ranked row, its most similar row ranked above it."""

    order: np.ndarray  # row indices, best first
    redundancy: dict[int, tuple[float, int]]  # row -> (similarity, row above it)


def creator_vectors(backend: Backend, ids: Sequence[str]) -> np.ndarray:
    """Unit vector per creator: normalised profile vector + normalised mean content vector."""
    out = np.zeros((len(ids), backend.profiles.dim), dtype=np.float64)
    for n, cid in enumerate(ids):
        total = np.zeros(backend.profiles.dim)
        for index in (backend.profiles, backend.content):
            vecs = list(index.vectors(cid).values())
            if vecs:
                mean = np.mean(np.vstack(vecs).astype(np.float64), axis=0)
                total += mean / (np.linalg.norm(mean) or 1.0)
        out[n] = total / (np.linalg.norm(total) or 1.0)
    return out


def content_similarity(vectors: np.ndarray) -> np.ndarray:
    """Pairwise cosine of unit rows, clipped to [0, 1] (a zero row is like nobody)."""
    return np.clip(vectors @ vectors.T, 0.0, 1.0)


def similarity(vectors: np.ndarray, overlap: np.ndarray) -> np.ndarray:
    return CONTENT_WEIGHT * content_similarity(vectors) + AUDIENCE_WEIGHT * overlap


def mmr(relevance: np.ndarray, sim: np.ndarray, diversity: float
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MMR order of positions ``0..n-1`` (given best first; ties keep that order).

    Returns the order, and for each pick its highest similarity to an earlier
    pick and which earlier position that was (-1 for the first).
    """
    n = len(relevance)
    order = np.empty(n, dtype=int)
    worst = np.zeros(n)
    near = np.full(n, -1)
    best_sim = np.zeros(n)
    best_of = np.full(n, -1)
    free = np.ones(n, dtype=bool)
    for step in range(n):
        value = np.where(free, (1.0 - diversity) * relevance - diversity * best_sim, -np.inf)
        pick = int(np.argmax(value))  # first maximum: the better original rank wins ties
        order[step], worst[step], near[step] = pick, best_sim[pick], best_of[pick]
        free[pick] = False
        closer = sim[pick] > best_sim
        best_sim = np.where(closer, sim[pick], best_sim)
        best_of = np.where(closer, pick, best_of)
    return order, worst, near


def diversify(backend: Backend, ids: Sequence[str], scores: np.ndarray, order: np.ndarray,
              audiences: Sequence[AudienceShares], diversity: float) -> Diversified:
    """``order`` (rows by score) with its top :data:`POOL` re-ranked by MMR."""
    if diversity <= 0 or len(order) < 2:
        return Diversified(order, {})
    top = order[:POOL]
    pool_ids = [ids[i] for i in top]
    creators = backend.docs.get(pool_ids)
    samples = [creators[c].audience_sample if c in creators else None for c in pool_ids]
    platforms = [creators[c].platform if c in creators else None for c in pool_ids]
    overlap = overlap_matrix(pool_ids, [audiences[i] for i in top], samples, platforms).overlap
    sim = similarity(creator_vectors(backend, pool_ids), overlap)
    picked, worst, near = mmr(np.asarray(scores, dtype=np.float64)[top], sim, diversity)
    redundancy = {int(top[p]): (round(float(w), 4), int(top[q]))
                  for p, w, q in zip(picked, worst, near, strict=True) if q >= 0}
    return Diversified(np.concatenate([top[picked], order[POOL:]]), redundancy)


def note(ranked: Diversified, row: int, ids: Sequence[str]) -> dict[str, float | str | None]:
    """The ``redundancy`` / ``redundant_with`` fields of a result (None when not re-ranked)."""
    near = ranked.redundancy.get(int(row))
    return {"redundancy": near[0] if near else None,
            "redundant_with": ids[near[1]] if near else None}
