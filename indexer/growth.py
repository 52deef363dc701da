"""Follower and view growth from a creator's dated ``history`` (v1), derived at index time.

Growth over ``days`` compares the newest history point that has the value with a
*baseline* point about ``days`` earlier: the point closest to ``newest - days`` among
those dated between ``1.5 x days`` and ``0.75 x days`` before the newest. The ratio is
rescaled to exactly ``days`` (compounding), so monthly snapshots that fall 28 or 33
days apart give comparable figures::

    growth = (value_newest / value_baseline) ** (days / days_between) - 1

``0.05`` means +5% over the window, ``-0.1`` a 10% loss. Without a baseline in that
band (no history, too short, too sparse) growth is *unknown* (``None``), never zero:
an unknown growth never passes a growth filter and scores :data:`ranker.signals.UNKNOWN`.
Growth is measured up to the newest point, not to today; how old that point is is the
record's freshness, a separate matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from schemas.creator import HistoryPoint

HistoryField = Literal["followers", "avg_views"]
#: The windows Scout derives, in days.
WINDOWS = (30, 90)
#: A baseline may lie this far from the window's start (as fractions of the window).
BASELINE_NEAREST, BASELINE_FARTHEST = 0.75, 1.5


def growth(history: Sequence[HistoryPoint], field: HistoryField, days: int) -> float | None:
    """Relative change of ``field`` over ``days`` up to the newest point, or ``None``."""
    points = [(p.date, float(v)) for p in history if (v := getattr(p, field)) is not None]
    if len(points) < 2:
        return None
    newest, value = points[-1]
    best: tuple[float, int, float] | None = None
    for date, base in points[:-1]:
        gap = (newest - date).days
        if not BASELINE_NEAREST * days <= gap <= BASELINE_FARTHEST * days or base <= 0:
            continue
        key = (abs(gap - days), gap, base)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    _, gap, base = best
    return float((value / base) ** (days / gap) - 1.0)
