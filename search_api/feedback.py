"""/v1/feedback: outcomes of collaborations, per tenant; summed per creator on its profile."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from schemas.api import Feedback, FeedbackCreate, FeedbackPage
from scout.errors import InvalidInput
from search_api.operations import ID_SCHEMA, PAGE, Param, body_as, operation, page_args
from search_api.tenant import accounts, require_creator, tenant

bp = Blueprint("feedback", __name__, url_prefix="/v1/feedback")


@bp.post("")
@operation(summary="Record the outcome of a collaboration", tag="feedback", scope="write",
           body=FeedbackCreate, responses={201: Feedback}, errors=(404,),
           description="Views, clicks, conversions, spend and a 1-5 rating for one creator "
                       "(and optionally the brief it was for). Summed per creator in "
                       "`GET /v1/creators/{id}` as `performance`, for this tenant only.")
def create_feedback() -> Any:
    body = body_as(FeedbackCreate, InvalidInput)
    require_creator(body.creator_id)
    made = accounts().feedback.create(tenant(), body)
    return jsonify(made.model_dump(mode="json")), 201


@bp.get("")
@operation(summary="The tenant's feedback, newest first", tag="feedback",
           responses={200: FeedbackPage},
           params=(Param("creator_id", ID_SCHEMA, "only this creator"),
                   Param("brief_id", ID_SCHEMA, "only this brief"), *PAGE))
def list_feedback() -> Any:
    limit, cursor = page_args()
    items, more = accounts().feedback.page(tenant(), limit, cursor,
                                           creator_id=request.args.get("creator_id") or None,
                                           brief_id=request.args.get("brief_id") or None)
    return jsonify(FeedbackPage(results=items, next_cursor=more).model_dump(mode="json"))


@bp.get("/<feedback_id>")
@operation(summary="One feedback record", tag="feedback", responses={200: Feedback})
def get_feedback(feedback_id: str) -> Any:
    return jsonify(accounts().feedback.get(tenant(), feedback_id).model_dump(mode="json"))


@bp.delete("/<feedback_id>")
@operation(summary="Delete a feedback record", tag="feedback", scope="write",
           responses={204: None})
def delete_feedback(feedback_id: str) -> Any:
    accounts().feedback.delete(tenant(), feedback_id)
    return "", 204
