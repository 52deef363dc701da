"""/v1/me and /v1/keys: who a key is, and key management within one's own tenant."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from schemas.api import KeyCreate, KeyCreated, KeyList, Me
from scout.errors import InvalidInput
from search_api.auth import principal
from search_api.operations import body_as, operation
from search_api.tenant import accounts, tenant

bp = Blueprint("keys", __name__, url_prefix="/v1")


@bp.get("/me")
@operation(summary="The calling key: tenant, id, scope, rate limit", tag="keys",
           responses={200: Me},
           description="A cheap way for a page to check a key it was given.")
def me() -> Any:
    who = principal()
    rate = who.rate_limit or str(current_app.extensions["scout_rate"] or "off")
    return jsonify(Me(tenant=who.tenant, key_id=who.key_id, scope=who.scope,
                      rate_limit=rate).model_dump(mode="json"))


@bp.get("/keys")
@operation(summary="The tenant's live keys (never the secrets)", tag="keys", scope="admin",
           responses={200: KeyList})
def list_keys() -> Any:
    return jsonify(KeyList(results=accounts().keys.list(tenant())).model_dump(mode="json"))


@bp.post("/keys")
@operation(summary="Create a key for the caller's tenant", tag="keys", scope="admin",
           body=KeyCreate, responses={201: KeyCreated},
           description="The response holds the key itself, once; Scout keeps only its hash.")
def create_key() -> Any:
    body = body_as(KeyCreate, InvalidInput)
    key, info = accounts().keys.create(tenant(), body.scope, body.name, body.rate_limit)
    return jsonify(KeyCreated(key=key, **info.model_dump()).model_dump(mode="json")), 201


@bp.delete("/keys/<key_id>")
@operation(summary="Revoke one of the tenant's keys", tag="keys", scope="admin",
           responses={204: None})
def revoke_key(key_id: str) -> Any:
    accounts().keys.revoke(key_id, tenant())
    return "", 204
