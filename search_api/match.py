"""POST /v1/match: a brief in, ranked and explained creators out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from schemas import Brief, MatchResponse
from scout.errors import InvalidBrief
from search_api.body import model_response
from search_api.operations import body_as, operation
from search_api.tenant import tenant_match

bp = Blueprint("match", __name__, url_prefix="/v1")


@bp.post("/match")
@operation(summary="Rank creators for a campaign brief", tag="match", body=Brief,
           responses={200: MatchResponse},
           description="Hard filters first, then a blend of named signals; every result's "
                       "breakdown adds up to its score. The tenant's exclusions and eligibility "
                       "rules, and the brief's `competitors` (exclude mode), hold creators "
                       "back, counted under `excluded`; `min_confidence` and "
                       "`max_data_age_days` keep creators whose data can be trusted (each "
                       "result's `creator.confidence`). Page with "
                       "`cursor` = the previous `next_cursor` and the same brief.")
def match() -> Any:
    brief = body_as(Brief, InvalidBrief)
    return model_response(tenant_match(brief))
