"""Credibility: how far a creator's stats look organic, a score in [0, 1] with reasons.

Bought followers, views and engagement leave traces in the numbers Scout already has.
Each *check* below compares one ratio with its norm and turns the distance into a
*severity* in [0, 1]: 0 within ``threshold`` times the norm (either side the check
watches), rising linearly in log scale to 1 at ``threshold x 3``::

    severity = clip((|ln(x / norm)| - ln(threshold)) / ln(3), 0, 1)

The score multiplies what every check leaves standing::

    credibility = prod(1 - weight_i * severity_i)

so one weak trace costs little and several strong ones compound. Every check with a
severity above 0 is a *reason* (a machine code and a sentence). A check whose inputs the
record lacks is skipped; a record on which no check can run has an unknown score
(``None``), which never passes ``min_credibility``. Norms are documented constants (the
tier medians of :mod:`ranker.norms`; the per-category and per-platform tables below,
measured on genuine creators of the sample corpus and rounded); a deployment with its
own data should measure its own.

=========================  ===============================================  ======  =========
code                       ratio (norm)                                     weight  threshold
=========================  ===============================================  ======  =========
``engagement_implausible``  Scout's engagement rate (tier median), high side  0.5    2.5x
``likes_to_views_off``      sum likes / sum views (category norm x tier)      0.3    3x
``comments_to_likes_off``   sum comments / sum likes (category norm)          0.5    3x
``views_to_followers_off``  average views / followers (platform norm)         0.5    4x
``follower_spike``          follower jump / view change between history       0.6    1.25x
                            points at most 45 days apart (1)
``views_concentrated``      the top post's share of recent views (2)          0.3    0.6
=========================  ===============================================  ======  =========

(1) ``x = (1 + follower growth) / (1 + max(0, view growth))`` between two consecutive
points of ``history`` that both carry followers and average views; the worst pair counts.
(2) Over at least 5 recent posts with views; severity rises linearly from share 0.6 to
0.9 (a genuine viral post among a handful of ordinary ones rarely holds more than 60%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ranker.norms import (
    CATEGORY_NORMS,
    DEFAULT_NORMS,
    PLATFORM_VIEWS_PER_FOLLOWER,
    TIER_MEDIAN_ENGAGEMENT,
)
from schemas.brief import tier_of
from schemas.creator import Creator, HistoryPoint, average_views, engagement_rate

#: Least totals for a ratio to be read at all (small counts round to noise).
MIN_VIEWS, MIN_LIKES = 1_000, 100
MIN_POSTS_FOR_CONCENTRATION = 5
SPIKE_MAX_GAP_DAYS = 45
#: Top-post share of views where ``views_concentrated`` starts, and where it is full.
CONCENTRATION_FROM, CONCENTRATION_FULL = 0.6, 0.9
_LOG3 = math.log(3.0)


@dataclass(frozen=True)
class Check:
    """One trace of inflation: its code, weight, threshold and which side it watches."""

    code: str
    weight: float
    threshold: float
    side: str  # "high", "low" or "both"


CHECKS: tuple[Check, ...] = (
    Check("engagement_implausible", 0.5, 2.5, "high"),
    Check("likes_to_views_off", 0.3, 3.0, "both"),
    Check("comments_to_likes_off", 0.5, 3.0, "both"),
    Check("views_to_followers_off", 0.5, 4.0, "both"),
    Check("follower_spike", 0.6, 1.25, "high"),
    Check("views_concentrated", 0.3, CONCENTRATION_FROM, "high"),
)
CHECK_BY_CODE = {c.code: c for c in CHECKS}


@dataclass(frozen=True)
class Reason:
    """Why credibility is below 1: a code from :data:`CHECKS`, its severity, a sentence."""

    code: str
    severity: float
    text: str


@dataclass(frozen=True)
class Credibility:
    """A creator's credibility (``None`` when no check could run) and the reasons it is low."""

    score: float | None
    reasons: tuple[Reason, ...]
    checked: tuple[str, ...]


def severity(check: Check, value: float, norm: float) -> float:
    """How far ``value`` lies beyond ``check.threshold`` times ``norm`` (0..1, log scale)."""
    if value <= 0 or norm <= 0:
        distance = math.inf if check.side in ("low", "both") else 0.0
    else:
        distance = math.log(value / norm)
        if check.side == "high":
            distance = max(0.0, distance)
        elif check.side == "low":
            distance = max(0.0, -distance)
        else:
            distance = abs(distance)
    return min(1.0, max(0.0, (distance - math.log(check.threshold)) / _LOG3))


def _times(value: float, norm: float) -> str:
    ratio = value / norm if norm > 0 else math.inf
    return f"{ratio:.1f}x" if ratio >= 1 else f"1/{1 / ratio:.0f}" if ratio > 0 else "none"


