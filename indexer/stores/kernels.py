"""Compiled loops that score the vector index's int8 codes where they lie.

Scoring codes in numpy means gathering them into a new array and widening it to
float32 first: for the ~6,000 post vectors of the 840 groups a graph search re-scores,
a 2.3 MB gather and a 9 MB float copy before the dot product (~0.85 ms; the loop here
takes ~0.27 ms), and at 10% of 100,000 creators a scattered copy of ~28 MB. FAISS's flat
scan instead visits every stored vector to ask a filter about it. The loops here read
each row's codes in place; for groups (a group's vectors are contiguous) they keep one
running maximum per group and the row that reached it, asking for the codes of the
groups a few places ahead while scoring one (``_prefetch``): 74,000 post vectors of
the 10,000 creators of a 10% filter in ~1.7-2.0 ms, against ~4.3 ms without asking ahead
and ~9 ms for FAISS's scan (docs/benchmarks.md, section 2, the ``kernel`` and ``codes``
rounds).

Both loops sum a row through the same inlined function, so a row's score is the same
float whichever loop computed it. numba compiles them on first use and caches them on
disk, so later processes load them; they hold no Python objects, so they run without the
GIL and serving threads overlap.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numba
import numpy as np
from llvmlite import binding, ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

#: Reassociation lets the compiler vectorise the dot product; infinities and NaNs keep
#: their meaning (no ``nnan``/``ninf``), so a comparison never silently changes.
_FAST = {"reassoc", "contract", "nsz", "arcp"}
_JIT = {"cache": True, "nogil": True, "fastmath": _FAST, "boundscheck": False}
#: Groups (and, for ``row_scores``, rows) ahead whose codes are requested from memory
#: while the current one is scored, and the most rows of a group requested.
AHEAD = 4
AHEAD_ROWS = 16
#: The sketches' width (``faiss_index.SKETCH_DIM``). Their pre-scan has a loop compiled
#: for it: a dot product of a known length, which LLVM vectorises better than one of a
#: length read at run time (the 1M corpus's 10% filters: 1.04-1.05x, the same leaders;
#: docs/benchmarks.md, section 2, the ``overhead`` round). The 384-wide codes do not gain
#: from it (slower in a one-off test), and other sketch widths take the general loop.
SKETCH_WIDTH = 64
#: LLVM names its intrinsics by pointer type: ``ptr`` since LLVM 15, ``i8*`` before.
_PREFETCH = ("llvm.prefetch.p0" if binding.llvm_version_info >= (15,)
             else "llvm.prefetch.p0i8")


def _prefetch_codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
    """Emit LLVM's prefetch of ``array[index...]`` (``args``: the array, then one index
    per dimension): a read, kept in every cache level."""
    array_type = signature.args[0]
    array = context.make_array(array_type)(context, builder, args[0])
    at = [context.cast(builder, value, kind, types.intp)
          for value, kind in zip(args[1:], signature.args[1:], strict=True)]
    pointer = cgutils.get_item_pointer2(
        context, builder, data=array.data, shape=cgutils.unpack_tuple(builder, array.shape),
        strides=cgutils.unpack_tuple(builder, array.strides), layout=array_type.layout,
        inds=at)
    pointer = builder.bitcast(pointer, ir.IntType(8).as_pointer())  # as the intrinsic takes it
    i32 = ir.IntType(32)
    function = cgutils.get_or_insert_function(
        builder.module, ir.FunctionType(ir.VoidType(), [pointer.type, i32, i32, i32]),
        _PREFETCH)
    builder.call(function, [pointer, i32(0), i32(3), i32(1)])  # read, keep, data
    return context.get_dummy_value()


@intrinsic
def _prefetch(typingctx: Any, codes: Any, row: Any, col: Any) -> Any:
    """Ask the CPU to start loading the cache line of ``codes[row, col]`` (a read, kept
    in every cache level). A filter's groups lie scattered over the codes, and a row
    waits ~100 ns for memory the hardware prefetcher cannot foresee: requested a few
    groups ahead, the loads overlap the scoring. At 10% of 100,000 creators the post
    space's 74,000 codes took 4.3 ms without and 1.7-2.0 ms with (1.1 ms had they been
    contiguous)."""
    return types.void(codes, row, col), _prefetch_codegen


@intrinsic
def _prefetch_item(typingctx: Any, array: Any, at: Any) -> Any:
    """:func:`_prefetch` for ``array[at]`` of a 1-d array."""
    return types.void(array, at), _prefetch_codegen


@numba.njit(inline="always", **_JIT)
def _fetch_place(starts: np.ndarray, counts: np.ndarray, groups: np.ndarray, i: int) -> None:
    """Ask for the first row and count of group ``groups[i]`` (when it is a group number):
    a sparse filter's groups lie far apart in those arrays too, and the loop needs them
    to ask for the group's rows :data:`AHEAD` groups later."""
    if i < groups.size:
        g = groups[i]
        if 0 <= g < starts.size:
            _prefetch_item(starts, g)
            _prefetch_item(counts, g)


