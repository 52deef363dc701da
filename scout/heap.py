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

With ``between_requests`` (what ``scout serve`` does), the young passes move out of the
requests: the automatic collector waits for :data:`BACKSTOP` times the threshold (so a
request that allocates a great deal is still collected), and
:func:`collect_between_requests`, called once a response has been sent, runs the pass
that is due. At 100k creators a pass during a query made it ~15 ms slower (2-3% of
queries, p99 ~35 ms against a p50 of ~9; docs/benchmarks.md, the ``depth`` round). The
pass still costs the worker the same time: a request queued behind it waits for it.
"""

from __future__ import annotations

import gc

#: Python's own young-generation threshold (``gc.get_threshold()[0]`` at start).
PYTHON_DEFAULT_THRESHOLD = 700
#: With passes between requests, the automatic collector's threshold is this many times
#: the young threshold: it runs during a request only if one allocates that much.
BACKSTOP = 20
#: Between requests, every this many young passes also collects the middle generation,
#: and every this many of those the oldest (Python's own proportions: 10 and 10).
OLDER_EVERY = 10


class _Between:
    """The young threshold of passes run between requests (0: none) and their count."""

    threshold = 0
    passes = 0


def settle_heap(threshold: int, *, between_requests: bool = False) -> None:
    """Freeze what the process holds now and set the young-generation threshold.

    Call it once the process has loaded what it keeps (after warming up).
    ``threshold`` is the net allocations of container objects between young passes;
    0 leaves the collector as Python set it (no freeze, thresholds unchanged).
    ``between_requests``: the passes are run by :func:`collect_between_requests`, the
    automatic collector only past :data:`BACKSTOP` times the threshold.
    """
    if threshold < 0:
        raise ValueError(f"threshold must be 0 (off) or more, not {threshold}")
    _Between.threshold = 0
    if not threshold:
        return
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    if between_requests:
        _Between.threshold, _Between.passes = threshold, 0
        gc.set_threshold(threshold * BACKSTOP, older, oldest)
    else:
        gc.set_threshold(threshold, older, oldest)


def collect_between_requests() -> int | None:
    """Run the collector pass due, if any, once a response has been sent; which
    generation it collected (None: none was due, or passes are not run between
    requests). A no-op unless :func:`settle_heap` was called with ``between_requests``."""
    threshold = _Between.threshold
    if not threshold or gc.get_count()[0] < threshold:
        return None
    _Between.passes += 1
    n = _Between.passes
    generation = (2 if n % (OLDER_EVERY * OLDER_EVERY) == 0
                  else 1 if n % OLDER_EVERY == 0 else 0)
    gc.collect(generation)
    return generation


def unsettle_heap() -> None:
    """Undo :func:`settle_heap`: what was frozen is collected again, thresholds back to
    Python's defaults (for a process, such as a benchmark, that drops what it loaded)."""
    _Between.threshold = 0
    gc.unfreeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(PYTHON_DEFAULT_THRESHOLD, older, oldest)
    gc.collect()
