"""Graded judgments (0-3) from the generator's hidden truth, never from Scout's signals.

A judge here sees what a careful human with perfect knowledge would: the
creator's real niche (:class:`indexer.sample_data.Latent`), true content
quality, bought audiences, real price, real brand-safety problems, and the
audience a creator of that niche and country really has (derived from the
generator's model: niche age and gender skew, home country and neighbours),
not the shares the ranker reads. Hard constraints are read from the record
with :func:`eval.constraints.violations`.

Grade = topic - penalties, floored at 0:

* topic: 3 the creator's niche is the brief's; 2 its secondary niche is; 1 its
  niche is one the brief names as related (neighbouring niches); else 0.
* a broken hard constraint, or a real brand-safety problem under
  ``brand_safety: strict``: grade 0.
* bought followers, views or engagement: -2. True quality below
  :data:`LOW_QUALITY`: -1. Gone stale (no posts for months): -1.
* audience: when the brief targets an audience, a targeted dimension
  (countries, ages, gender) holding less than :data:`LOW_AUDIENCE_FIT` of the
  creator's true audience: -1.
* price: with a budget, a true price above 1.5x the budget per wanted creator:
  -1; above 4x: -2.
* a real brand-safety problem (standard safety): at most 1.

Reach is never rewarded: a brand asking for fit is served by fit, and the
budget caps what a creator may cost. So a celebrity is only as relevant as a
micro creator of the same fit, and often less (price).
"""

from __future__ import annotations

from dataclasses import dataclass

from eval.constraints import violations
from indexer.sample_data import AGE_PROFILES, COUNTRIES, NICHES, REFERENCE_DATE, Latent
from schemas import AGE_BUCKETS, Brief, Creator

MAX_GRADE = 3
LOW_QUALITY = 0.35
LOW_AUDIENCE_FIT = 0.25
#: Expected audience share in the creator's home country, and in each neighbour
#: (the generator draws home 35-88% and splits the rest over neighbours).
HOME_SHARE = 0.6
NEIGHBOUR_SHARE = 0.12


@dataclass(frozen=True)
class Judged:
    """One creator's grade for one brief, with why (for reports and tests)."""

    grade: int
    topic: int
    reasons: tuple[str, ...]


def topic_grade(niche: str, related: tuple[str, ...], latent: Latent) -> int:
    """3 same niche, 2 secondary niche matches, 1 niche is a related one, else 0."""
    if latent.niche == niche:
        return 3
    if latent.secondary_niche == niche:
        return 2
    if latent.niche in related:
        return 1
    return 0


def true_audience_fit(brief: Brief, creator: Creator, latent: Latent) -> float | None:
    """How well the creator's real audience meets the brief's target (None: no target).

    The weakest targeted dimension's share (countries, ages, gender), from the
    generator's model of who watches a niche in a country, not from the record's
    audience shares. The weakest, not the mean: a creator with no audience in the
    target countries does not fit because the ages match.
    """
    target = brief.audience
    countries = target.countries if target and target.countries else brief.countries
    ages = target.age if target else []
    gender = target.gender if target else "any"
    niche = NICHES[latent.niche]
    parts: list[float] = []
    if countries:
        home = creator.country
        if home in countries:
            parts.append(HOME_SHARE)
        else:
            near = COUNTRIES[home].neighbours if home in COUNTRIES else ()
            parts.append(min(1.0, NEIGHBOUR_SHARE * sum(1 for c in countries if c in near)))
    if ages:
        profile = dict(zip(AGE_BUCKETS, AGE_PROFILES[niche.ages], strict=True))
        parts.append(sum(profile[a] for a in ages))
    if gender != "any":
        female = niche.female
        if latent.secondary_niche is not None:
            female = 0.7 * female + 0.3 * NICHES[latent.secondary_niche].female
        parts.append(female if gender == "female" else 1.0 - female)
    return min(parts) if parts else None


def judge(brief: Brief, niche: str, related: tuple[str, ...], creator: Creator,
          latent: Latent) -> Judged:
    """Grade ``creator`` for ``brief`` (about ``niche``, with ``related`` niches)."""
    topic = topic_grade(niche, related, latent)
    if topic == 0:
        return Judged(0, 0, ("off-topic",))
    broken = violations(brief, creator, REFERENCE_DATE.timestamp())
    if broken:
        return Judged(0, topic, tuple(f"breaks {name}" for name in broken))
    if latent.unsafe and brief.brand_safety == "strict":
        return Judged(0, topic, ("brand-safety problem under strict safety",))
    grade = topic
    reasons: list[str] = []
    if latent.inflated:
        grade -= 2
        reasons.append("bought audience or engagement")
    elif latent.quality < LOW_QUALITY:
        grade -= 1
        reasons.append("low true quality")
    if latent.stale:
        grade -= 1
        reasons.append("stale")
    fit = true_audience_fit(brief, creator, latent)
    if fit is not None and fit < LOW_AUDIENCE_FIT:
        grade -= 1
        reasons.append("audience outside the target")
    if brief.budget is not None:
        per_creator = brief.budget.in_eur() / brief.creators_wanted
        if latent.price_eur > 4.0 * per_creator:
            grade -= 2
            reasons.append("far over budget")
        elif latent.price_eur > 1.5 * per_creator:
            grade -= 1
            reasons.append("over budget")
    if latent.unsafe and grade > 1:
        grade = 1
        reasons.append("brand-safety problem")
    return Judged(max(0, grade), topic, tuple(reasons))
