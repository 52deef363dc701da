"""Norms Scout compares creators with: engagement per tier, ratios per category and platform.

Documented constants, not fitted at query time. The tier medians drive the
``engagement`` signal and the credibility checks; the category and platform tables
(credibility only, :mod:`ranker.credibility`) were measured on the genuine creators of
the seed-42 sample corpus and rounded. A deployment with its own data should measure
its own.
"""

from __future__ import annotations

#: Median engagement rate per follower tier; a creator at its tier median scores 0.5.
TIER_MEDIAN_ENGAGEMENT: dict[str, float] = {
    "nano": 0.08, "micro": 0.05, "mid": 0.035, "macro": 0.025, "mega": 0.015,
}
#: (likes per view for a micro creator, comments per like) by category.
CATEGORY_NORMS: dict[str, tuple[float, float]] = {
    "art": (0.050, 0.035), "beauty": (0.049, 0.032), "books": (0.050, 0.034),
    "cars": (0.049, 0.031), "comedy": (0.053, 0.030), "dance": (0.057, 0.031),
    "diy": (0.050, 0.032), "education": (0.046, 0.031), "fashion": (0.050, 0.029),
    "finance": (0.039, 0.033), "fitness": (0.051, 0.033), "food": (0.050, 0.029),
    "gaming": (0.047, 0.029), "health-wellness": (0.046, 0.033), "home": (0.049, 0.029),
    "music": (0.056, 0.032), "outdoors": (0.058, 0.032), "parenting": (0.046, 0.036),
    "pets": (0.049, 0.034), "skincare": (0.048, 0.032), "sports": (0.049, 0.032),
    "tech": (0.041, 0.030), "travel": (0.052, 0.032),
}
#: For a creator without a known category.
DEFAULT_NORMS: tuple[float, float] = (0.050, 0.032)
#: Median average views per follower by platform (others: 0.3).
PLATFORM_VIEWS_PER_FOLLOWER: dict[str, float] = {
    "tiktok": 0.35, "instagram": 0.21, "youtube": 0.27,
}
