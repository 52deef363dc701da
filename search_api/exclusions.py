"""/v1/exclusions: the tenant's blocklist; listed creators never appear in its results."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, jsonify, request

from schemas.api import Exclusion, ExclusionPage, ExclusionPut
from schemas.creator import ID_PATTERN
from scout.errors import InvalidInput
from search_api.operations import PAGE, body_as, operation, page_args
from search_api.tenant import accounts, tenant

bp = Blueprint("exclusions", __name__, url_prefix="/v1/exclusions")


@bp.get("")
@operation(summary="The tenant's excluded creators, newest first", tag="exclusions",
           responses={200: ExclusionPage}, params=PAGE)
def list_exclusions() -> Any:
    limit, cursor = page_args()
    items, more = accounts().exclusions.page(tenant(), limit, cursor)
    return jsonify(ExclusionPage(results=items, next_cursor=more).model_dump(mode="json"))


@bp.get("/<creator_id>")
@operation(summary="One exclusion", tag="exclusions", responses={200: Exclusion})
def get_exclusion(creator_id: str) -> Any:
    return jsonify(accounts().exclusions.get(tenant(), creator_id).model_dump(mode="json"))


@bp.put("/<creator_id>")
@operation(summary="Exclude a creator from the tenant's results", tag="exclusions",
           scope="write", body=ExclusionPut, body_required=False,
           responses={200: Exclusion, 201: Exclusion},
           description="The creator need not be indexed yet: a blocklist may run ahead of "
                       "the catalog. The body is optional.")
def put_exclusion(creator_id: str) -> Any:
    if not re.match(ID_PATTERN, creator_id):
        raise InvalidInput(f"{creator_id!r} is not a creator id", field="creator_id")
    body = body_as(ExclusionPut, InvalidInput) if request.data else ExclusionPut()
    item, created = accounts().exclusions.put(tenant(), creator_id, body.reason)
    return jsonify(item.model_dump(mode="json")), 201 if created else 200


@bp.delete("/<creator_id>")
@operation(summary="Stop excluding a creator", tag="exclusions", scope="write",
           responses={204: None})
def delete_exclusion(creator_id: str) -> Any:
    accounts().exclusions.delete(tenant(), creator_id)
    return "", 204
