"""Reading JSON bodies with errors that name the problem."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from pydantic import BaseModel

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


def model_response(model: BaseModel) -> Response:
    """``model`` as a JSON response, serialised by pydantic in one pass (the hot
    endpoints' results: several times faster than ``jsonify(model.model_dump())``,
    which builds a dict of Python objects and then walks it again in ``json``)."""
    return current_app.response_class(model.model_dump_json(), mimetype="application/json")
