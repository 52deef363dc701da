"""GET /v1/stats/tiers: how engaged creators of each tier (and category) typically are.

The web page's profile view sets a creator's engagement beside the median of
its tier and category. Computed from the document store through its protocol
(``filter_ids`` + ``features``), so it works on every backend; large tiers are
measured on an even sample of their ids so a request stays bounded.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from flask import Blueprint, jsonify, request

from indexer.stores.base import DocumentStore, FilterSpec
from ranker.signals import TIER_MEDIAN_ENGAGEMENT
from schemas.brief import TIER_NAMES
from schemas.stats import TierBenchmark, TierStats
from scout.errors import InvalidQuery
from search_api.app import get_engine
from search_api.operations import Param, operation

bp = Blueprint("stats", __name__, url_prefix="/v1/stats")
#: Most creators one tier's medians are computed over.
SAMPLE_MAX = 5_000


@bp.get("/tiers")
@operation(summary="Engagement benchmarks per follower tier, optionally within a category",
           tag="creators", responses={200: TierStats},
           params=(Param("category", {"type": "string", "maxLength": 100},
                         "only creators in this category"),),
           description="Median (and quartiles) of Scout's engagement rate and the median "
                       "average views per tier, next to the ranker's reference engagement "
                       "for the tier.")
def tiers() -> Any:
    category = (request.args.get("category") or "").strip().lower() or None
    if category is not None and len(category) > 100:
        raise InvalidQuery("category must be at most 100 characters", field="category")
    stats = tier_stats(get_engine().backend.docs, category)
    return jsonify(stats.model_dump(mode="json"))


def tier_stats(docs: DocumentStore, category: str | None) -> TierStats:
    out = []
    for tier in TIER_NAMES:
        spec = FilterSpec(categories=(category,) if category else (), tiers=(tier,))
        ids = docs.filter_ids(spec) or []
        sample = _even_sample(ids, SAMPLE_MAX)
        rows = docs.features(sample) if sample else None
        rates = _known(rows.engagement_rate) if rows is not None else np.array([])
        views = _known(rows.avg_views) if rows is not None else np.array([])
        out.append(TierBenchmark(
            tier=tier, creators=len(ids), measured=len(rates),
            median_engagement_rate=_quantile(rates, 0.5),
            p25_engagement_rate=_quantile(rates, 0.25),
            p75_engagement_rate=_quantile(rates, 0.75),
            median_avg_views=_quantile(views, 0.5),
            reference_engagement_rate=TIER_MEDIAN_ENGAGEMENT[tier],
        ))
    return TierStats(category=category, tiers=out)


def _even_sample(ids: list[str], most: int) -> list[str]:
    if len(ids) <= most:
        return ids
    step = len(ids) / most
    return [ids[math.floor(i * step)] for i in range(most)]


def _known(values: np.ndarray) -> np.ndarray:
    return values[np.isfinite(values)]


def _quantile(values: np.ndarray, q: float) -> float | None:
    return float(np.quantile(values, q)) if values.size else None
