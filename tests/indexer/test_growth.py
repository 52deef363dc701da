"""Growth over 30/90 days from dated history: the baseline band, compounding, unknowns."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.growth import growth
from schemas.creator import HistoryPoint


def points(*rows: tuple[str, int | None, float | None]) -> list[HistoryPoint]:
    return [HistoryPoint(date=dt.date.fromisoformat(d), followers=f, avg_views=v)
            for d, f, v in rows]


def test_growth_over_exactly_the_window() -> None:
    h = points(("2026-09-01", 1000, 100.0), ("2026-10-01", 1100, 90.0))
    assert growth(h, "followers", 30) == pytest.approx(0.10)
    assert growth(h, "avg_views", 30) == pytest.approx(-0.10)


def test_a_baseline_off_the_window_is_rescaled_by_compounding() -> None:
    h = points(("2026-08-26", 1000, None), ("2026-10-01", 1210, None))  # 36 days
    assert growth(h, "followers", 30) == pytest.approx(1.21 ** (30 / 36) - 1)


def test_the_point_nearest_the_window_start_is_the_baseline() -> None:
    h = points(("2026-06-25", 500, None), ("2026-07-03", 800, None), ("2026-09-01", 900, None),
               ("2026-10-01", 1000, None))
    assert growth(h, "followers", 30) == pytest.approx(1000 / 900 - 1)
    assert growth(h, "followers", 90) == pytest.approx((1000 / 800) ** (90 / 90) - 1)


@pytest.mark.parametrize("rows", [
    [],
    [("2026-10-01", 1000, None)],
    [("2026-09-20", 900, None), ("2026-10-01", 1000, None)],  # 11 days: too short
    [("2026-07-01", 900, None), ("2026-10-01", 1000, None)],  # 92 days: too far for 30
    [("2026-09-01", 0, None), ("2026-10-01", 1000, None)],  # nothing to grow from
    [("2026-09-01", None, 5.0), ("2026-10-01", 1000, None)],  # followers missing there
])
def test_unknown_growth_is_none_not_zero(rows: list[tuple[str, int | None, float | None]]
                                         ) -> None:
    assert growth(points(*rows), "followers", 30) is None
