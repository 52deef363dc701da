"""The compiled loops over int8 codes against numpy on the same codes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from indexer.stores.kernels import (
    SKETCH_WIDTH,
    group_best_codes,
    group_best_sketch,
    present_groups,
    row_scores,
    warm_up,
)


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


def _weights(rng: np.random.Generator, dim: int = 384) -> np.ndarray:
    query = rng.standard_normal(dim).astype(np.float32)
    return (query / np.linalg.norm(query) * rng.uniform(1e-4, 2e-3, dim)).astype(np.float32)


def test_each_groups_best_and_its_row_are_numpys_up_to_float_rounding() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 256, size=(3_000, 384), dtype=np.uint8)
    starts, counts = _groups(rng, codes.shape[0])
    weights = _weights(rng)
    got = group_best_codes(codes, starts, counts, weights, bias=0.25)
    scores = codes.astype(np.float32) @ weights + np.float32(0.25)
    want = np.array([scores[s:s + c].max() for s, c in zip(starts, counts, strict=True)])
    rows = np.array([s + int(np.argmax(scores[s:s + c]))
                     for s, c in zip(starts, counts, strict=True)])
    assert got.scores.dtype == np.float32 and got.scores.shape == starts.shape
    np.testing.assert_allclose(got.scores, want, rtol=0, atol=1e-5)
    assert (got.rows == rows).mean() > 0.99  # bar near-ties inside a group
    assert not got.tied.any()  # random codes: no two rows of a group score the same
    # the ranking the index takes its candidates from is numpy's, bar near-ties
    top = np.argsort(-want)[:50]
    assert set(np.argsort(-got.scores)[:50].tolist()) == set(top.tolist())


def test_a_rows_score_is_the_same_float_from_either_loop() -> None:
    """The index mixes them (a group's best, then its rows for ``matched_content``):
    the best row's score must be bit-for-bit the group's best."""
    rng = np.random.default_rng(8)
    codes = rng.integers(0, 256, size=(2_000, 384), dtype=np.uint8)
    starts, counts = _groups(rng, codes.shape[0])
    weights = _weights(rng)
    best = group_best_codes(codes, starts, counts, weights, bias=-0.1)
    assert np.array_equal(row_scores(codes, best.rows, weights, bias=-0.1), best.scores)
    every = np.arange(codes.shape[0])
    scores = row_scores(codes, every[::-1], weights, bias=-0.1)[::-1]  # any order
    np.testing.assert_allclose(scores, codes.astype(np.float32) @ weights - np.float32(0.1),
                               rtol=0, atol=1e-5)
    assert np.array_equal(
        np.array([scores[s:s + c].max() for s, c in zip(starts, counts, strict=True)],
                 dtype=np.float32), best.scores)


def test_ties_inside_a_group_are_reported_with_the_first_row() -> None:
    codes = np.array([[1, 0], [3, 0], [3, 0], [2, 0], [5, 5]], dtype=np.uint8)
    got = group_best_codes(codes, np.array([0, 4]), np.array([4, 1]),
                           np.array([1.0, 1.0], dtype=np.float32))
    assert got.scores.tolist() == [3.0, 10.0]
    assert got.rows.tolist() == [1, 4] and got.tied.tolist() == [True, False]


def test_negative_scores_and_single_rows_keep_their_own_maximum() -> None:
    codes = np.array([[10, 0], [20, 0], [5, 5], [1, 1]], dtype=np.uint8)
    weights = np.array([-1.0, 0.5], dtype=np.float32)
    got = group_best_codes(codes, np.array([0, 2, 3]), np.array([2, 1, 1]), weights)
    assert got.scores.tolist() == [-10.0, -2.5, -0.5]  # never a 0 the groups do not have
    assert got.rows.tolist() == [0, 2, 3]


def test_no_groups_or_rows_give_no_scores() -> None:
    codes = np.zeros((4, 8), dtype=np.uint8)
    empty = np.zeros(0, dtype=np.int64)
    assert group_best_codes(codes, empty, empty, np.ones(8, dtype=np.float32)).scores.size == 0
    assert row_scores(codes, empty, np.ones(8, dtype=np.float32)).size == 0


@pytest.mark.parametrize("width", [SKETCH_WIDTH, 48])  # the loop compiled for 64, the other
def test_each_groups_best_sketch_score_is_numpys(width: int) -> None:
    """The sketch pre-scan: signed int8 rows, one best per group, whatever the sign."""
    rng = np.random.default_rng(4)
    rows = rng.integers(-127, 128, size=(3_000, width), dtype=np.int8)
    starts, counts = _groups(rng, rows.shape[0])
    weights = _weights(rng, width)
    got = group_best_sketch(rows, starts, counts, weights)
    scores = rows.astype(np.float32) @ weights
    want = np.array([scores[s:s + c].max() for s, c in zip(starts, counts, strict=True)])
    assert got.dtype == np.float32 and got.shape == starts.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-5)
    assert (want < 0).any() and (want > 0).any()  # both signs were compared


@pytest.mark.parametrize("width", [SKETCH_WIDTH, 48])
def test_a_sketch_scan_by_group_number_reads_the_groups_it_is_given_in_their_order(
        width: int) -> None:
    """With ``groups``, the loop looks each group's rows up itself: the same scores as
    gathering ``starts[groups]`` and ``counts[groups]`` first, repeats and any order."""
    rng = np.random.default_rng(5)
    rows = rng.integers(-127, 128, size=(3_000, width), dtype=np.int8)
    starts, counts = _groups(rng, rows.shape[0])
    weights = _weights(rng, width)
    chosen = rng.choice(starts.size, size=starts.size // 3, replace=False)
    chosen = np.concatenate((chosen, chosen[:5]))  # unsorted, some twice
    got = group_best_sketch(rows, starts, counts, weights, chosen)
    want = group_best_sketch(rows, starts[chosen], counts[chosen], weights)
    assert got.shape == chosen.shape
    np.testing.assert_array_equal(got, want)
    assert group_best_sketch(rows, starts, counts, weights, chosen[:0]).size == 0


@pytest.mark.parametrize(("groups", "message"), [
    ([0, 2], r"groups must lie in 0 \.\. 1, got 2"),
    ([-1], r"groups must lie in 0 \.\. 1, got -1"),
    ([1], r"at least one row inside rows: group 1 has rows 3 \+ 2 of 4"),
])
def test_a_bad_group_number_or_group_is_refused_before_its_rows_are_read(
        groups: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        group_best_sketch(_I8, np.array([0, 3]), np.array([2, 2]), np.ones(8),
                          np.array(groups))


def test_present_groups_keeps_the_numbers_with_rows_in_order_and_counts_their_rows() -> None:
    counts = np.array([2, 0, 5, 1, 0], dtype=np.int64)
    nums, rows = present_groups(counts, np.array([4, 3, 0, 1, 7, -1, 2, 3]))
    assert nums.tolist() == [3, 0, 2, 3] and rows == 1 + 2 + 5 + 1
    nums, rows = present_groups(counts, np.zeros(0, dtype=np.int64))
    assert nums.size == 0 and rows == 0


_U8, _I8 = np.zeros((4, 8), dtype=np.uint8), np.zeros((4, 8), dtype=np.int8)


@pytest.mark.parametrize(("kernel", "codes", "starts", "counts", "weights", "message"), [
    (group_best_codes, np.zeros((4, 8), dtype=np.float32), [0], [1], np.ones(8),
     "codes must be a 2-d uint8"),
    (group_best_codes, np.zeros(8, dtype=np.uint8), [0], [1], np.ones(8),
     "codes must be a 2-d uint8"),
    (group_best_codes, _I8, [0], [1], np.ones(8), "codes must be a 2-d uint8"),
    (group_best_codes, _U8, [0], [1], np.ones(7), "weights must have 8"),
    (group_best_codes, _U8, [0, 1], [1], np.ones(8), "same length"),
    (group_best_codes, _U8, [0], [0], np.ones(8), "at least one row"),
    (group_best_codes, _U8, [3], [2], np.ones(8), "at least one row"),
    (group_best_codes, _U8, [-1], [1], np.ones(8), "at least one row"),
    (group_best_sketch, _U8, [0], [1], np.ones(8), "rows must be a 2-d int8"),
    (group_best_sketch, np.zeros(8, dtype=np.int8), [0], [1], np.ones(8),
     "rows must be a 2-d int8"),
    (group_best_sketch, _I8, [0], [1], np.ones(7), "weights must have 8"),
    (group_best_sketch, _I8, [0, 1], [1], np.ones(8), "same length"),
    (group_best_sketch, _I8, [3], [2], np.ones(8), "at least one row"),
])
def test_bad_group_arguments_are_refused_before_the_loop_reads_memory(
        kernel: Any, codes: np.ndarray, starts: list[int], counts: list[int],
        weights: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel(codes, np.array(starts), np.array(counts), weights)


@pytest.mark.parametrize(("rows", "weights", "message"), [
    ([4], np.ones(8), r"rows must lie in 0 \.\. 3"),
    ([-1], np.ones(8), r"rows must lie in 0 \.\. 3"),
    ([0], np.ones(9), "weights must have 8"),
])
def test_bad_rows_are_refused_before_the_loop_reads_memory(
        rows: list[int], weights: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        row_scores(np.zeros((4, 8), dtype=np.uint8), np.array(rows), weights)


def test_warm_up_leaves_the_loops_ready() -> None:
    warm_up()
    codes = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    ones = np.ones(2, dtype=np.float32)
    assert group_best_codes(codes, np.array([0]), np.array([2]), ones).scores.tolist() == [7.0]
    assert row_scores(codes, np.array([1, 0]), ones, bias=1.0).tolist() == [8.0, 4.0]
    signed = codes.view(np.int8)
    assert group_best_sketch(signed, np.array([0]), np.array([2]), ones).tolist() == [7.0]


def test_the_loop_compiled_for_one_width_is_the_indexes_sketch_width() -> None:
    """The pre-scan's specialised loop serves the sketches the index actually builds."""
    from indexer.stores.faiss_index import SKETCH_DIM

    assert SKETCH_WIDTH == SKETCH_DIM
