"""/v1/eligibility: per-country minimums a tenant switches on for all its results."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from schemas.api import EligibilitySettings, EligibilityView
from scout.errors import InvalidInput
from search_api.operations import body_as, operation
from search_api.tenant import accounts, tenant

bp = Blueprint("eligibility", __name__, url_prefix="/v1/eligibility")


@bp.get("")
@operation(summary="The tenant's eligibility rules", tag="eligibility",
           responses={200: EligibilityView})
def get_rules() -> Any:
    return jsonify(accounts().eligibility.get(tenant()).model_dump(mode="json"))


@bp.put("")
@operation(summary="Replace the tenant's eligibility rules (admin scope)", tag="eligibility",
           scope="admin", body=EligibilitySettings, responses={200: EligibilityView},
           description="Each rule applies to creators of its `country` (`*`: all). A creator "
                       "failing any minimum leaves match, search and lookalike results; "
                       "responses count them under `excluded.by_rule` as "
                       "`eligibility:<country>:<minimum>`. A missing value fails a minimum "
                       "(eligibility must be shown); no recorded strikes means none.")
def put_rules() -> Any:
    body = body_as(EligibilitySettings, InvalidInput)
    return jsonify(accounts().eligibility.put(tenant(), body).model_dump(mode="json"))
