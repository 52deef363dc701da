"""The compiled per-group loop against numpy on the same codes."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.stores.kernels import group_best_codes, warm_up


def _groups(rng: np.random.Generator, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Contiguous groups of 1-12 rows with gaps between some of them (dropped groups)."""
    starts, counts, at = [], [], 0
    while True:
        size = int(rng.integers(1, 13))
        if at + size > rows:
            break
        if rng.random() < 0.6:
            starts.append(at)
            counts.append(size)
        at += size
    return np.array(starts, dtype=np.int64), np.array(counts, dtype=np.int64)


def test_each_groups_best_is_numpys_up_to_float_rounding() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 256, size=(3_000, 384), dtype=np.uint8)
    starts, counts = _groups(rng, codes.shape[0])
    query = rng.standard_normal(384).astype(np.float32)
    weights = (query / np.linalg.norm(query) * rng.uniform(1e-4, 2e-3, 384)).astype(np.float32)
    got = group_best_codes(codes, starts, counts, weights)
    scores = codes.astype(np.float32) @ weights
    want = np.array([scores[s:s + c].max() for s, c in zip(starts, counts, strict=True)])
    assert got.dtype == np.float32 and got.shape == starts.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-5)
    # the ranking the index takes its candidates from is numpy's, bar near-ties
    top = np.argsort(-want)[:50]
    assert set(np.argsort(-got)[:50].tolist()) == set(top.tolist())


def test_negative_scores_and_single_rows_keep_their_own_maximum() -> None:
    codes = np.array([[10, 0], [20, 0], [5, 5], [1, 1]], dtype=np.uint8)
    weights = np.array([-1.0, 0.5], dtype=np.float32)
    got = group_best_codes(codes, np.array([0, 2, 3]), np.array([2, 1, 1]), weights)
    assert got.tolist() == [-10.0, -2.5, -0.5]  # never a 0 the groups do not have


def test_no_groups_give_no_scores() -> None:
    codes = np.zeros((4, 8), dtype=np.uint8)
    empty = np.zeros(0, dtype=np.int64)
    assert group_best_codes(codes, empty, empty, np.ones(8, dtype=np.float32)).size == 0


@pytest.mark.parametrize(("codes", "starts", "counts", "weights", "message"), [
    (np.zeros((4, 8), dtype=np.float32), [0], [1], np.ones(8), "codes must be a 2-d uint8"),
    (np.zeros(8, dtype=np.uint8), [0], [1], np.ones(8), "codes must be a 2-d uint8"),
    (np.zeros((4, 8), dtype=np.uint8), [0], [1], np.ones(7), "weights must have 8"),
    (np.zeros((4, 8), dtype=np.uint8), [0, 1], [1], np.ones(8), "same length"),
    (np.zeros((4, 8), dtype=np.uint8), [0], [0], np.ones(8), "at least one row"),
    (np.zeros((4, 8), dtype=np.uint8), [3], [2], np.ones(8), "at least one row"),
    (np.zeros((4, 8), dtype=np.uint8), [-1], [1], np.ones(8), "at least one row"),
])
def test_bad_arguments_are_refused_before_the_loop_reads_memory(
        codes: np.ndarray, starts: list[int], counts: list[int], weights: np.ndarray,
        message: str) -> None:
    with pytest.raises(ValueError, match=message):
        group_best_codes(codes, np.array(starts), np.array(counts), weights)


def test_warm_up_leaves_the_loop_ready() -> None:
    warm_up()
    codes = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    out = group_best_codes(codes, np.array([0]), np.array([2]), np.ones(2, dtype=np.float32))
    assert out.tolist() == [7.0]
