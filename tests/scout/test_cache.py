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
    cache: VersionedCache[str] = VersionedCache(4, 5.0, clock=clock)
    cache.put("q", 1, "answer")
    clock.now += 5.0
    assert cache.get("q", 1) == "answer"
    clock.now += 0.01
    assert cache.get("q", 1) is None
    assert len(cache) == 0


def test_least_recently_used_goes_first() -> None:
    cache: VersionedCache[int] = VersionedCache(2, 10.0)
    cache.put("a", 0, 1)
    cache.put("b", 0, 2)
    assert cache.get("a", 0) == 1  # "a" is now the most recent
    cache.put("c", 0, 3)
    assert cache.get("b", 0) is None
    assert (cache.get("a", 0), cache.get("c", 0)) == (1, 3)
    assert len(cache) == 2


@pytest.mark.parametrize(("size", "ttl", "field"), [(0, 1.0, "size"), (5, 0.0, "ttl_s"),
                                                    (5, float("nan"), "ttl_s")])
def test_bad_settings_name_the_field(size: int, ttl: float, field: str) -> None:
    with pytest.raises(ConfigError) as info:
        VersionedCache(size, ttl)
    assert info.value.field == field
