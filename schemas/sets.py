"""Answers about sets of creators: pairwise audience overlap (``GET /v1/creators/overlap``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.results import Answer

#: How many creators one overlap request may compare.
OVERLAP_MAX_IDS = 50


class OverlapPair(Answer):
    """Two creators' audience overlap and the evidence behind it."""

    a: str
    b: str
    overlap: float = Field(ge=0, le=1, description="the value in the matrix")
    basis: Literal["sample", "demographics", "none"] = Field(
        description="sample: estimated from shared commenter/follower ids; demographics: "
                    "how alike the audience shares are; none: no audience data")
    demographic: float | None = Field(
        default=None, description="mean over dimensions of the shared share (histogram "
                                  "intersection) of countries, age and gender")
    dimensions: dict[str, float | None] = Field(
        description="countries / age / gender -> shared share (null: not on both)")
    sample: float | None = Field(
        default=None, description="estimated share of the smaller audience also in the other, "
                                  "from shared sample ids (null: no comparable samples)")
    shared_ids: int = Field(ge=0, description="ids found in both audience samples")
    sample_kind: Literal["commenters", "followers"] | None = None
    explanation: str


class OverlapResponse(Answer):
    ids: list[str] = Field(description="the creators compared, in the order asked")
    matrix: list[list[float]] = Field(
        description="matrix[i][j] = overlap of ids[i] and ids[j]; 1 on the diagonal")
    pairs: list[OverlapPair] = Field(description="every pair i < j, most overlapping first")
    took_ms: float
