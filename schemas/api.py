"""Bodies of the tenant-facing HTTP API: keys, shortlists, exclusions, feedback, rules, briefs.

Requests reject unknown fields (``extra="forbid"``) like briefs do; answers are
closed too so the OpenAPI spec generated from these models is exact.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.brief import CURRENCY_TO_EUR, Brief
from schemas.creator import ID_PATTERN, Creator
from schemas.results import Answer, CreatorSummary

Scope = Literal["read", "write", "admin"]
#: Scopes in increasing power; each includes the ones before it.
SCOPES: tuple[Scope, ...] = ("read", "write", "admin")
TENANT_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
RATE_PATTERN = r"^(off|[1-9][0-9]{0,8}/(second|minute|hour))$"
CreatorId = Annotated[str, Field(pattern=ID_PATTERN, description="a creator's id")]
Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.:-]*$")]
Cursor = Annotated[str | None, Field(default=None, description="pass on to get the next page")]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# -- keys ------------------------------------------------------------------------------
class KeyCreate(Request):
    """A new API key for the caller's own tenant."""

    name: str = Field(default="", max_length=80, description="a label, e.g. 'web page'")
    scope: Scope = "read"
    rate_limit: str | None = Field(default=None, pattern=RATE_PATTERN,
                                   description="override the server default, e.g. 60/minute")


class KeyInfo(Answer):
    """A key as listed: never the key itself, never its hash."""

    id: str = Field(description="public key id, the part after 'scout_' in the key")
    tenant: str
    name: str
    scope: Scope
    rate_limit: str | None = None
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class KeyCreated(KeyInfo):
    key: str = Field(description="the secret key; shown once, store it now")


class KeyList(Answer):
    results: list[KeyInfo]


class Me(Answer):
    """Who the presented key is."""

    tenant: str
    key_id: str
    scope: Scope
    rate_limit: str


# -- shortlists ------------------------------------------------------------------------
class ShortlistCreate(Request):
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2_000)


class ShortlistUpdate(Request):
    """Rename or re-describe; send at least one field."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2_000)

    @model_validator(mode="after")
    def _something(self) -> ShortlistUpdate:
        if self.name is None and self.description is None:
            raise ValueError("send name and/or description")
        return self


def _tags(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.lower() for v in values))


class ShortlistItemPut(Request):
    """A creator's place on a shortlist: a note and tags (replaces what was there)."""

    note: str = Field(default="", max_length=2_000)
    tags: list[Tag] = Field(default_factory=list, max_length=20)

    @field_validator("tags")
    @classmethod
    def _norm(cls, v: list[str]) -> list[str]:
        return _tags(v)


class Shortlist(Answer):
    id: str
    name: str
    description: str
    item_count: int
    created_at: datetime
    updated_at: datetime


class ShortlistItem(Answer):
    creator_id: str
    note: str
    tags: list[str]
    added_at: datetime
    updated_at: datetime
    creator: CreatorSummary | None = Field(
        default=None, description="null when the creator left the index")


class ShortlistDetail(Shortlist):
    items: list[ShortlistItem]


class ShortlistPage(Answer):
    results: list[Shortlist]
    next_cursor: str | None = None


class ShortlistExport(Answer):
    shortlist: Shortlist
    items: list[ShortlistItem]
    exported_at: datetime


# -- exclusions ------------------------------------------------------------------------
class ExclusionPut(Request):
    reason: str = Field(default="", max_length=500)


class Exclusion(Answer):
    creator_id: str
    reason: str
    created_at: datetime


class ExclusionPage(Answer):
    results: list[Exclusion]
    next_cursor: str | None = None


