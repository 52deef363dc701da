"""Scout's documented cost model: what one sponsored post is likely to cost.

Creator pricing is opaque; Scout makes its estimate explicit so brands can
check it. One post costs::

    cost_eur = max(FLOOR_EUR, CPM_EUR[platform] * expected_views / 1000) * TIER_PREMIUM[tier]

``expected_views`` is the creator's average views (Scout's definition), or 30%
of followers when views are unknown. The tier premium reflects that large
accounts charge more per view (agency fees, exclusivity). All figures are in
EUR and deliberately round: the estimate ranks affordability, it does not quote.
"""

from __future__ import annotations

FLOOR_EUR = 50.0
DEFAULT_CPM_EUR = 12.0
CPM_EUR: dict[str, float] = {
    "tiktok": 12.0,
    "instagram": 15.0,
    "youtube": 25.0,
    "twitch": 20.0,
    "snapchat": 10.0,
    "x": 8.0,
}
TIER_PREMIUM: dict[str, float] = {
    "nano": 0.8,
    "micro": 1.0,
    "mid": 1.1,
    "macro": 1.25,
    "mega": 1.5,
}
VIEWS_PER_FOLLOWER_FALLBACK = 0.3


def expected_views(avg_views: float | None, followers: int | None) -> float | None:
    if avg_views is not None:
        return avg_views
    if followers is not None:
        return followers * VIEWS_PER_FOLLOWER_FALLBACK
    return None


def estimate_cost_eur(
    platform: str | None, tier: str | None, avg_views: float | None, followers: int | None
) -> float | None:
    """Estimated price of one sponsored post in EUR, or None without reach data."""
    views = expected_views(avg_views, followers)
    if views is None:
        return None
    cpm = CPM_EUR.get(platform or "", DEFAULT_CPM_EUR)
    premium = TIER_PREMIUM.get(tier or "micro", 1.0)
    return round(max(FLOOR_EUR, cpm * views / 1000.0) * premium, 2)