@numba.njit(inline="always", **_JIT)
def _fetch_rows(codes: np.ndarray, first: int, rows: int) -> None:
    for row in range(first, first + min(rows, AHEAD_ROWS)):
        for col in range(0, codes.shape[1], 64):
            _prefetch(codes, row, col)


@numba.njit(inline="always", **_JIT)
def _row(codes: np.ndarray, row: int, weights: np.ndarray, bias: np.float32) -> np.float32:
    acc = np.float32(0.0)
    for j in range(codes.shape[1]):
        acc += np.float32(codes[row, j]) * weights[j]
    return acc + bias


@numba.njit(**_JIT)
def _rows(codes: np.ndarray, rows: np.ndarray, weights: np.ndarray, bias: np.float32,
          out: np.ndarray) -> None:
    for i in range(rows.size):
        if i + AHEAD < rows.size:
            _fetch_rows(codes, rows[i + AHEAD], 1)
        out[i] = _row(codes, rows[i], weights, bias)


@numba.njit(**_JIT)
def _group_best(codes: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                weights: np.ndarray, bias: np.float32, best: np.ndarray, at: np.ndarray,
                tied: np.ndarray) -> None:
    for g in range(starts.size):
        if g + AHEAD < starts.size:
            _fetch_rows(codes, starts[g + AHEAD], counts[g + AHEAD])
        first = starts[g]
        top = _row(codes, first, weights, bias)
        where = first
        twice = False
        for row in range(first + 1, first + counts[g]):
            score = _row(codes, row, weights, bias)
            if score > top:
                top, where, twice = score, row, False
            elif score == top:
                twice = True
        best[g], at[g], tied[g] = top, where, twice


@numba.njit(inline="always", **_JIT)
def _rows_of(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray, groups: np.ndarray,
             i: int) -> tuple[int, int]:
    """The first row and row count of group ``groups[i]``; (-1, 0) when that number or
    its rows lie outside the arrays (nothing of it is read then)."""
    g = groups[i]
    if g < 0 or g >= starts.size:
        return -1, 0
    first, n = starts[g], counts[g]
    if n < 1 or first < 0 or first + n > rows.shape[0]:
        return -1, 0
    return first, n


@numba.njit(inline="always", **_JIT)
def _fetch_ahead(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray, groups: np.ndarray,
                 i: int) -> None:
    """While group ``groups[i]`` is scored: ask for the rows of the group :data:`AHEAD`
    places on, and for the place (first row, count) of the one ``2 * AHEAD`` on, so
    that it is in cache when its rows are asked for."""
    _fetch_place(starts, counts, groups, i + 2 * AHEAD)
    if i + AHEAD < groups.size:
        ahead, n = _rows_of(rows, starts, counts, groups, i + AHEAD)
        if n:
            _fetch_rows(rows, ahead, n)


@numba.njit(**_JIT)
def _group_best_sketch(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                       groups: np.ndarray, weights: np.ndarray, best: np.ndarray) -> int:
    for i in range(groups.size):
        _fetch_place(starts, counts, groups, i + 2 * AHEAD)
        if i + AHEAD < groups.size:
            ahead, n = _rows_of(rows, starts, counts, groups, i + AHEAD)
            if n:
                _fetch_rows(rows, ahead, n)
        first, n = _rows_of(rows, starts, counts, groups, i)
        if not n:
            return i
        top = _row(rows, first, weights, np.float32(0.0))
        for row in range(first + 1, first + n):
            score = _row(rows, row, weights, np.float32(0.0))
            if score > top:
                top = score
        best[i] = top
    return -1


