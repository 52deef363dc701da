"""/v1/shortlists: a tenant's saved creators with notes and tags, exportable as CSV or JSON."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request

from schemas.api import (
    Shortlist,
    ShortlistCreate,
    ShortlistDetail,
    ShortlistExport,
    ShortlistItem,
    ShortlistItemPut,
    ShortlistPage,
    ShortlistUpdate,
)
from scout.errors import InvalidInput
from search_api.operations import PAGE, Param, body_as, operation, page_args
from search_api.tenant import accounts, require_creator, summaries, tenant

bp = Blueprint("shortlists", __name__, url_prefix="/v1/shortlists")
CSV_COLUMNS = ("creator_id", "handle", "platform", "country", "followers", "avg_views",
               "engagement_rate", "tier", "estimated_cost_eur", "tags", "note", "added_at")


def _with_creators(items: list[ShortlistItem]) -> list[ShortlistItem]:
    found = summaries([i.creator_id for i in items])
    return [i.model_copy(update={"creator": found.get(i.creator_id)}) for i in items]


def _detail(sid: str) -> ShortlistDetail:
    me = tenant()
    head = accounts().shortlists.get(me, sid)
    items = _with_creators(accounts().shortlists.items(me, sid))
    return ShortlistDetail(**head.model_dump(), items=items)


@bp.get("")
@operation(summary="The tenant's shortlists, newest first", tag="shortlists",
           responses={200: ShortlistPage}, params=PAGE)
def list_shortlists() -> Any:
    limit, cursor = page_args()
    items, more = accounts().shortlists.page(tenant(), limit, cursor)
    return jsonify(ShortlistPage(results=items, next_cursor=more).model_dump(mode="json"))


@bp.post("")
@operation(summary="Create a shortlist", tag="shortlists", scope="write", body=ShortlistCreate,
           responses={201: Shortlist}, errors=(409,))
def create_shortlist() -> Any:
    body = body_as(ShortlistCreate, InvalidInput)
    made = accounts().shortlists.create(tenant(), body.name, body.description)
    return jsonify(made.model_dump(mode="json")), 201


@bp.get("/<shortlist_id>")
@operation(summary="A shortlist with its creators", tag="shortlists",
           responses={200: ShortlistDetail})
def get_shortlist(shortlist_id: str) -> Any:
    return jsonify(_detail(shortlist_id).model_dump(mode="json"))


@bp.patch("/<shortlist_id>")
@operation(summary="Rename or re-describe a shortlist", tag="shortlists", scope="write",
           body=ShortlistUpdate, responses={200: Shortlist}, errors=(409,))
def update_shortlist(shortlist_id: str) -> Any:
    accounts().shortlists.get(tenant(), shortlist_id)  # 404 for another tenant's list, first
    body = body_as(ShortlistUpdate, InvalidInput)
    updated = accounts().shortlists.update(tenant(), shortlist_id, body.name, body.description)
    return jsonify(updated.model_dump(mode="json"))


@bp.delete("/<shortlist_id>")
@operation(summary="Delete a shortlist and its entries", tag="shortlists", scope="write",
           responses={204: None})
def delete_shortlist(shortlist_id: str) -> Any:
    accounts().shortlists.delete(tenant(), shortlist_id)
    return "", 204


@bp.put("/<shortlist_id>/items/<creator_id>")
@operation(summary="Add a creator (or replace its note and tags)", tag="shortlists",
           scope="write", body=ShortlistItemPut, body_required=False,
           responses={200: ShortlistItem, 201: ShortlistItem},
           description="201 when the creator was added, 200 when its entry was replaced. "
                       "The body is optional.")
def put_item(shortlist_id: str, creator_id: str) -> Any:
    me = tenant()
    accounts().shortlists.get(me, shortlist_id)  # 404 for another tenant's list, first
    body = body_as(ShortlistItemPut, InvalidInput) if request.data else ShortlistItemPut()
    require_creator(creator_id)
    item, created = accounts().shortlists.put_item(me, shortlist_id, creator_id, body.note,
                                                   body.tags)
    shown = _with_creators([item])[0]
    return jsonify(shown.model_dump(mode="json")), 201 if created else 200


@bp.delete("/<shortlist_id>/items/<creator_id>")
@operation(summary="Take a creator off a shortlist", tag="shortlists", scope="write",
           responses={204: None})
def delete_item(shortlist_id: str, creator_id: str) -> Any:
    accounts().shortlists.delete_item(tenant(), shortlist_id, creator_id)
    return "", 204


@bp.get("/<shortlist_id>/export")
@operation(summary="Export a shortlist as CSV or JSON", tag="shortlists",
           responses={200: ShortlistExport},
           alternatives={"text/csv": {"type": "string"}},
           params=(Param("format", {"type": "string", "enum": ["csv", "json"], "default": "csv"},
                         "csv (default) or json"),))
def export(shortlist_id: str) -> Any:
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "json"):
        raise InvalidInput("format must be csv or json", field="format")
    detail = _detail(shortlist_id)
    head = Shortlist(**detail.model_dump(exclude={"items"}))
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-"
                   for ch in detail.name)[:60] or "shortlist"
    if fmt == "json":
        body = ShortlistExport(shortlist=head, items=detail.items,
                               exported_at=datetime.now(UTC))
        response = jsonify(body.model_dump(mode="json"))
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}.json"'
        return response
    return Response(to_csv(detail.items), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})


def to_csv(items: list[ShortlistItem]) -> str:
    """One row per creator; cells that a spreadsheet would run as a formula are defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        c = item.creator
        row = [item.creator_id, c.handle if c else "", c.platform if c else "",
               c.country if c else "", c.followers if c else "", c.avg_views if c else "",
               c.engagement_rate if c else "", c.tier if c else "",
               c.estimated_cost_eur if c else "", ";".join(item.tags), item.note,
               item.added_at.isoformat()]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
