"""Dense numbers for creator ids, shared by the embedded stores of one process.

The in-memory parts of the embedded backend (the document store's columns and
the FAISS indexes) keep numpy arrays indexed by a creator's number, so a filter
computed by one store can restrict a search in another without passing
hundreds of thousands of strings around. Numbers live only in memory: each
process assigns them in the order it first sees an id, and snapshots store ids,
not numbers. The embedded document store numbers every stored id in id order when it
opens (:meth:`Numbering.seed`), so numbers mostly sort like their ids: a ranker sorting
its candidates by id sorts them by number instead (:attr:`Numbering.sorted_upto`).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import repeat

import numpy as np


class Numbering:
    """Stable ``id -> number`` for the lifetime of a process; numbers are never reused."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self._num: dict[str, int] = {}
        self._lock = threading.Lock()
        #: Numbers below this have ids in strictly increasing order: among them, number
        #: order is id order (ids numbered later, out of order, start the unsorted tail).
        self.sorted_upto = 0

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, cid: str) -> int | None:
        return self._num.get(cid)

    def add(self, cid: str) -> int:
        num = self._num.get(cid)
        if num is None:
            with self._lock:
                num = self._num.get(cid)
                if num is None:
                    num = len(self.ids)
                    if self.sorted_upto == num and (not num or self.ids[-1] < cid):
                        self.sorted_upto = num + 1
                    self.ids.append(cid)
                    self._num[cid] = num
        return num

    def add_many(self, ids: Iterable[str]) -> np.ndarray:
        return np.fromiter((self.add(cid) for cid in ids), dtype=np.int64)

    def seed(self, ids: Iterable[str]) -> None:
        """Number ``ids`` (expected in id order) before anything else is numbered; a
        numbering already in use is left as it is."""
        with self._lock:
            if self.ids:
                return
        self.add_many(ids)

    def in_id_order(self, nums: np.ndarray) -> bool:
        """Whether the sorted ``nums`` are in the order of their ids too (all of them in
        the sorted head)."""
        return not nums.size or int(nums[-1]) < self.sorted_upto

    def numbers(self, ids: Sequence[str]) -> np.ndarray:
        """The number of each of ``ids``, -1 where unknown (one C-level pass; none for
        :class:`NumberedIds` of this numbering, which carry them)."""
        if isinstance(ids, NumberedIds) and ids.numbering is self and len(ids) == ids.nums.size:
            return ids.nums
        return np.fromiter(map(self._num.get, ids, repeat(-1)), dtype=np.int64, count=len(ids))

    def lookup(self, ids: Iterable[str]) -> np.ndarray:
        """Numbers of the known ids among ``ids`` (unknown ids are skipped), in order."""
        get = self._num.get
        return np.fromiter((n for n in map(get, ids) if n is not None), dtype=np.int64)


class NumberedIds(list[str]):
    """A list of creator ids that holds their numbers too (``nums``, aligned, all known):
    what the ranker hands the stores sharing ``numbering`` as its candidates, so that
    each of them (features, two vector spaces) does not look ~1,000 strings up again.
    Any caller still sees a ``list[str]``; do not change one in place."""

    __slots__ = ("numbering", "nums")

    def __init__(self, ids: Iterable[str], numbering: Numbering, nums: np.ndarray) -> None:
        super().__init__(ids)
        self.numbering = numbering
        self.nums = nums


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of the sorted ``ordered`` starts (a boolean mask)."""
    starts = np.empty(ordered.size, dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return starts


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of an integer array, by sorting. numpy 2.3+ hashes integers in
    ``np.unique``, which on the number arrays of a query is ~15x slower than sorting
    (10,000 numbers: ~1.0 ms against ~66 us; a 10k text search called it ~10 times)."""
    ordered = np.sort(values)
    return ordered[_run_starts(ordered)]


def first_seen(values: np.ndarray) -> np.ndarray:
    """The distinct values of ``values`` in the order each first occurs (a ranked list of
    vectors' groups -> the groups, ranked by their best vector)."""
    order = np.argsort(values, kind="stable")
    return values[np.sort(order[_run_starts(values[order])])]


class IdSet(Collection[str]):
    """An immutable set of ids held as sorted numbers of a :class:`Numbering`.

    It is a plain ``Collection[str]`` to any caller; stores sharing its numbering
    read :attr:`nums` (and :meth:`mask`) instead of the strings.
    """

    __slots__ = ("_mask", "numbering", "nums")

    def __init__(self, numbering: Numbering, nums: np.ndarray) -> None:
        self.numbering = numbering
        self.nums = np.asarray(nums, dtype=np.int64)
        self._mask: np.ndarray | None = None

    @classmethod
    def of(cls, numbering: Numbering, ids: Iterable[str]) -> IdSet:
        return cls(numbering, unique_sorted(numbering.lookup(ids)))

    def __len__(self) -> int:
        return int(self.nums.size)

    def __iter__(self) -> Iterator[str]:
        ids = self.numbering.ids
        return (ids[n] for n in self.nums.tolist())

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        num = self.numbering.get(item)
        if num is None:
            return False
        at = int(np.searchsorted(self.nums, num))
        return at < self.nums.size and int(self.nums[at]) == num

    def mask(self, size: int) -> np.ndarray:
        """Boolean membership over numbers ``0 .. size-1``."""
        if self._mask is None or self._mask.size < size:
            mask = np.zeros(max(size, int(self.nums[-1]) + 1 if self.nums.size else 0),
                            dtype=bool)
            mask[self.nums] = True
            self._mask = mask
        return self._mask[:size]

    def ids(self) -> list[str]:
        ids = self.numbering.ids
        return [ids[n] for n in self.nums.tolist()]


def numbers_of(numbering: Numbering, groups: Collection[str]) -> np.ndarray:
    """Sorted unique numbers of ``groups`` (fast when it is an :class:`IdSet` of ``numbering``)."""
    if isinstance(groups, IdSet) and groups.numbering is numbering:
        return groups.nums
    return unique_sorted(numbering.lookup(groups))


class StrTable:
    """An append-only table of strings in one buffer (far smaller than a list of str)."""

    def __init__(self, data: bytes = b"", offsets: Sequence[int] | np.ndarray = (0,)) -> None:
        self._data = bytearray(data)
        self._offsets = np.asarray(offsets, dtype=np.int64)
        self._size = self._offsets.size - 1

    def __len__(self) -> int:
        return self._size

    def append_many(self, values: Sequence[str]) -> None:
        encoded = [v.encode("utf-8") for v in values]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        ends = self._offsets[self._size] + np.cumsum(lengths)
        need = self._size + 1 + len(encoded)
        if need > self._offsets.size:
            grown = np.zeros(max(need, 2 * self._offsets.size), dtype=np.int64)
            grown[:self._offsets.size] = self._offsets
            self._offsets = grown
        self._offsets[self._size + 1:need] = ends
        self._data += b"".join(encoded)
        self._size += len(encoded)

    def __getitem__(self, i: int) -> str:
        return self._data[self._offsets[i]:self._offsets[i + 1]].decode("utf-8")

    def take(self, rows: Iterable[int]) -> list[str]:
        data, off = self._data, self._offsets
        return [data[off[i]:off[i + 1]].decode("utf-8") for i in rows]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return (np.frombuffer(bytes(self._data), dtype=np.uint8),
                self._offsets[:self._size + 1].copy())

    @classmethod
    def from_arrays(cls, data: np.ndarray, offsets: np.ndarray) -> StrTable:
        return cls(data.tobytes(), offsets)

    def nbytes(self) -> int:
        return len(self._data) + self._offsets.nbytes
