"""Opaque pagination cursors bound to their query."""

from __future__ import annotations

import base64
import json

import pytest

from ranker.cursor import decode_cursor, encode_cursor, fingerprint
from schemas import Brief, SearchQuery
from scout.errors import InvalidInput


def brief(**fields: object) -> Brief:
    return Brief.model_validate({"text": "vegan snacks", "countries": ["DE"], **fields})


def test_round_trip() -> None:
    query = brief()
    for offset in (0, 1, 20, 12_345):
        assert decode_cursor(query, encode_cursor(query, offset)) == offset
    assert decode_cursor(query, None) == 0 and decode_cursor(query, "") == 0


def test_cursor_is_url_safe() -> None:
    cursor = encode_cursor(brief(), 40)
    assert "=" not in cursor and "+" not in cursor and "/" not in cursor


def test_page_size_and_cursor_do_not_change_the_query() -> None:
    first = brief(limit=5)
    cursor = encode_cursor(first, 5)
    assert decode_cursor(brief(limit=50, cursor=cursor), cursor) == 5
    assert fingerprint(first) == fingerprint(brief(limit=50, cursor=cursor))


@pytest.mark.parametrize("cursor", [
    "not-a-cursor!!", "e30", base64.urlsafe_b64encode(b"[1]").decode(),
    base64.urlsafe_b64encode(json.dumps({"o": "x", "q": "y"}).encode()).decode(),
])
def test_garbage_cursor_names_cursor(cursor: str) -> None:
    with pytest.raises(InvalidInput) as info:
        decode_cursor(brief(), cursor)
    assert info.value.field == "cursor" and info.value.status == 400


def test_tampered_offset_is_rejected() -> None:
    query = brief()
    raw = json.loads(base64.urlsafe_b64decode(encode_cursor(query, 20) + "=="))
    raw["o"] = -5
    tampered = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()
    with pytest.raises(InvalidInput) as info:
        decode_cursor(query, tampered)
    assert info.value.field == "cursor"
    raw["q"] = "0" * 16
    raw["o"] = 20
    forged = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()
    with pytest.raises(InvalidInput, match="different query"):
        decode_cursor(query, forged)


def test_cursor_from_another_query_is_rejected() -> None:
    cursor = encode_cursor(brief(), 20)
    others = (brief(countries=["AT"]), brief(text="gaming chairs"), brief(objective="engagement"))
    for other in others:
        with pytest.raises(InvalidInput, match="different query") as info:
            decode_cursor(other, cursor)
        assert info.value.field == "cursor"
    with pytest.raises(InvalidInput):
        decode_cursor(SearchQuery(q="vegan snacks"), cursor)