def _norms(creator: Creator) -> tuple[float, float]:
    """(likes per view, comments per like) norms: the mean over the creator's categories."""
    known = [CATEGORY_NORMS[c] for c in creator.categories if c in CATEGORY_NORMS]
    if not known:
        return DEFAULT_NORMS
    return (sum(n[0] for n in known) / len(known), sum(n[1] for n in known) / len(known))


def follower_spike(history: Sequence[HistoryPoint]
                   ) -> tuple[float, HistoryPoint, HistoryPoint] | None:
    """The worst ``(1 + follower growth) / (1 + max(0, view growth))`` between history
    points at most :data:`SPIKE_MAX_GAP_DAYS` apart that both carry followers and views."""
    points = [(p, float(p.followers), p.avg_views) for p in history
              if p.followers and p.avg_views]
    worst: tuple[float, HistoryPoint, HistoryPoint] | None = None
    for (a, fa, va), (b, fb, vb) in pairwise(points):
        if (b.date - a.date).days > SPIKE_MAX_GAP_DAYS:
            continue
        ratio = (fb / fa) / max(1.0, vb / va)
        if worst is None or ratio > worst[0]:
            worst = (ratio, a, b)
    return worst


def credibility(creator: Creator) -> Credibility:
    """Run every check the record allows; see the module docstring for the rules."""
    found: list[Reason] = []
    checked: list[str] = []

    def run(code: str, value: float, norm: float, text: str) -> None:
        check = CHECK_BY_CODE[code]
        checked.append(code)
        s = severity(check, value, norm)
        if s > 0:
            found.append(Reason(code, round(s, 4), text))

    tier = tier_of(creator.followers)
    er = engagement_rate(creator)
    if er is not None and tier is not None:
        median = TIER_MEDIAN_ENGAGEMENT[tier]
        run("engagement_implausible", er, median,
            f"Engagement {er:.1%} is {_times(er, median)} the {tier} tier median "
            f"({median:.1%}); rates this high are typical of bought likes")
    posts = [c for c in creator.recent_content() if c.views]
    views = sum(c.views or 0 for c in posts)
    with_likes = [c for c in posts if c.likes is not None]
    like_norm, comment_norm = _norms(creator)
    tier_factor = TIER_MEDIAN_ENGAGEMENT[tier or "micro"] / TIER_MEDIAN_ENGAGEMENT["micro"]
    liked_views = sum(c.views or 0 for c in with_likes)
    if liked_views >= MIN_VIEWS:
        norm = like_norm * tier_factor
        rate = sum(c.likes or 0 for c in with_likes) / liked_views
        run("likes_to_views_off", rate, norm,
            f"Likes per view {rate:.2%} are {_times(rate, norm)} the norm for the "
            f"category and tier ({norm:.2%})")
    commented = [c for c in with_likes if c.comments is not None]
    commented_likes = sum(c.likes or 0 for c in commented)
    if commented_likes >= MIN_LIKES:
        rate = sum(c.comments or 0 for c in commented) / commented_likes
        why = ("likes without comments are often bought" if rate < comment_norm
               else "comment pods and bought comments look like this")
        run("comments_to_likes_off", rate, comment_norm,
            f"Comments per like {rate:.2%} are {_times(rate, comment_norm)} the category "
            f"norm ({comment_norm:.2%}); {why}")
    avg = average_views(creator)
    if avg is not None and creator.followers:
        norm = PLATFORM_VIEWS_PER_FOLLOWER.get(creator.platform or "", 0.3)
        ratio = avg / creator.followers
        side = "bought followers" if ratio < norm else "bought views"
        run("views_to_followers_off", ratio, norm,
            f"Average views are {ratio:.1%} of followers, {_times(ratio, norm)} the "
            f"{creator.platform or 'platform'} norm ({norm:.0%}); typical of {side}")
    spike = follower_spike(creator.history)
    if spike is not None:
        ratio, a, b = spike
        grew = (b.followers or 0) / (a.followers or 1) - 1
        viewed = (b.avg_views or 0) / (a.avg_views or 1) - 1
        run("follower_spike", ratio, 1.0,
            f"Followers jumped {grew:+.0%} between {a.date.isoformat()} and "
            f"{b.date.isoformat()} while average views changed {viewed:+.0%}")
    if len(posts) >= MIN_POSTS_FOR_CONCENTRATION and views > 0:
        top = max(c.views or 0 for c in posts)
        share = top / views
        checked.append("views_concentrated")
        s = min(1.0, max(0.0, (share - CONCENTRATION_FROM) / (CONCENTRATION_FULL
                                                              - CONCENTRATION_FROM)))
        if s > 0:
            found.append(Reason("views_concentrated", round(s, 4),
                                f"One post holds {share:.0%} of the views of the last "
                                f"{len(posts)} posts"))
    if not checked:
        return Credibility(None, (), ())
    score = 1.0
    for reason in found:
        score *= 1.0 - CHECK_BY_CODE[reason.code].weight * reason.severity
    ordered = sorted(found, key=lambda r: -CHECK_BY_CODE[r.code].weight * r.severity)
    return Credibility(round(score, 4), tuple(ordered), tuple(checked))
