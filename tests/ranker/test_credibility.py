"""Credibility: each check fires on a record built to trip it, the score stays in [0, 1]."""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import creator_record

from ranker import credibility as cred
from schemas import Creator


def posts(n: int = 8, *, views: int = 10_000, likes: int = 450, comments: int = 15,
          shares: int = 20, viral: int | None = None) -> list[dict[str, Any]]:
    """``n`` ordinary posts of a micro food creator (4.85% engagement, 3.3% comments/like)."""
    out = []
    for i in range(n):
        v = viral if (viral is not None and i == 0) else views
        scale = v / views
        out.append({"id": f"p{i}", "views": v, "likes": round(likes * scale),
                    "comments": round(comments * scale), "shares": round(shares * scale),
                    "posted_at": f"2026-10-{10 + i:02d}T12:00:00Z"})
    return out


def make(**fields: Any) -> Creator:
    base: dict[str, Any] = {"followers": 50_000, "avg_views": None, "content": posts()}
    return Creator.model_validate(creator_record("c1", **(base | fields)))


def codes(creator: Creator) -> list[str]:
    return [r.code for r in cred.credibility(creator).reasons]


def test_an_ordinary_creator_scores_one_with_no_reasons() -> None:
    found = cred.credibility(make())
    assert found.score == 1.0
    assert found.reasons == ()
    assert set(found.checked) == {"engagement_implausible", "likes_to_views_off",
                                  "comments_to_likes_off", "views_to_followers_off",
                                  "views_concentrated"}  # no history: no spike check


def test_nothing_to_check_is_unknown() -> None:
    found = cred.credibility(Creator(id="c1"))
    assert found.score is None and found.reasons == () and found.checked == ()


def test_bought_likes_trip_engagement_and_likes_to_views() -> None:
    # 30% engagement for a micro creator (tier median 5%), likes without comments
    creator = make(content=posts(likes=3_000, comments=3, shares=5))
    assert {"engagement_implausible", "likes_to_views_off", "comments_to_likes_off"} <= set(
        codes(creator))


def test_likes_far_below_the_category_norm() -> None:
    # 0.5% likes per view where food's micro norm is 5%, comments in proportion
    creator = make(content=posts(likes=50, comments=2, shares=1))
    assert "likes_to_views_off" in codes(creator)
    assert "engagement_implausible" not in codes(creator)  # it watches the high side only


def test_comments_to_likes_far_from_the_norm() -> None:
    creator = make(content=posts(comments=0))
    assert codes(creator) == ["comments_to_likes_off"]
    reason = cred.credibility(creator).reasons[0]
    assert reason.severity == 1.0 and "Comments per like" in reason.text


def test_bought_followers_show_as_few_views_per_follower() -> None:
    # 10,000 views a post on 1.5M followers: 0.7% where TikTok's norm is 35%
    creator = make(followers=1_500_000,
                   content=posts(likes=150, comments=5, shares=5))  # mega tier norms
    reasons = {r.code: r for r in cred.credibility(creator).reasons}
    assert "typical of bought followers" in reasons["views_to_followers_off"].text


def test_a_follower_spike_without_view_growth() -> None:
    creator = make(history=[
        {"date": "2026-08-01", "followers": 12_000, "avg_views": 10_000},
        {"date": "2026-08-15", "followers": 50_000, "avg_views": 10_500},
    ])
    found = cred.credibility(creator)
    assert [r.code for r in found.reasons] == ["follower_spike"]
    assert found.score == pytest.approx(1 - 0.6)  # full severity, weight 0.6
    assert "2026-08-01" in found.reasons[0].text and "+317%" in found.reasons[0].text


def test_a_viral_jump_with_views_is_no_spike() -> None:
    creator = make(history=[
        {"date": "2026-08-01", "followers": 30_000, "avg_views": 4_000},
        {"date": "2026-08-15", "followers": 50_000, "avg_views": 10_000},
    ])
    assert "follower_spike" not in codes(creator)
    assert "follower_spike" in cred.credibility(creator).checked


def test_points_far_apart_are_no_spike() -> None:
    creator = make(history=[
        {"date": "2025-08-01", "followers": 12_000, "avg_views": 10_000},
        {"date": "2026-08-15", "followers": 50_000, "avg_views": 10_000},
    ])
    assert "follower_spike" not in codes(creator)


def test_views_concentrated_in_one_post() -> None:
    creator = make(content=posts(6, viral=400_000))
    assert "views_concentrated" in codes(creator)
    few = make(content=posts(4, viral=400_000))  # fewer than 5 posts: not judged
    assert "views_concentrated" not in cred.credibility(few).checked


def test_reasons_compound_and_the_score_stays_in_bounds() -> None:
    worst = make(followers=2_000_000, content=posts(6, likes=5_000, comments=0, shares=0,
                                                     viral=2_000_000),
                 history=[{"date": "2026-08-01", "followers": 10_000, "avg_views": 10_000},
                          {"date": "2026-08-10", "followers": 2_000_000, "avg_views": 10_000}])
    found = cred.credibility(worst)
    assert len(found.reasons) >= 4
    assert found.score is not None and 0.0 <= found.score < 0.2
    expected = math.prod(1 - cred.CHECK_BY_CODE[r.code].weight * r.severity
                         for r in found.reasons)
    assert found.score == pytest.approx(expected, abs=1e-4)
    penalties = [cred.CHECK_BY_CODE[r.code].weight * r.severity for r in found.reasons]
    assert penalties == sorted(penalties, reverse=True)  # worst first


@pytest.mark.parametrize(("value", "expected"), [
    (1.0, 0.0), (2.9, 0.0), (3.0, 0.0), (9.0, 1.0), (100.0, 1.0), (1 / 9, 1.0), (0.0, 1.0),
])
def test_severity_is_zero_inside_the_threshold_and_one_at_three_times_it(
        value: float, expected: float) -> None:
    check = cred.Check("x", 0.5, 3.0, "both")
    assert cred.severity(check, value, 1.0) == pytest.approx(expected)


def test_one_sided_checks_ignore_the_other_side() -> None:
    high = cred.Check("x", 0.5, 2.0, "high")
    assert cred.severity(high, 0.01, 1.0) == 0.0
    assert cred.severity(high, 6.0, 1.0) == pytest.approx(1.0)