@numba.njit(inline="always", **_JIT)
def _sketch_row(rows: np.ndarray, row: int, weights: np.ndarray) -> np.float32:
    acc = np.float32(0.0)
    for j in range(SKETCH_WIDTH):  # a constant: the loop is compiled for it
        acc += np.float32(rows[row, j]) * weights[j]
    return acc


@numba.njit(**_JIT)
def _group_best_sketch_wide(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                            groups: np.ndarray, weights: np.ndarray, best: np.ndarray) -> int:
    """``_group_best_sketch`` for rows of :data:`SKETCH_WIDTH` values. A copy rather than
    one loop taking its row function: numba caches neither a closure nor a loop given a
    function argument (both compiled anew in every process), and a width test inside the
    row doubled the scan's time (not hoisted out of the loop). The look-ahead is written
    out in both loops too: moved into one inlined function taking the four arrays, the
    scan ran ~5% slower (10% of 1M synthetic groups: 11.3-11.9 ms against 10.6-11.2)."""
    for i in range(groups.size):
        _fetch_place(starts, counts, groups, i + 2 * AHEAD)
        if i + AHEAD < groups.size:
            ahead, n = _rows_of(rows, starts, counts, groups, i + AHEAD)
            if n:
                _fetch_rows(rows, ahead, n)
        first, n = _rows_of(rows, starts, counts, groups, i)
        if not n:
            return i
        top = _sketch_row(rows, first, weights)
        for row in range(first + 1, first + n):
            score = _sketch_row(rows, row, weights)
            if score > top:
                top = score
        best[i] = top
    return -1


@numba.njit(**_JIT)
def _present(counts: np.ndarray, nums: np.ndarray, out: np.ndarray) -> tuple[int, int]:
    n = total = 0
    for i in range(nums.size):
        g = nums[i]
        if 0 <= g < counts.size and counts[g] > 0:
            out[n] = g
            n += 1
            total += counts[g]
    return n, total


class GroupBest(NamedTuple):
    """Per group: the best score, the first row reaching it, and whether another row
    of the group reaches it too (the caller settles such ties)."""

    scores: np.ndarray
    rows: np.ndarray
    tied: np.ndarray


def _check(codes: np.ndarray, weights: np.ndarray, dtype: type = np.uint8,
           name: str = "codes") -> np.ndarray:
    if codes.dtype != dtype or codes.ndim != 2:
        raise ValueError(f"{name} must be a 2-d {np.dtype(dtype).name} array, got "
                         f"{codes.dtype} {codes.shape}")
    if weights.shape != (codes.shape[1],):
        raise ValueError(f"weights must have {codes.shape[1]} values, got {weights.shape}")
    return np.ascontiguousarray(weights, dtype=np.float32)


