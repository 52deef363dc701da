"""Catalog statistics the web page shows beside a creator: tier benchmarks."""

from __future__ import annotations

from pydantic import Field

from schemas.results import Answer


class TierBenchmark(Answer):
    """Engagement of the creators in one follower tier (of one category, if asked)."""

    tier: str
    creators: int = Field(description="creators in the tier (and category)")
    measured: int = Field(description="of those, how many the medians were computed over")
    median_engagement_rate: float | None = Field(
        default=None, description="Scout's engagement definition; null without data")
    p25_engagement_rate: float | None = None
    p75_engagement_rate: float | None = None
    median_avg_views: float | None = None
    reference_engagement_rate: float = Field(
        description="the ranker's typical engagement for the tier (the engagement signal's "
                    "midpoint)")


class TierStats(Answer):
    category: str | None = Field(default=None, description="the category asked for, if any")
    tiers: list[TierBenchmark]
