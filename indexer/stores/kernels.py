"""Compiled loops for the vector index where numpy would copy and FAISS would scan.

A filter that keeps many creators asks for the best vector of each of thousands of
groups. numpy has to gather their codes into a new array first (a scattered copy of
~28 MB at 10% of 100,000 creators), and FAISS's flat scan visits every stored vector to
ask the filter about it. The loop here reads each allowed group's codes where they lie
(a group's vectors are contiguous) and keeps one running maximum per group: at 10% of
100,000 creators, 74,000 post vectors in ~3.5-5 ms against ~9 ms for FAISS's scan
(docs/benchmarks.md, section 2, the ``kernel`` round).

Compiled by numba on first use (and cached on disk, so later processes load it); it
holds no Python objects, so it runs without the GIL and serving threads overlap.
"""

from __future__ import annotations

import numba
import numpy as np

#: Reassociation lets the compiler vectorise the dot product; infinities and NaNs keep
#: their meaning (no ``nnan``/``ninf``), so a comparison never silently changes.
_FAST = {"reassoc", "contract", "nsz", "arcp"}


@numba.njit(cache=True, nogil=True, fastmath=_FAST, boundscheck=False)
def _group_best(codes: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                weights: np.ndarray, out: np.ndarray) -> None:
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


def group_best_codes(codes: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                     weights: np.ndarray) -> np.ndarray:
    """Best ``codes[row] . weights`` over rows ``starts[g] .. starts[g] + counts[g]`` of
    each group ``g`` (``counts`` must be positive).

    ``codes`` is the (vectors x dim) uint8 matrix of an 8-bit scalar quantizer and
    ``weights`` the query times its per-dimension scale, so adding the query's constant
    (``query . offset``) gives the codes' scores as ``_code_scores`` computes them. The
    sums are taken in another order than numpy's, so the two differ in the last float32
    bits (~1e-7 here): callers that need numpy's exact floats re-score what they keep.
    """
    if codes.dtype != np.uint8 or codes.ndim != 2:
        raise ValueError(f"codes must be a 2-d uint8 array, got {codes.dtype} {codes.shape}")
    if weights.shape != (codes.shape[1],):
        raise ValueError(f"weights must have {codes.shape[1]} values, got {weights.shape}")
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    if starts.shape != counts.shape:
        raise ValueError("starts and counts must have the same length")
    if counts.size and (counts.min() <= 0 or int((starts + counts).max()) > codes.shape[0]
                        or starts.min() < 0):
        raise ValueError("every group must have at least one row inside codes")
    out = np.empty(starts.size, dtype=np.float32)
    _group_best(codes, starts, counts, np.ascontiguousarray(weights, dtype=np.float32), out)
    return out


def warm_up() -> None:
    """Compile (or load from the disk cache) the loop now rather than in a first request."""
    group_best_codes(np.zeros((1, 1), dtype=np.uint8), np.zeros(1, dtype=np.int64),
                     np.ones(1, dtype=np.int64), np.zeros(1, dtype=np.float32))
