"""The brand-facing web page: ``/`` and its assets, same origin as the API.

Plain HTML, CSS and JavaScript shipped in the package (``static/app``): no
build step, no CDN, works offline. The page itself is public; everything it
shows comes from the ``/v1`` API with the key the user gives it, which stays
in the browser (``localStorage``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response

from scout.errors import NotFound
from search_api.operations import operation

bp = Blueprint("page", __name__)
STATIC = Path(__file__).parent / "static" / "app"
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
         ".html": "text/html"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self' data: blob:; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")


@bp.get("/")
@operation(summary="The web page: briefs, results, profiles, shortlists, search",
           tag="operations", scope=None, hidden=True)
def index() -> Any:
    return _asset("index.html")


@bp.get("/app/<name>")
@operation(summary="Assets of the web page", tag="operations", scope=None, hidden=True)
def asset(name: str) -> Any:
    return _asset(name)


def _asset(name: str) -> Any:
    path = STATIC / name
    kind = TYPES.get(path.suffix)
    # Only plain files directly in static/app, by an exact listed name.
    if kind is None or name not in {p.name for p in STATIC.iterdir() if p.is_file()}:
        raise NotFound(f"no page asset {name!r}", field="name")
    response = Response(path.read_bytes(), content_type=f"{kind}; charset=utf-8")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-cache"
    return response
