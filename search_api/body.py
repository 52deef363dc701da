"""Reading JSON bodies with errors that name the problem."""

from __future__ import annotations

from typing import Any

from flask import request

from scout.errors import InvalidInput


def json_body() -> Any:
    if not request.data:
        raise InvalidInput("request body is empty; send a JSON object", field="body")
    if not request.is_json:
        raise InvalidInput("send the body as JSON (Content-Type: application/json)",
                           field="body")
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("request body is not valid JSON", field="body")
    return data
