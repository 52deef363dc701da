"""The garbage collector's settings for a long-lived serving process.

A serving process keeps, for its whole life, what it loaded at start (the model, the
stores' mirrors, ~145,000 container objects at 100k creators) and, for minutes, the
records it parsed (the parsed-record LRU of the document store: ~110 container objects
a record, ~56,000 for 512). With Python's defaults (a young-generation pass every 700
net allocations, an older pass every 10 of those) the collector walked those objects
again and again: at 100k creators, 1.2 s of collection over 800 matches and searches,
a pass of 90 ms now and then and one of ~5 ms every 10th query, which is what the
slowest 5% of queries were made of (docs/benchmarks.md, the ``gc`` round).

:func:`settle_heap` freezes what the process has loaded (``gc.freeze``: the collector
no longer walks it; cyclic garbage among it is not reclaimed until ``gc.unfreeze``,
and a serving process keeps it anyway) and spaces the young passes out, so most
records leave the LRU, freed by reference counting, before a pass ever walks them.
Cyclic garbage is still collected, later and in fewer, larger passes.
"""

from __future__ import annotations

import gc

#: Python's own young-generation threshold (``gc.get_threshold()[0]`` at start).
PYTHON_DEFAULT_THRESHOLD = 700


def settle_heap(threshold: int) -> None:
    """Freeze what the process holds now and set the young-generation threshold.

    Call it once the process has loaded what it keeps (after warming up).
    ``threshold`` is the net allocations of container objects between young passes;
    0 leaves the collector as Python set it (no freeze, thresholds unchanged).
    """
    if threshold < 0:
        raise ValueError(f"threshold must be 0 (off) or more, not {threshold}")
    if not threshold:
        return
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(threshold, older, oldest)


def unsettle_heap() -> None:
    """Undo :func:`settle_heap`: what was frozen is collected again, thresholds back to
    Python's defaults (for a process, such as a benchmark, that drops what it loaded)."""
    gc.unfreeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(PYTHON_DEFAULT_THRESHOLD, older, oldest)
    gc.collect()
