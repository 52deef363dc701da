"""Opaque pagination cursors bound to the query they page through."""

from __future__ import annotations

import base64
import hashlib
import json

from pydantic import BaseModel

from scout.errors import InvalidInput


def fingerprint(query: BaseModel) -> str:
    """Hash of the query without its paging fields."""
    body = query.model_dump(mode="json", exclude={"cursor", "limit"})
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def encode_cursor(query: BaseModel, offset: int) -> str:
    raw = json.dumps({"o": offset, "q": fingerprint(query)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(query: BaseModel, cursor: str | None) -> int:
    """The offset a cursor points at; 0 without one."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset = int(data["o"])
        same = data["q"] == fingerprint(query)
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("cursor is not one Scout issued", field="cursor") from None
    if not same:
        raise InvalidInput("cursor belongs to a different query", field="cursor")
    if offset < 0:
        raise InvalidInput("cursor is not one Scout issued", field="cursor")
    return offset
