"""Query-independent features derived once at index time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from conftest import creator_record, post

from indexer.features import CreatorFeatures
from ranker.cost import estimate_cost_eur
from schemas import Creator


def test_features_follow_the_shared_definitions() -> None:
    creator = Creator.model_validate(creator_record(
        "c", followers=150_000, avg_views=None, platform="instagram",
        content=[post("a", "x", views=1_000, likes=70, posted_at="2026-01-02T00:00:00Z"),
                 post("b", "y", views=3_000, likes=570, posted_at="2026-03-04T00:00:00Z")]))
    feats = CreatorFeatures.of(creator)
    assert feats.engagement_rate == pytest.approx((0.1 + 0.2) / 2)  # (likes+20+10)/views
    assert feats.avg_views == 2_000  # median of posts when the record has none
    assert feats.tier == "mid"
    assert feats.estimated_cost_eur == estimate_cost_eur("instagram", "mid", 2_000, 150_000)
    assert feats.last_posted_ts == datetime(2026, 3, 4, tzinfo=UTC).timestamp()
    assert feats.content_count == 2


def test_features_of_a_bare_creator_are_unknown() -> None:
    feats = CreatorFeatures.of(Creator(id="bare"))
    assert feats == CreatorFeatures(None, None, None, None, None, 0, None,
                                    ("no_stats", "no_posts", "missing_audience"), 2, ())
