"""The OpenAPI 3.1 spec, generated from the routes' declarations and the pydantic models.

Paths come from the app's URL map and each view's :class:`~search_api.operations.Operation`;
components are the models' JSON Schemas (draft 2020-12, which OpenAPI 3.1 uses
as is). ``/openapi.json`` serves it, ``/docs`` renders it with a small page
shipped in the package: no CDN, works offline. Both are public: they describe
the API, not anyone's data.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from schemas.results import ErrorResponse
from scout.errors import NotFound
from search_api.operations import ID_SCHEMA, Operation, operation, operation_of

bp = Blueprint("openapi", __name__)
STATIC = Path(__file__).parent / "static" / "docs"
_PATH_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_METHODS = ("get", "post", "put", "patch", "delete")
ERROR_TEXT = {
    400: "Malformed request: bad JSON, parameter or cursor (`field` names it)",
    401: "No API key, or an unknown or revoked one",
    403: "The key's scope (or tenant) does not allow this",
    404: "No such resource for this tenant",
    409: "Clashes with an existing resource (e.g. a name in use)",
    413: "Request body over the size limit",
    422: "Well-formed but invalid input, or a quota reached (`field` names it)",
    429: "Rate limit spent; retry after `Retry-After` seconds",
    503: "A backing store is unavailable; retry after `Retry-After` seconds",
}
DESCRIPTION = """\
Creator matching and search. Every endpoint except `/healthz`, `/openapi.json` and `/docs`
needs an API key: `Authorization: Bearer scout_<id>_<secret>` (create one with
`scout keys create --tenant T --scope read|write|admin`). Scopes are ordered
read < write < admin. Errors are always `{"error": {"code", "message", "field"}}`.
Lists page with opaque cursors: pass a response's `next_cursor` back as `cursor`.
"""


def _routes(app: Flask) -> list[tuple[str, str, str, Operation]]:
    out = []
    for rule in app.url_map.iter_rules():
        op = operation_of(app.view_functions.get(rule.endpoint))
        if op is None or op.hidden:
            continue
        path = _PATH_PARAM.sub(r"{\1}", rule.rule)
        for method in sorted(m.lower() for m in rule.methods or ()):
            if method in _METHODS:
                out.append((path, method, rule.endpoint, op))
    return sorted(out, key=lambda r: (r[0], _METHODS.index(r[1])))


def build_spec(app: Flask) -> dict[str, Any]:
    routes = _routes(app)
    wanted: list[tuple[type[BaseModel], JsonSchemaMode]] = [(ErrorResponse, "serialization")]
    for _, _, _, op in routes:
        if op.body is not None:
            wanted.append((op.body, "validation"))
        for model in op.responses.values():
            if isinstance(model, type):
                wanted.append((model, "serialization"))
    wanted = list(dict.fromkeys(wanted))
    refs, defs = models_json_schema(wanted, ref_template="#/components/schemas/{model}")

    def ref(model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        return dict(refs[(model, mode)])

    error_ref = ref(ErrorResponse, "serialization")
    paths: dict[str, dict[str, Any]] = {}
    for path, method, endpoint, op in routes:
        path_params = _PATH_PARAM.findall(re.sub(r"\{([^}]+)\}", r"<\1>", path))
        parameters = [{"name": name, "in": "path", "required": True, "schema": dict(ID_SCHEMA)}
                      for name in path_params]
        parameters += [{"name": p.name, "in": "query", "required": p.required,
                        "schema": p.schema, "description": p.description,
                        **({"explode": True, "style": "form"}
                           if p.schema.get("type") == "array" else {})}
                       for p in op.params]
        item: dict[str, Any] = {
            "operationId": endpoint.replace(".", "_"),
            "summary": op.summary,
            "tags": [op.tag],
            "responses": {},
        }
        if op.description:
            item["description"] = op.description
        if op.scope is None:
            item["security"] = []
        else:
            item["x-scope"] = op.scope
            if op.public_if:
                item["security"] = [{"bearer": []}, {}]
        if parameters:
            item["parameters"] = parameters
        if op.body is not None:
            item["requestBody"] = {"required": op.body_required, "content": {
                "application/json": {"schema": ref(op.body, "validation")}}}
        for status, model in sorted(op.responses.items()):
            answer: dict[str, Any] = {"description": "OK" if status < 300 else "error",
                                      "headers": _request_id_header()}
            if status == 201:
                answer["description"] = "Created"
            if status == 204:
                answer["description"] = "Done; no body"
            content: dict[str, Any] = {}
            if isinstance(model, type):
                content["application/json"] = {"schema": ref(model, "serialization")}
            elif isinstance(model, str):
                content[model] = {"schema": {"type": "string"} if model.startswith("text/")
                                  else {}}
            if status < 300:
                for media, schema in op.alternatives.items():
                    content[media] = {"schema": schema}
            if content:
                answer["content"] = content
            item["responses"][str(status)] = answer
        for status in _error_statuses(op, bool(path_params)):
            answer = {"description": ERROR_TEXT[status], "headers": _request_id_header(),
                      "content": {"application/json": {"schema": error_ref}}}
            if status in (429, 503):
                answer["headers"]["Retry-After"] = {"schema": {"type": "integer"},
                                                    "description": "seconds to wait"}
            item["responses"][str(status)] = answer
        paths.setdefault(path, {})[method] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": "Scout API", "version": _version(), "description": DESCRIPTION,
                 "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}},
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "bearerFormat": "scout_<id>_<secret>"}},
        },
        "security": [{"bearer": []}],
        "tags": [{"name": t} for t in dict.fromkeys(op.tag for *_, op in routes)],
    }


def _error_statuses(op: Operation, has_path_params: bool) -> list[int]:
    statuses = {503, *op.errors}
    if op.scope is not None:
        statuses |= {401, 403, 429}
    if op.body is not None:
        statuses |= {400, 413, 422}
    if op.params:
        statuses |= {400, 422}
    if has_path_params:
        statuses |= {400, 404}
    return sorted(s for s in statuses if str(s) not in {str(k) for k in op.responses})


def _request_id_header() -> dict[str, Any]:
    return {"X-Request-Id": {"schema": {"type": "string"},
                             "description": "the request's id (yours, if you sent one)"}}


def _version() -> str:
    try:
        return version("scout-engine")
    except PackageNotFoundError:
        return "0.0.0"


def spec() -> dict[str, Any]:
    cached: dict[str, Any] | None = current_app.extensions.get("scout_openapi")
    if cached is None:
        cached = build_spec(current_app)  # type: ignore[arg-type]
        current_app.extensions["scout_openapi"] = cached
    return cached


@bp.get("/openapi.json")
@operation(summary="This API's OpenAPI 3.1 description", tag="operations", scope=None,
           responses={200: "application/json"})
def openapi_json() -> Any:
    return jsonify(spec())


_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@bp.get("/docs")
@operation(summary="Browsable API reference (offline, no external assets)",
           tag="operations", scope=None, responses={200: "text/html"})
def docs_page() -> Any:
    return _asset("index.html", "text/html; charset=utf-8")


@bp.get("/docs/assets/<name>")
@operation(summary="Assets of the docs page", tag="operations", scope=None, hidden=True)
def docs_asset(name: str) -> Any:
    if name not in ("docs.js", "docs.css"):
        raise NotFound(f"no docs asset {name!r}", field="name")
    kind = "text/javascript" if name.endswith(".js") else "text/css"
    return _asset(name, f"{kind}; charset=utf-8")


def _asset(name: str, content_type: str) -> Any:
    response = Response((STATIC / name).read_bytes(), content_type=content_type)
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["Cache-Control"] = "no-cache"
    return response
