"""/v1/creators: profiles, lookalikes, audience overlap, and catalog writes (catalog tenant
only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from schemas import SimilarResponse
from schemas.api import CreatorBatch, CreatorProfile, IngestReport
from schemas.sets import OverlapResponse
from scout.errors import InvalidQuery, InvalidRecord, NotFound
from search_api.app import get_engine
from search_api.operations import LIMIT, Param, body_as, operation, page_args
from search_api.tenant import accounts, holdback, tenant

bp = Blueprint("creators", __name__, url_prefix="/v1/creators")


_ID = r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}"
OVERLAP_IDS = Param(
    "ids", {"type": "string", "minLength": 3, "maxLength": 6_500, "pattern": rf"^{_ID}(,{_ID})+$"},
    "2 to 50 creator ids, comma-separated (ids=a,b,c); repeating ids=... works too",
    required=True)


@bp.get("/overlap")
@operation(summary="Pairwise audience overlap of creators, explained", tag="creators",
           responses={200: OverlapResponse}, params=(OVERLAP_IDS,), errors=(404,),
           description="From shared commenter/follower samples where both creators have one "
                       "(`basis: sample`), else from how alike their audience shares are "
                       "(`basis: demographics`). `matrix[i][j]` is the overlap of `ids[i]` "
                       "and `ids[j]`; `pairs` explains every pair, most overlapping first.")
def overlap() -> Any:
    raw = request.args.getlist("ids")
    if not raw:
        raise InvalidQuery("name the creators to compare: ids=a,b,c", field="ids")
    ids = [part for value in raw for part in value.split(",")]
    return jsonify(get_engine().overlap(ids).model_dump(mode="json"))


@bp.get("/<creator_id>")
@operation(summary="A creator's profile, stats and the caller's recorded performance",
           tag="creators", responses={200: CreatorProfile})
def get_creator(creator_id: str) -> Any:
    creator, summary = get_engine().get_creator(creator_id)
    me = tenant()
    performance = accounts().feedback.performance(me, creator_id)
    excluded = creator_id in accounts().exclusions.ids(me)
    return jsonify({"creator": creator.model_dump(mode="json", exclude_none=True),
                    "summary": summary.model_dump(mode="json"),
                    "performance": performance.model_dump(mode="json") if performance else None,
                    "excluded": excluded})


@bp.get("/<creator_id>/similar")
@operation(summary="Lookalike creators", tag="creators", responses={200: SimilarResponse},
           params=(LIMIT,))
def similar(creator_id: str) -> Any:
    limit, _ = page_args()
    response = get_engine().similar(creator_id, limit, exclude=holdback().ids)
    return jsonify(response.model_dump(mode="json"))


@bp.post("")
@operation(summary="Add or replace creator records (catalog tenant, write scope)",
           tag="creators", scope="write", catalog=True, body=CreatorBatch,
           responses={200: IngestReport},
           description="Up to 500 records a request, validated whole: one bad record "
                       "rejects the batch with its field named, and nothing is written.")
def upsert() -> Any:
    batch = body_as(CreatorBatch, InvalidRecord)
    report = get_engine().upsert(batch.creators)
    return jsonify(IngestReport(indexed=report.indexed,
                                content_items=report.content_items).model_dump(mode="json"))


@bp.delete("/<creator_id>")
@operation(summary="Delete a creator from every store (catalog tenant, write scope)",
           tag="creators", scope="write", catalog=True, responses={204: None})
def delete(creator_id: str) -> Any:
    if not get_engine().delete([creator_id]):
        raise NotFound(f"no creator with id {creator_id!r}", field="creator_id")
    return "", 204
