"""The versioned read cache: LRU, versions, age, errors (no model or store needed)."""

from __future__ import annotations

import pytest

from scout.cache import VersionedCache
from scout.errors import ConfigError


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_value_is_served_only_at_its_version() -> None:
    cache: VersionedCache[str] = VersionedCache(4, 10.0)
    lookups: list[bool] = []
    cache.on_lookup = lookups.append
    cache.put("q", (1, 1), "old answer")
    assert cache.get("q", (1, 1)) == "old answer"
    assert cache.get("q", (2, 1)) is None  # a write moved the version on
    assert cache.get("q", (1, 1)) is None  # and the stale entry is gone, not revived
    assert lookups == [True, False, False] and len(cache) == 0


def test_entries_expire_after_ttl() -> None:
    clock = Clock()
    cache: VersionedCache[str] = VersionedCache(4, 5.0, clock=clock, spread=0.0)
    cache.put("q", 1, "answer")
    clock.now += 5.0
    assert cache.get("q", 1) == "answer"
    clock.now += 0.01
    assert cache.get("q", 1) is None
    assert len(cache) == 0


def test_entries_stored_together_expire_apart_within_the_ttl() -> None:
    clock = Clock()
    cache: VersionedCache[int] = VersionedCache(256, 10.0, clock=clock)  # spread 0.5
    for n in range(200):
        cache.put(n, 1, n)
    start = clock.now

    def alive(at: float) -> int:
        clock.now = start + at
        return sum(cache.get(n, 1) == n for n in range(200))

    assert alive(4.99) == 200  # no entry lives less than half the ttl
    # drawn apart: at three quarters of the ttl about half of them are gone (all 200 on
    # one side would have a chance of 2 ** -199)
    assert 0 < alive(7.5) < 200
    assert alive(10.01) == 0  # and none outlives it
    assert len(cache) == 0


def test_an_entry_lives_as_long_as_its_draw_says() -> None:
    clock = Clock()
    draws = iter([0.0, 1.0])
    cache: VersionedCache[str] = VersionedCache(4, 8.0, clock=clock, spread=0.25,
                                                rng=lambda: next(draws))
    cache.put("full", 1, "a")  # lives 8 s
    cache.put("short", 1, "b")  # lives 8 x (1 - 0.25) = 6 s
    clock.now += 6.0
    assert (cache.get("full", 1), cache.get("short", 1)) == ("a", "b")
    clock.now += 0.01
    assert (cache.get("full", 1), cache.get("short", 1)) == ("a", None)


def test_least_recently_used_goes_first() -> None:
    cache: VersionedCache[int] = VersionedCache(2, 10.0)
    cache.put("a", 0, 1)
    cache.put("b", 0, 2)
    assert cache.get("a", 0) == 1  # "a" is now the most recent
    cache.put("c", 0, 3)
    assert cache.get("b", 0) is None
    assert (cache.get("a", 0), cache.get("c", 0)) == (1, 3)
    assert len(cache) == 2


@pytest.mark.parametrize(("size", "ttl", "spread", "field"), [
    (0, 1.0, 0.5, "size"), (5, 0.0, 0.5, "ttl_s"), (5, float("nan"), 0.5, "ttl_s"),
    (5, 1.0, 1.0, "spread"), (5, 1.0, -0.1, "spread"), (5, 1.0, float("nan"), "spread")])
def test_bad_settings_name_the_field(size: int, ttl: float, spread: float, field: str) -> None:
    with pytest.raises(ConfigError) as info:
        VersionedCache(size, ttl, spread=spread)
    assert info.value.field == field
