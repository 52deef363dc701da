"""The serving process's garbage-collector settings (scout/heap.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from scout.config import Config
from scout.heap import (
    BACKSTOP,
    OLDER_EVERY,
    PYTHON_DEFAULT_THRESHOLD,
    collect_between_requests,
    settle_heap,
    unsettle_heap,
)


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    settle_heap(0)  # no passes between requests any more
    gc.unfreeze()
    gc.set_threshold(*before)


def tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_settle_freezes_what_is_loaded_and_spaces_young_passes() -> None:
    loaded = [{"kept": i} for i in range(10)]
    older = gc.get_threshold()[1:]
    settle_heap(12_345)
    assert gc.get_threshold() == (12_345, *older)
    assert gc.get_freeze_count() > 0
    assert not tracked(loaded)  # the collector no longer walks it
    later = [1]
    assert tracked(later)  # what comes after is collected as usual


def test_cyclic_garbage_made_after_settling_is_still_reclaimed() -> None:
    settle_heap(10_000)
    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    assert gone() is not None  # a cycle: reference counting alone cannot free it
    gc.collect()
    assert gone() is None


def test_unsettle_gives_the_collector_everything_back() -> None:
    loaded = [{"kept": 1}]
    settle_heap(10_000)
    unsettle_heap()
    assert gc.get_freeze_count() == 0 and tracked(loaded)
    assert gc.get_threshold()[0] == PYTHON_DEFAULT_THRESHOLD


def test_zero_leaves_the_collector_alone_and_negative_is_refused() -> None:
    before = gc.get_threshold()
    settle_heap(0)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(ValueError, match="threshold"):
        settle_heap(-1)


def allocate(n: int) -> list[list[int]]:
    return [[i] for i in range(n)]  # n tracked containers, alive until dropped


def test_between_requests_the_due_pass_runs_after_the_response() -> None:
    """Settled ``between_requests``, the collector runs during a request only past the
    backstop; ``collect_between_requests`` runs the pass that is due (young, every
    tenth the middle generation too) and nothing when none is due."""
    older = gc.get_threshold()[1:]
    settle_heap(5_000, between_requests=True)
    assert gc.get_threshold() == (5_000 * BACKSTOP, *older)
    gc.collect()
    assert collect_between_requests() is None  # nothing allocated yet
    passes = []
    for _ in range(OLDER_EVERY):
        kept = allocate(6_000)
        assert gc.get_count()[0] >= 5_000
        passes.append(collect_between_requests())
        assert gc.get_count()[0] < 5_000  # the pass ran
        del kept
    assert passes == [0] * (OLDER_EVERY - 1) + [1]
    unsettle_heap()
    kept = allocate(6_000)
    assert collect_between_requests() is None  # unsettled: the collector's own timing
    settle_heap(5_000)  # settled without between_requests: the collector's own timing too
    assert gc.get_threshold()[0] == 5_000
    kept = allocate(6_000)
    assert collect_between_requests() is None
    del kept


def test_the_api_runs_the_due_pass_once_a_response_is_sent(tmp_path: Path) -> None:
    from search_api.app import create_app

    config = Config(data_dir=tmp_path / "idx", show_progress=False)
    app = create_app(config)
    try:
        settle_heap(5_000, between_requests=True)
        kept = allocate(8_000)
        assert gc.get_count()[0] >= 5_000
        response = app.test_client().get("/healthz")
        assert response.status_code == 200
        response.close()
        assert gc.get_count()[0] < 5_000  # collected after the response, not during it
        del kept
    finally:
        app.extensions["scout"].close()


def test_a_scout_serve_worker_settles_its_heap_after_loading(tmp_path: Path) -> None:
    from search_api.server import ScoutServer

    config = Config(data_dir=tmp_path / "idx", gc_threshold=23_456, show_progress=False)
    app = ScoutServer(config, {}).load()  # what each gunicorn worker runs at start
    try:
        assert gc.get_threshold()[0] == 23_456 * BACKSTOP  # passes between requests
        assert gc.get_freeze_count() > 0
        assert not tracked(app.extensions["scout"])  # the engine it loaded is frozen
    finally:
        app.extensions["scout"].close()