# -- feedback --------------------------------------------------------------------------
class FeedbackCreate(Request):
    """The outcome of one collaboration with a creator."""

    creator_id: CreatorId
    brief_id: str | None = Field(default=None, pattern=ID_PATTERN)
    views: int = Field(default=0, ge=0, le=10**12)
    clicks: int = Field(default=0, ge=0, le=10**12)
    conversions: int = Field(default=0, ge=0, le=10**12)
    spend: float = Field(default=0.0, ge=0, le=1e10)
    currency: str = "EUR"
    rating: int | None = Field(default=None, ge=1, le=5, description="1 (poor) to 5 (great)")
    occurred_on: date | None = None
    notes: str = Field(default="", max_length=2_000)

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        v = v.upper()
        if v not in CURRENCY_TO_EUR:
            raise ValueError(f"unsupported currency {v!r}; use one of {', '.join(CURRENCY_TO_EUR)}")
        return v


class Feedback(Answer):
    id: str
    creator_id: str
    brief_id: str | None = None
    views: int
    clicks: int
    conversions: int
    spend: float
    currency: str
    spend_eur: float
    rating: int | None = None
    occurred_on: date | None = None
    notes: str
    created_at: datetime


class FeedbackPage(Answer):
    results: list[Feedback]
    next_cursor: str | None = None


class Performance(Answer):
    """A tenant's recorded outcomes with one creator, summed over collaborations."""

    collaborations: int
    views: int
    clicks: int
    conversions: int
    spend_eur: float
    click_rate: float | None = Field(description="clicks / views")
    conversion_rate: float | None = Field(description="conversions / clicks")
    cost_per_conversion_eur: float | None = None
    cost_per_1k_views_eur: float | None = None
    avg_rating: float | None = None
    last_recorded_at: datetime


class CreatorProfile(Answer):
    creator: Creator
    summary: CreatorSummary
    performance: Performance | None = Field(
        default=None, description="the calling tenant's feedback on this creator, if any")
    excluded: bool = Field(default=False, description="on the calling tenant's blocklist")


# -- eligibility -----------------------------------------------------------------------
class EligibilityRule(Request):
    """Minimums a creator in ``country`` (``*``: any country) must meet to appear."""

    country: str = Field(default="*", description="ISO alpha-2 code, or * for every country")
    min_followers: int | None = Field(default=None, ge=0)
    min_avg_views: float | None = Field(default=None, ge=0)
    min_account_age_days: int | None = Field(
        default=None, ge=0, le=36_500, description="needs account_created_at on the record")
    strike_free_days: int | None = Field(
        default=None, ge=0, le=36_500,
        description="no compliance strike within this many days")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        v = v.upper()
        if v != "*" and (len(v) != 2 or not v.isalpha()):
            raise ValueError(f"{v!r} is not '*' or an ISO 3166 alpha-2 country code")
        return v

    @model_validator(mode="after")
    def _has_minimum(self) -> EligibilityRule:
        if all(getattr(self, f) is None for f in ("min_followers", "min_avg_views",
                                                   "min_account_age_days", "strike_free_days")):
            raise ValueError("a rule needs at least one minimum")
        return self


class EligibilitySettings(Request):
    """A tenant's eligibility rules; ineligible creators leave its results."""

    enabled: bool = False
    rules: list[EligibilityRule] = Field(default_factory=list, max_length=100)


class EligibilityView(Answer):
    enabled: bool
    rules: list[EligibilityRule]
    updated_at: datetime | None = None


# -- saved briefs ----------------------------------------------------------------------
class SavedBrief(Answer):
    id: str
    brief: Brief
    created_at: datetime


class BriefPage(Answer):
    results: list[SavedBrief]
    next_cursor: str | None = None


class BriefMatch(Request):
    """Paging through a saved brief's matches."""

    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=2_000)


# -- catalog writes --------------------------------------------------------------------
class CreatorBatch(Request):
    creators: list[Creator] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _unique(self) -> CreatorBatch:
        seen: set[str] = set()
        for c in self.creators:
            if c.id in seen:
                raise ValueError(f"creator id {c.id!r} appears twice in the batch")
            seen.add(c.id)
        return self


class IngestReport(Answer):
    indexed: int
    content_items: int


class Health(Answer):
    model_config = ConfigDict(extra="allow")

    status: str
