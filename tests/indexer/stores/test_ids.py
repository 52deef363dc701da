"""Creator numbers: the sort-based distinct helpers the query path uses instead of np.unique."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.stores.ids import (
    IdSet,
    NumberedIds,
    Numbering,
    first_seen,
    numbers_of,
    unique_sorted,
)


@pytest.mark.parametrize("size", [0, 1, 2, 7, 1_000])
def test_unique_sorted_and_first_seen_agree_with_numpy(size: int) -> None:
    rng = np.random.default_rng(size)
    for values in (rng.integers(0, max(1, size // 3), size), np.arange(size)[::-1],
                   np.zeros(size, dtype=np.int64)):
        values = values.astype(np.int64)
        want = np.unique(values)
        got = unique_sorted(values)
        assert got.dtype == values.dtype and got.tolist() == want.tolist()
        _, first = np.unique(values, return_index=True)
        assert first_seen(values).tolist() == values[np.sort(first)].tolist()


def test_numbers_of_any_collection_are_sorted_distinct_known_numbers() -> None:
    numbering = Numbering()
    numbering.add_many(["c", "a", "b", "d"])  # numbers 0..3 in first-seen order
    assert numbers_of(numbering, ["d", "a", "zz", "d", "c"]).tolist() == [0, 1, 3]
    shared = IdSet.of(numbering, ["b", "b", "c", "unknown"])
    assert shared.nums.tolist() == [0, 2] and sorted(shared) == ["b", "c"]
    assert numbers_of(numbering, shared) is shared.nums


def test_numbered_ids_hand_their_numbers_only_to_their_own_numbering() -> None:
    numbering, other = Numbering(), Numbering()
    numbering.add_many(["c", "a", "b"])
    other.add_many(["a", "b", "c"])
    ids = NumberedIds(["a", "c"], numbering, np.array([1, 0], dtype=np.int64))
    assert ids == ["a", "c"] and isinstance(ids, list)
    assert numbering.numbers(ids) is ids.nums  # no lookup
    assert other.numbers(ids).tolist() == [0, 2]  # another numbering looks the strings up
    plain = numbering.numbers(["a", "c", "zz"])
    assert plain.tolist() == [1, 0, -1]



def test_sorted_upto_is_the_head_numbered_in_id_order() -> None:
    numbering = Numbering()
    assert numbering.sorted_upto == 0 and numbering.in_id_order(np.zeros(0, dtype=np.int64))
    numbering.add_many(["a", "b", "d"])
    assert numbering.sorted_upto == 3
    numbering.add_many(["c", "e", "b"])  # "c" breaks the order; "b" is known already
    assert numbering.sorted_upto == 3 and len(numbering) == 5
    assert numbering.in_id_order(np.array([0, 2])) and not numbering.in_id_order(np.array([1, 3]))


def test_seed_numbers_ids_only_in_a_numbering_not_yet_used() -> None:
    numbering = Numbering()
    numbering.seed(iter(["a", "b", "c"]))
    assert numbering.ids == ["a", "b", "c"] and numbering.sorted_upto == 3
    numbering.seed(["0", "z"])  # already numbering: left as it is
    assert numbering.ids == ["a", "b", "c"]
