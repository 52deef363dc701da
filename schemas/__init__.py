"""Typed records that cross Scout's boundaries (pydantic v2)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from schemas.brief import (
    TIER_NAMES,
    TIERS,
    AudienceTarget,
    Brief,
    Budget,
    Filters,
    Range,
    SearchQuery,
    tier_of,
)
from schemas.creator import (
    AGE_BUCKETS,
    Audience,
    BrandCollaboration,
    ContentItem,
    Creator,
    average_views,
    engagement_rate,
    last_posted,
)
from schemas.results import (
    CreatorSummary,
    ErrorResponse,
    MatchedContent,
    MatchResponse,
    MatchResult,
    SearchHit,
    SearchResponse,
    SimilarResponse,
)
from scout.errors import ScoutError

__all__ = [
    "AGE_BUCKETS",
    "TIERS",
    "TIER_NAMES",
    "Audience",
    "AudienceTarget",
    "BrandCollaboration",
    "Brief",
    "Budget",
    "ContentItem",
    "Creator",
    "CreatorSummary",
    "ErrorResponse",
    "Filters",
    "MatchResponse",
    "MatchResult",
    "MatchedContent",
    "Range",
    "SearchHit",
    "SearchQuery",
    "SearchResponse",
    "SimilarResponse",
    "average_views",
    "engagement_rate",
    "field_path",
    "last_posted",
    "parse",
    "tier_of",
]

M = TypeVar("M", bound=BaseModel)


def field_path(loc: tuple[int | str, ...]) -> str:
    """Dotted field name from a pydantic error location: ``content[2].views``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse(model: type[M], data: Any, error: type[ScoutError]) -> M:
    """Validate ``data`` as ``model``; on failure raise ``error`` naming the first bad field."""
    if not isinstance(data, dict):
        raise error(f"expected a JSON object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = field_path(tuple(first["loc"]))
        msg = first["msg"].removeprefix("Value error, ")
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise error(f"{name or 'body'}: {msg}{suffix}", field=name or None) from None
