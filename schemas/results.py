"""What Scout answers: match results, search hits, facets."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataConfidence(Answer):
    """How far the creator's data can be trusted (``schemas.confidence``)."""

    level: Literal["high", "medium", "low"]
    reasons: list[str] = Field(
        default_factory=list, description="no_stats, no_posts, few_posts, missing_audience, "
                                          "no_update_date, stale_data, very_stale_data")
    updated_at: datetime | None = Field(default=None, description="when the record was "
                                                                  "last refreshed")
    data_age_days: float | None = Field(default=None, description="days since updated_at")
class CredibilityReason(Answer):
    code: str = Field(description="engagement_implausible, likes_to_views_off, "
                                  "comments_to_likes_off, views_to_followers_off, "
                                  "follower_spike or views_concentrated")
    severity: float = Field(description="0..1: how far beyond the norm's threshold")
    text: str


class CredibilitySummary(Answer):
    """How organic the creator's stats look (``ranker.credibility``, docs/ranking.md)."""

    score: float = Field(ge=0, le=1, description="1 = no trace of bought audience")
    reasons: list[CredibilityReason] = Field(
        default_factory=list, description="why it is below 1, worst first")


class CreatorSummary(Answer):
    """A creator as shown in results: the profile plus derived stats, no content list."""

    id: str
    platform: str | None = None
    handle: str | None = None
    display_name: str | None = None
    bio: str | None = None
    country: str | None = None
    languages: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    followers: int | None = None
    avg_views: float | None = None
    engagement_rate: float | None = Field(default=None, description="Scout's definition")
    tier: str | None = None
    estimated_cost_eur: float | None = None
    brand_safety_flags: list[str] = Field(default_factory=list)
    audience: dict[str, dict[str, float]] | None = None
    last_posted_at: datetime | None = None
    content_count: int = 0
    confidence: DataConfidence | None = Field(
        default=None, description="data freshness and completeness, with reason codes")
    credibility: CredibilitySummary | None = Field(
        default=None, description="absent when the record has nothing to check")
    follower_growth_30d: float | None = Field(
        default=None, description="from history; 0.05 = +5%; absent = unknown")
    follower_growth_90d: float | None = None
    view_growth_30d: float | None = None
    view_growth_90d: float | None = None


class MatchedContent(Answer):
    id: str
    caption: str | None = None
    hashtags: list[str] = Field(default_factory=list)
    similarity: float
    highlights: list[str] = Field(default_factory=list, description="brief words found")
    views: int | None = None
    posted_at: datetime | None = None


class MatchResult(Answer):
    creator_id: str
    score: float = Field(description="sum of breakdown")
    breakdown: dict[str, float] = Field(description="signal -> weighted contribution")
    signals: dict[str, float] = Field(description="signal -> raw value in [0,1]")
    reasons: list[str]
    matched_content: list[MatchedContent]
    creator: CreatorSummary
    redundancy: float | None = Field(
        default=None, description="with diversity > 0: the highest similarity (content and "
                                  "audience) to a result ranked above this one")
    redundant_with: str | None = Field(
        default=None, description="with diversity > 0: the result above it resembles most")


class BudgetSet(Answer):
    """A set of creators chosen under the brief's budget."""

    creator_ids: list[str] = Field(description="in ranking order")
    total_cost_eur: float = Field(description="sum of the estimated price of one post each")
    expected_reach: float = Field(description="sum of expected views of one post each")
    objective: float = Field(description="sum of fit x expected views (fit = match score)")


class ProposedSet(BudgetSet):
    """The set maximising fit-weighted reach within the budget (see ``ranker.budget``)."""

    budget_eur: float
    planned_eur: float = Field(
        description="the budget less a headroom for rough estimates: what the set is planned "
                    "against")
    creators_wanted: int
    considered: int = Field(description="best-scoring candidates the set was chosen from")
    top_k: BudgetSet = Field(
        description="for comparison: walking the ranking, everyone who still fits the "
                    "planned budget, up to creators_wanted")


class Excluded(Answer):
    """Creators that passed the query's own filters but were held back for the tenant."""

    total: int
    by_rule: dict[str, int] = Field(
        description="'exclusion' (the tenant's blocklist), "
                    "'eligibility:<country>:<minimum>', 'competitor:<brand key>' or "
                    "'competitor-category:<category>' -> creators held back")


class MatchResponse(Answer):
    results: list[MatchResult]
    next_cursor: str | None = None
    total: int = Field(description="creators that passed the hard filters")
    weights: dict[str, float] = Field(description="normalised weights used")
    took_ms: float
    excluded: Excluded | None = Field(
        default=None, description="held back by the tenant's exclusions and eligibility "
                                  "rules and by the brief's competitor exclusion")
    proposed_set: ProposedSet | None = Field(
        default=None, description="with a budget: the creators to book for the most "
                                  "fit-weighted reach within it")


class SearchHit(Answer):
    creator_id: str
    score: float
    creator: CreatorSummary
    matched_content: list[MatchedContent] = Field(default_factory=list)


class SearchResponse(Answer):
    results: list[SearchHit]
    facets: dict[str, dict[str, int]]
    total: int
    next_cursor: str | None = None
    took_ms: float
    excluded: Excluded | None = Field(
        default=None, description="held back by the tenant's exclusions and eligibility rules")


class ErrorBody(Answer):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(Answer):
    error: ErrorBody


class SimilarResponse(Answer):
    creator_id: str
    results: list[SearchHit]
    took_ms: float
