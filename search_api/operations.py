"""What each endpoint is, declared next to its view: scope, bodies, parameters, answers.

One declaration drives both enforcement (``search_api.auth`` reads ``scope``)
and documentation (``search_api.openapi`` builds the spec from it), so the spec
cannot drift from what the server checks. A view without a declaration still
requires a ``read`` key: the default is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel

from schemas import parse
from schemas.api import Scope
from scout.errors import InvalidInput, ScoutError
from search_api.body import json_body

F = TypeVar("F", bound=Callable[..., Any])
ID_SCHEMA: dict[str, Any] = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"}
LIMIT_MAX = 100


@dataclass(frozen=True)
class Param:
    """A query parameter (path parameters come from the route itself)."""

    name: str
    schema: dict[str, Any]
    description: str = ""
    required: bool = False
    explode: bool = True


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    #: Least scope a key needs; ``None``: public (no key).
    scope: Scope | None = "read"
    body: type[BaseModel] | None = None
    body_required: bool = True
    #: Status -> model (JSON), ``None`` (no body) or a media type string (raw body).
    responses: dict[int, type[BaseModel] | str | None] = field(default_factory=dict)
    #: Extra media types of the success response: media type -> schema.
    alternatives: dict[str, dict[str, Any]] = field(default_factory=dict)
    params: tuple[Param, ...] = ()
    #: Error statuses beyond those the generator infers (e.g. 409).
    errors: tuple[int, ...] = ()
    description: str = ""
    #: Changes the shared creator catalog: also needs a key of the catalog tenant.
    catalog: bool = False
    #: A Config flag that, when true, makes the operation public.
    public_if: str | None = None
    #: Left out of the spec (e.g. the docs page's own assets).
    hidden: bool = False


def operation(**kwargs: Any) -> Callable[[F], F]:
    op = Operation(**kwargs)

    def mark(view: F) -> F:
        view._scout_operation = op  # type: ignore[attr-defined]
        return view

    return mark


def operation_of(view: Callable[..., Any] | None) -> Operation | None:
    return getattr(view, "_scout_operation", None)


def body_as(model: type[BaseModel], error: type[ScoutError]) -> Any:
    """The JSON body validated as ``model``; errors name the field."""
    return parse(model, json_body(), error)


LIMIT = Param("limit", {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": 20},
              "page size")
CURSOR = Param("cursor", {"type": "string", "maxLength": 2000},
               "the next_cursor of the previous page")
PAGE = (LIMIT, CURSOR)


def page_args(default: int = 20) -> tuple[int, str | None]:
    """``limit`` and ``cursor`` query parameters, checked."""
    raw = request.args.get("limit", str(default))
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"limit must be an integer, not {raw!r}", field="limit") from None
    if not 1 <= value <= LIMIT_MAX:
        raise InvalidInput(f"limit must be between 1 and {LIMIT_MAX}", field="limit")
    cursor = request.args.get("cursor") or None
    if cursor is not None and len(cursor) > 2000:
        raise InvalidInput("cursor is not one Scout issued", field="cursor")
    return value, cursor