def _group_arrays(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    if starts.shape != counts.shape or starts.ndim != 1:
        raise ValueError("starts and counts must have the same length")
    return starts, counts


def _checked_groups(rows: int, starts: np.ndarray, counts: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    starts, counts = _group_arrays(starts, counts)
    if counts.size and (counts.min() <= 0 or int((starts + counts).max()) > rows
                        or starts.min() < 0):
        raise ValueError("every group must have at least one row inside codes")
    return starts, counts


def row_scores(codes: np.ndarray, rows: np.ndarray, weights: np.ndarray,
               bias: float = 0.0) -> np.ndarray:
    """``codes[row] . weights + bias`` for each of ``rows``, as float32.

    ``codes`` is the (vectors x dim) uint8 matrix of an 8-bit scalar quantizer,
    ``weights`` the query times its per-dimension scale and ``bias`` the query's
    constant (``query . offset``): the scores of the decoded vectors. The sums are
    taken in another order than numpy's ``codes.astype(float32) @ weights``, so the
    two differ in the last float32 bits (~2e-7 for 384-d unit queries)."""
    weights = _check(codes, weights)
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    if rows.size and (rows.min() < 0 or rows.max() >= codes.shape[0]):
        raise ValueError(f"rows must lie in 0 .. {codes.shape[0] - 1}")
    out = np.empty(rows.size, dtype=np.float32)
    _rows(codes, rows, weights, np.float32(bias), out)
    return out


def group_best_codes(codes: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                     weights: np.ndarray, bias: float = 0.0) -> GroupBest:
    """Each group's best :func:`row_scores` over rows ``starts[g] .. starts[g] +
    counts[g]`` (``counts`` must be positive), the row reaching it first, and whether
    another row ties it. The scores are exactly those :func:`row_scores` gives."""
    weights = _check(codes, weights)
    starts, counts = _checked_groups(codes.shape[0], starts, counts)
    best = np.empty(starts.size, dtype=np.float32)
    at = np.empty(starts.size, dtype=np.int64)
    tied = np.empty(starts.size, dtype=np.bool_)
    _group_best(codes, starts, counts, weights, np.float32(bias), best, at, tied)
    return GroupBest(best, at, tied)


def group_best_sketch(rows: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                      weights: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Each group's best ``rows[row] . weights`` over rows ``starts[g] .. starts[g] +
    counts[g]`` (``counts`` must be positive), as float32: the pre-scan of a large
    filtered set over the index's short int8 sketches (``faiss_index._Sketch``), a
    sixth of the work per row of :func:`group_best_codes`.

    With ``groups`` (numbers into ``starts`` and ``counts``), the result holds the best
    of each of ``groups`` in its order: an index passes its whole per-group arrays and a
    filter's group numbers, and the loop reads each group's place as it goes, instead
    of numpy gathering them into two new arrays first (~0.8 ms for the 98,000 groups of
    a 10% filter at 1M creators; docs/benchmarks.md, section 2, the ``gather`` round).
    A group is checked before its rows are read."""
    weights = _check(rows, weights, np.int8, "rows")
    starts, counts = _group_arrays(starts, counts)
    groups = (np.arange(starts.size, dtype=np.int64) if groups is None
              else np.ascontiguousarray(groups, dtype=np.int64))
    best = np.empty(groups.size, dtype=np.float32)
    scan = _group_best_sketch_wide if rows.shape[1] == SKETCH_WIDTH else _group_best_sketch
    bad = scan(rows, starts, counts, groups, weights, best)
    if bad >= 0:
        group = int(groups[bad])
        if not 0 <= group < starts.size:
            raise ValueError(f"groups must lie in 0 .. {starts.size - 1}, got {group}")
        raise ValueError(f"every group must have at least one row inside rows: group "
                         f"{group} has rows {int(starts[group])} + {int(counts[group])} "
                         f"of {rows.shape[0]}")
    return best


def present_groups(counts: np.ndarray, nums: np.ndarray) -> tuple[np.ndarray, int]:
    """Of ``nums``, the group numbers with rows (``0 <= g < counts.size`` and
    ``counts[g] > 0``) in their order, and how many rows they have in all: one pass,
    where numpy's two masks and two gathers took ~1.1 ms for a 10% filter's 98,000
    groups at 1M creators."""
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    nums = np.ascontiguousarray(nums, dtype=np.int64)
    out = np.empty(nums.size, dtype=np.int64)
    n, total = _present(counts, nums, out)
    return out[:n], int(total)


def warm_up() -> None:
    """Compile (or load from the disk cache) the loops now rather than in a first request."""
    codes = np.zeros((1, 1), dtype=np.uint8)
    weights = np.zeros(1, dtype=np.float32)
    one = np.zeros(1, dtype=np.int64)
    group_best_codes(codes, one, np.ones(1, dtype=np.int64), weights)
    row_scores(codes, one, weights)
    group_best_sketch(codes.view(np.int8), one, np.ones(1, dtype=np.int64), weights)
    wide = np.zeros((1, SKETCH_WIDTH), dtype=np.int8)
    group_best_sketch(wide, one, np.ones(1, dtype=np.int64), np.zeros(SKETCH_WIDTH, np.float32))
    present_groups(one, one)
