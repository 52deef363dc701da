"""The named ranking signals: what each measures, its default weight, and how.

Every signal maps a creator to [0, 1], computed for all candidates at once with
numpy. The final score is ``sum(weight_i * signal_i)`` over the signals that
apply to the brief, with the weights normalised to sum to 1; the ``breakdown``
of a result holds exactly these products, so it adds up to the score.

A signal that does not apply to a brief (no budget given: no
``cost_efficiency``; no audience target: no ``audience_fit``) drops out and the
other weights are renormalised. Objectives shift emphasis through
:data:`OBJECTIVE_MULTIPLIERS`. Briefs and configs may override any weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from indexer.stores.base import FeatureRows
from ranker.norms import TIER_MEDIAN_ENGAGEMENT
from schemas import Brief


@dataclass(frozen=True)
class Signal:
    name: str
    weight: float
    description: str


SIGNALS: tuple[Signal, ...] = (
    Signal("content_similarity", 0.28,
           "semantic similarity of the brief to the creator's best-matching post"),
    Signal("profile_similarity", 0.14, "semantic similarity of the brief to the profile"),
    Signal("lexical", 0.10, "BM25 keyword match over profile and content, scaled to the best"),
    Signal("audience_fit", 0.16,
           "share of the audience in the brief's target countries/ages/gender"),
    Signal("engagement", 0.12,
           "engagement rate relative to the median of the creator's follower tier"),
    Signal("performance", 0.06, "average views relative to followers"),
    Signal("cost_efficiency", 0.06,
           "how well the estimated post price fits the budget per wanted creator"),
    Signal("brand_safety", 0.04, "1 without brand-safety flags, lower with each flag"),
    Signal("recency", 0.04, "how recently the creator posted (90-day decay)"),
    Signal("category_experience", 0.0,
           "1 if the creator worked with a brand of the brief's brand_category (else its "
           "categories) in the last two years, else 0; off by default (docs/evaluation.md)"),
    Signal("credibility", 0.0,
           "how organic the stats look (ranker.credibility); off by default, see "
           "docs/evaluation.md"),
    Signal("growth", 0.0,
           "follower and view growth over 90 days from history; off by default, see "
           "docs/evaluation.md"),
    # Off by default (weight 0): a brief's or config's weight turns it on. Applies only
    # where outcomes are known (the API caller's tenant feedback, an outcomes file).
    Signal("past_performance", 0.0,
           "the tenant's recorded outcomes with the creator: conversion rate per click, "
           "shrunk towards the tenant's own (0.5 = no evidence)"),
)
SIGNAL_NAMES: tuple[str, ...] = tuple(s.name for s in SIGNALS)
DEFAULT_WEIGHTS: dict[str, float] = {s.name: s.weight for s in SIGNALS}

OBJECTIVE_MULTIPLIERS: dict[str, dict[str, float]] = {
    "awareness": {"performance": 1.5, "audience_fit": 1.2},
    "consideration": {"content_similarity": 1.2},
    "engagement": {"engagement": 1.6},
    "conversions": {"engagement": 1.3, "content_similarity": 1.2, "cost_efficiency": 1.3},
}

#: Engagement up to this multiple of the tier median earns more; above it the signal falls
#: off, because rates far above the tier's norm are typical of bought likes and comments.
#: Chosen on the evaluation benchmark's train split (docs/evaluation.md).
ENGAGEMENT_PLAUSIBLE_RATIO = 2.0
#: A creator whose average views equal this share of followers scores 0.5 on performance.
PERFORMANCE_MIDPOINT = 0.3
#: Similarity below LOW maps to 0, above HIGH to 1 (MiniLM cosine, unrelated texts ~0.1).
SIMILARITY_LOW, SIMILARITY_HIGH = 0.10, 0.60
RECENCY_DAYS = 90.0
#: Collaborations at most this old count as category experience (undated ones count).
EXPERIENCE_DAYS = 730
#: Growth over 90 days that maps to 1 (and its negative to 0); no growth scores 0.5.
GROWTH_SCALE = 0.3
#: Value for a signal whose input the creator lacks (never better than average).
UNKNOWN = 0.25
#: Most of the (normalised) score ``past_performance`` may carry, however it is weighted:
#: outcomes move a creator by at most half of this from the neutral 0.5.
PAST_PERFORMANCE_MAX_WEIGHT = 0.25


def similarity_signal(cosine: np.ndarray) -> np.ndarray:
    return np.clip((cosine - SIMILARITY_LOW) / (SIMILARITY_HIGH - SIMILARITY_LOW), 0.0, 1.0)


def resolve_weights(brief: Brief, applicable: set[str],
                    base: dict[str, float] | None = None) -> dict[str, float]:
    """Default weights, then config ``base``, then the objective, then the brief; normalised."""
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(base or {})
    for name, factor in OBJECTIVE_MULTIPLIERS.get(brief.objective, {}).items():
        weights[name] *= factor
    weights.update(brief.weights)
    used = {n: w for n, w in weights.items() if n in applicable and w > 0}
    total = sum(used.values())
    if total <= 0:
        used, total = {"content_similarity": 1.0}, 1.0
    out = {n: used[n] / total for n in SIGNAL_NAMES if n in used}
    return _cap_past_performance(out)


def _cap_past_performance(weights: dict[str, float]) -> dict[str, float]:
    """Hold ``past_performance`` to :data:`PAST_PERFORMANCE_MAX_WEIGHT`, the rest scaled up."""
    share = weights.get("past_performance", 0.0)
    rest = 1.0 - share
    if share <= PAST_PERFORMANCE_MAX_WEIGHT or rest <= 1e-12:
        return weights  # within the cap, or the only signal (an outcomes-only baseline)
    cap = PAST_PERFORMANCE_MAX_WEIGHT
    return {n: (cap if n == "past_performance" else w * (1.0 - cap) / rest)
            for n, w in weights.items()}


def applicable_signals(brief: Brief, *, outcomes: bool = False) -> set[str]:
    """Signals that can score for ``brief``; ``past_performance`` only with ``outcomes``
    (a source of past collaboration outcomes) at hand."""
    names = set(SIGNAL_NAMES)
    if not outcomes:
        names.discard("past_performance")
    if brief.budget is None:
        names.discard("cost_efficiency")
    audience = brief.audience
    has_target = bool(brief.countries) or (
        audience is not None and (audience.age or audience.countries or audience.gender != "any")
    )
    if not has_target:
        names.discard("audience_fit")
    if brief.brand_safety == "off":
        names.discard("brand_safety")
    if not brief.experience_categories():
        names.discard("category_experience")
    return names


def audience_fit(brief: Brief, audiences: Sequence[dict[str, dict[str, float]] | None]
                 ) -> np.ndarray:
    """Mean over targeted dimensions of the audience share inside the target."""
    target = brief.audience
    countries = (target.countries if target and target.countries else brief.countries)
    ages = target.age if target else []
    gender = target.gender if target else "any"
    share_sum = getattr(audiences, "share_sum", None)
    if share_sum is not None:
        # Columns from the embedded store: the same sums, in the same order, vectorised.
        sums = []
        if countries:
            sums.append(share_sum("countries", countries))
        if ages:
            sums.append(share_sum("age", ages))
        if gender != "any":
            sums.append(share_sum("gender", [gender]))
        if not sums:
            return np.full(len(audiences), UNKNOWN)
        total = sums[0]
        for part in sums[1:]:
            total = total + part
        present = audiences.present  # type: ignore[attr-defined]
        return np.where(present, np.minimum(1.0, total / len(sums)), UNKNOWN)
    out = np.full(len(audiences), UNKNOWN)
    for i, aud in enumerate(audiences):
        if not aud:
            continue
        parts: list[float] = []
        if countries:
            parts.append(sum(aud.get("countries", {}).get(c, 0.0) for c in countries))
        if ages:
            parts.append(sum(aud.get("age", {}).get(a, 0.0) for a in ages))
        if gender != "any":
            parts.append(aud.get("gender", {}).get(gender, 0.0))
        if parts:
            out[i] = min(1.0, sum(parts) / len(parts))
    return out


#: The tier median of each tier value rows hold (no tier: the micro tier's), one C-level
#: lookup per row (a Python loop over ~1,000 candidates cost ~0.15 ms a brief).
_MEDIAN_OF_TIER: dict[str | None, float] = {
    **TIER_MEDIAN_ENGAGEMENT, None: TIER_MEDIAN_ENGAGEMENT.get("micro", 0.05),
    "": TIER_MEDIAN_ENGAGEMENT.get("micro", 0.05)}


def engagement_signal(rows: FeatureRows) -> np.ndarray:
    """``x / (1 + x)`` of ``x = rate / tier median`` up to the ceiling ``c`` =
    :data:`ENGAGEMENT_PLAUSIBLE_RATIO`; beyond it ``c / (1 + c) * (c / x)^2``, falling,
    because such rates are rarely organic."""
    medians = np.fromiter(map(_MEDIAN_OF_TIER.get, rows.tier, repeat(0.05)), dtype=np.float64,
                          count=len(rows.tier))
    ratio = rows.engagement_rate / medians
    cap = ENGAGEMENT_PLAUSIBLE_RATIO
    above = cap / (1.0 + cap) * (cap / np.maximum(ratio, cap)) ** 2
    value = np.where(ratio <= cap, ratio / (1.0 + ratio), above)
    return np.where(np.isnan(ratio), UNKNOWN, value)


def performance_signal(rows: FeatureRows) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = rows.avg_views / rows.followers
    ratio = np.where(np.isfinite(ratio), ratio, np.nan)
    return np.where(np.isnan(ratio), UNKNOWN, ratio / (ratio + PERFORMANCE_MIDPOINT))


def cost_signal(brief: Brief, rows: FeatureRows) -> np.ndarray:
    if brief.budget is None:
        return np.full(len(rows.ids), UNKNOWN)
    per_creator = brief.budget.in_eur() / brief.creators_wanted
    affordability = np.minimum(1.0, per_creator / rows.estimated_cost_eur)
    return np.where(np.isnan(affordability), UNKNOWN, affordability)


def brand_safety_signal(rows: FeatureRows) -> np.ndarray:
    return np.where(rows.flag_count > 0, np.where(rows.flag_count > 1, 0.1, 0.4), 1.0)


def recency_signal(rows: FeatureRows, now_ts: float) -> np.ndarray:
    days = np.maximum(0.0, (now_ts - rows.last_posted_ts) / 86_400.0)
    return np.where(np.isnan(days), UNKNOWN * 0.8, np.exp(-days / RECENCY_DAYS))


def credibility_signal(rows: FeatureRows) -> np.ndarray:
    """The credibility score itself; :data:`UNKNOWN` when nothing could be checked."""
    return np.where(np.isnan(rows.credibility), UNKNOWN, rows.credibility)


def growth_signal(rows: FeatureRows) -> np.ndarray:
    """Mean of follower and view growth over 90 days, each ``0.5 + g / (2 x GROWTH_SCALE)``
    clipped to [0, 1], over the ones known; :data:`UNKNOWN` without history."""
    parts = np.stack([rows.follower_growth_90d, rows.view_growth_90d])
    mapped = np.clip(0.5 + parts / (2.0 * GROWTH_SCALE), 0.0, 1.0)
    known = ~np.isnan(parts)
    count = known.sum(axis=0)
    total = np.where(known, mapped, 0.0).sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), UNKNOWN)


def tier_median(tier: str | None) -> float:
    return _MEDIAN_OF_TIER.get(tier, 0.05)


def finite(value: float) -> bool:
    return not (value is None or math.isnan(value))
