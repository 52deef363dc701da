"""/v1/briefs: briefs a tenant saves, reruns and ties feedback to."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from schemas import Brief, MatchResponse
from schemas.api import BriefMatch, BriefPage, SavedBrief
from scout.errors import InvalidBrief, InvalidInput
from search_api.body import model_response
from search_api.operations import PAGE, body_as, operation, page_args
from search_api.tenant import accounts, tenant, tenant_match

bp = Blueprint("briefs", __name__, url_prefix="/v1/briefs")


@bp.post("")
@operation(summary="Save a brief", tag="briefs", scope="write", body=Brief,
           responses={201: SavedBrief}, errors=(409,),
           description="Keeps the brief's own `id` when it has one (unique per tenant), "
                       "else assigns one.")
def create_brief() -> Any:
    brief = body_as(Brief, InvalidBrief)
    saved = accounts().briefs.create(tenant(), brief)
    return jsonify(saved.model_dump(mode="json")), 201


@bp.get("")
@operation(summary="The tenant's saved briefs, newest first", tag="briefs",
           responses={200: BriefPage}, params=PAGE)
def list_briefs() -> Any:
    limit, cursor = page_args()
    items, more = accounts().briefs.page(tenant(), limit, cursor)
    return jsonify(BriefPage(results=items, next_cursor=more).model_dump(mode="json"))


@bp.get("/<brief_id>")
@operation(summary="One saved brief", tag="briefs", responses={200: SavedBrief})
def get_brief(brief_id: str) -> Any:
    return jsonify(accounts().briefs.get(tenant(), brief_id).model_dump(mode="json"))


@bp.delete("/<brief_id>")
@operation(summary="Delete a saved brief", tag="briefs", scope="write", responses={204: None})
def delete_brief(brief_id: str) -> Any:
    accounts().briefs.delete(tenant(), brief_id)
    return "", 204


@bp.post("/<brief_id>/match")
@operation(summary="Rank creators for a saved brief", tag="briefs", body=BriefMatch,
           body_required=False, responses={200: MatchResponse},
           description="The body (page size, cursor) is optional.")
def match_brief(brief_id: str) -> Any:
    saved = accounts().briefs.get(tenant(), brief_id)
    paging = body_as(BriefMatch, InvalidInput) if request.data else BriefMatch()
    brief = saved.brief.model_copy(update={"limit": paging.limit, "cursor": paging.cursor})
    return model_response(tenant_match(brief))

