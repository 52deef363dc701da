"""Simulated outcomes of past collaborations, from the generator's hidden truth.

The benchmark's ``outcomes.jsonl`` plays one tenant (an agency) that has
already run campaigns with some of the creators. Each line is a feedback record
in the shape ``POST /v1/feedback`` takes (views, clicks, conversions, spend,
currency, rating, date), so :func:`ranker.outcomes.load_outcomes` reads it like
a tenant's export, and ``past_performance`` scores it the way the API does.

What a campaign returned follows the latent truth, never the record's numbers
alone:

* a campaign is run for a creator's listed brand collaborations (each with
  probability :data:`RUN_SHARE`) and, rarely, for one with none;
* delivered views ~ the record's average views with noise; an inflated audience
  delivers only 15-50% of them (bought views do not watch ads);
* clicks per view and conversions per click grow with true quality; an inflated
  audience clicks at a third and converts at a quarter of the rate;
* spend is the creator's true price per post, with noise;
* the brand's 1-5 rating follows quality, one point lower for inflated audiences.

Draws come from a ``random.Random`` per creator seeded from the benchmark seed
and the creator id, a stream separate from the generator's: creators, briefs and
qrels (and so the embedding cache) are unchanged by adding outcomes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from datetime import timedelta

from indexer.sample_data import REFERENCE_DATE, Latent
from schemas import Creator
from schemas.api import FeedbackCreate

#: Share of a creator's listed brand collaborations the benchmark's tenant ran itself.
RUN_SHARE = 0.6
#: Chance the tenant ran one campaign with a creator who lists no collaboration.
NEW_CREATOR_SHARE = 0.05
OUTCOMES_FILE = "outcomes.jsonl"


def simulate_outcomes(creators: Iterable[Creator], latent: Mapping[str, Latent], seed: int
                      ) -> list[FeedbackCreate]:
    """Feedback records for the creators the benchmark's tenant worked with, in id order."""
    out: list[FeedbackCreate] = []
    for creator in sorted(creators, key=lambda c: c.id):
        truth = latent[creator.id]
        rng = random.Random(f"scout-outcomes:{seed}:{creator.id}")
        runs = sum(1 for _ in creator.brand_collaborations if rng.random() < RUN_SHARE)
        if not creator.brand_collaborations and rng.random() < NEW_CREATOR_SHARE:
            runs = 1
        for n in range(runs):
            out.append(_campaign(creator, truth, rng, n))
    return out


def _campaign(creator: Creator, truth: Latent, rng: random.Random, n: int) -> FeedbackCreate:
    q = truth.quality
    base_views = float(creator.avg_views or max(creator.followers or 1_000, 1_000) * 0.2)
    views = base_views * math.exp(rng.gauss(0.0, 0.35))
    click_rate = rng.uniform(0.004, 0.015) * (0.4 + 1.2 * q)
    conversion = rng.uniform(0.01, 0.04) * (0.3 + 1.4 * q)
    rating = 1.0 + 4.0 * q + rng.gauss(0.0, 0.6)
    if truth.inflated:
        views *= rng.uniform(0.15, 0.5)
        click_rate /= 3.0
        conversion /= 4.0
        rating -= 1.0
    views_i = max(1, round(views))
    clicks = _binomial(rng, views_i, click_rate)
    conversions = _binomial(rng, clicks, conversion)
    spend = round(truth.price_eur * math.exp(rng.gauss(0.0, 0.15)), 2)
    day = (REFERENCE_DATE - timedelta(days=rng.randint(15, 720))).date()
    return FeedbackCreate(
        creator_id=creator.id, views=views_i, clicks=clicks, conversions=conversions,
        spend=spend, currency="EUR", rating=min(5, max(1, round(rating))), occurred_on=day,
        notes=f"simulated campaign {n + 1}")


def _binomial(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw: exact for small ``n``, normal approximation above."""
    if n <= 0 or p <= 0:
        return 0
    if n < 200:
        return sum(1 for _ in range(n) if rng.random() < p)
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    return int(min(n, max(0, round(rng.gauss(mean, sd)))))
