"""Campaign briefs (v1) and search queries: what users ask Scout.

Unknown fields are rejected (``extra="forbid"``) so a typo such as
``min_engagment_rate`` gets a clear error instead of being silently ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.confidence import ConfidenceLevel
from schemas.creator import AGE_BUCKETS, ID_PATTERN, brand_key

Objective = Literal["awareness", "consideration", "engagement", "conversions"]
BrandSafety = Literal["strict", "standard", "off"]
#: Follower tiers, lower bound inclusive. Used for normalisation and facets.
TIERS: tuple[tuple[str, int], ...] = (
    ("nano", 0),
    ("micro", 10_000),
    ("mid", 100_000),
    ("macro", 500_000),
    ("mega", 1_000_000),
)
TIER_NAMES = tuple(name for name, _ in TIERS)
Tier = Literal["nano", "micro", "mid", "macro", "mega"]
#: Approximate conversion to EUR, the currency of Scout's cost model.
CURRENCY_TO_EUR: dict[str, float] = {
    "EUR": 1.0, "USD": 0.92, "GBP": 1.17, "CHF": 1.05, "SEK": 0.088, "NOK": 0.086,
    "DKK": 0.134, "PLN": 0.23, "CAD": 0.68, "AUD": 0.61, "JPY": 0.0062, "BRL": 0.17,
    "MXN": 0.05, "INR": 0.011, "KRW": 0.00068, "TRY": 0.027,
}


def tier_of(followers: int | None) -> Tier | None:
    if followers is None:
        return None
    name: Tier = "nano"
    for tier, lower in TIERS:
        if followers >= lower:
            name = tier  # type: ignore[assignment]
    return name


def _codes(values: list[str], *, upper: bool) -> list[str]:
    out: dict[str, None] = {}
    for value in values:
        value = value.strip()
        value = value.upper() if upper else value.lower()
        if value:
            out.setdefault(value, None)
    return list(out)


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Range(Query):
    """An inclusive numeric range; either bound may be left out."""

    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class AudienceTarget(Query):
    """Who the brand wants to reach.

    Targets always feed the ``audience_fit`` signal. A ``min_share`` entry turns
    a dimension into a hard filter: ``{"age": 0.4}`` keeps only creators with at
    least 40% of their audience in the listed age buckets.
    """

    age: list[str] = Field(default_factory=list)
    gender: Literal["any", "female", "male"] = "any"
    countries: list[str] = Field(default_factory=list)
    min_share: dict[Literal["age", "gender", "countries"], float] = Field(default_factory=dict)

    @field_validator("age")
    @classmethod
    def _ages(cls, v: list[str]) -> list[str]:
        for bucket in v:
            if bucket not in AGE_BUCKETS:
                raise ValueError(f"age bucket {bucket!r} is not one of {', '.join(AGE_BUCKETS)}")
        return list(dict.fromkeys(v))

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _codes(v, upper=True)

    @field_validator("min_share")
    @classmethod
    def _shares(cls, v: dict[str, float]) -> dict[str, float]:
        for dim, share in v.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"min_share.{dim} must be a fraction between 0 and 1")
        return v

    @model_validator(mode="after")
    def _targets_exist(self) -> AudienceTarget:
        for dim in self.min_share:
            empty = {"age": not self.age, "countries": not self.countries,
                     "gender": self.gender == "any"}[dim]
            if empty:
                raise ValueError(f"min_share.{dim} needs a target in audience.{dim}")
        return self


class Budget(Query):
    total: float = Field(gt=0)
    currency: str = "EUR"

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        v = v.upper()
        if v not in CURRENCY_TO_EUR:
            raise ValueError(f"unsupported currency {v!r}; use one of {', '.join(CURRENCY_TO_EUR)}")
        return v

    def in_eur(self) -> float:
        return self.total * CURRENCY_TO_EUR[self.currency]


class Competitors(Query):
    """Brands (and/or whole brand categories) the advertiser competes with.

    A creator with a collaboration whose brand is listed (matched without case or
    spaces: "Oat Co" is "oatco") or whose category is listed, dated within the last
    ``window_days`` -- or undated: an undated collaboration cannot be shown to be
    old, so it counts -- is a competitor's creator. ``mode: exclude`` drops them
    (counted under ``excluded.by_rule`` as ``competitor:<brand>`` /
    ``competitor-category:<category>``); ``mode: penalise`` keeps them and
    subtracts ``penalty`` from their score (breakdown entry ``competitor``).
    """

    brands: list[str] = Field(default_factory=list, max_length=200)
    categories: list[str] = Field(default_factory=list, max_length=50)
    window_days: int = Field(default=365, ge=1, le=3_650)
    mode: Literal["exclude", "penalise"] = "exclude"
    penalty: float = Field(default=0.2, ge=0, le=1,
                           description="score subtracted in penalise mode")

    @field_validator("brands")
    @classmethod
    def _brands(cls, v: list[str]) -> list[str]:
        out = [b.strip() for b in v]
        for name in out:
            if not brand_key(name):
                raise ValueError("brand names must not be blank")
            if len(name) > 200:
                raise ValueError("brand names are at most 200 characters")
        return list(dict.fromkeys(out))

    @field_validator("categories")
    @classmethod
    def _categories(cls, v: list[str]) -> list[str]:
        return _codes(v, upper=False)

    @model_validator(mode="after")
    def _something(self) -> Competitors:
        if not self.brands and not self.categories:
            raise ValueError("name at least one competitor brand or category")
        return self

    def keys(self) -> tuple[str, ...]:
        """The brands as matched: :func:`schemas.creator.brand_key`, deduplicated, sorted."""
        return tuple(sorted({brand_key(b) for b in self.brands}))


class Filters(Query):
    """Hard filters shared by briefs and searches."""

    countries: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    platforms: list[str] = Field(default_factory=list)
    tiers: list[Tier] = Field(default_factory=list)
    followers: Range | None = None
    avg_views: Range | None = None
    min_engagement_rate: float | None = Field(default=None, ge=0, le=1)
    exclude_creator_ids: list[str] = Field(default_factory=list, max_length=10_000)
    # Index-time stats (docs/ranking.md, "Credibility" and "Growth and recency"). A creator
    # whose value is unknown (no history, no posts, nothing to check) never passes these.
    min_credibility: float | None = Field(
        default=None, ge=0, le=1, description="least credibility score (0..1)")
    min_follower_growth_30d: float | None = Field(
        default=None, ge=-1, description="least follower growth over 30 days, e.g. 0.05 = +5%")
    min_follower_growth_90d: float | None = Field(
        default=None, ge=-1, description="least follower growth over 90 days")
    min_view_growth_30d: float | None = Field(
        default=None, ge=-1, description="least growth of average views over 30 days")
    min_view_growth_90d: float | None = Field(
        default=None, ge=-1, description="least growth of average views over 90 days")
    max_days_since_last_post: float | None = Field(
        default=None, ge=0, description="posted within this many days")

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        out = _codes(v, upper=True)
        for code in out:
            if len(code) != 2 or not code.isalpha():
                raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 country code such as 'DE'")
        return out

    @field_validator("languages", "categories", "platforms")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return _codes(v, upper=False)

    @field_validator("exclude_creator_ids")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))


class Brief(Filters):
    """A campaign brief: what the brand sells, to whom, for how much."""

    text: str = Field(min_length=1, max_length=4_000)
    objective: Objective = "awareness"
    audience: AudienceTarget | None = None
    budget: Budget | None = None
    creators_wanted: int = Field(default=10, ge=1, le=1_000)
    brand_safety: BrandSafety = "standard"
    diversity: float = Field(
        default=0.0, ge=0, le=1,
        description="0 (off): rank by score; up to 1: trade score for variety, so the top "
                    "is not near-copies of one creator (MMR over content and audience)")
    weights: dict[str, float] = Field(
        default_factory=dict, description="override signal weights by name (>= 0)"
    )
    competitors: Competitors | None = Field(
        default=None, description="exclude or penalise creators who recently worked with "
                                  "these brands or brand categories")
    brand_category: str | None = Field(
        default=None, max_length=60,
        description="the advertised product's category (e.g. 'food'): feeds the "
                    "category_experience signal; defaults to the brief's categories")
    min_confidence: ConfidenceLevel | None = Field(
        default=None, description="keep only creators whose data confidence is at least this "
                                  "(high > medium > low; see docs/ranking.md)")
    max_data_age_days: int | None = Field(
        default=None, ge=1, le=3_650,
        description="keep only creators whose record was updated (updated_at) this recently")
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=2_000)
    id: str | None = Field(default=None, pattern=ID_PATTERN, description="the brief's own id")

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text must not be blank")
        return v

    @field_validator("brand_category")
    @classmethod
    def _brand_category(cls, v: str | None) -> str | None:
        return v.strip().lower() or None if v is not None else None

    def experience_categories(self) -> list[str]:
        """Categories whose brands count as experience: ``brand_category``, else ``categories``."""
        return [self.brand_category] if self.brand_category else list(self.categories)

    @field_validator("weights")
    @classmethod
    def _weights(cls, v: dict[str, float]) -> dict[str, float]:
        for name, weight in v.items():
            if weight < 0:
                raise ValueError(f"weight for {name!r} must be >= 0")
        return v


SortKey = Literal["relevance", "followers", "engagement", "avg_views"]
FacetField = Literal["category", "country", "language", "tier", "platform"]


class SearchQuery(Filters):
    """Keyword + semantic search with filters, sort and facets (frontends)."""

    q: str = Field(default="", max_length=1_000)
    sort: SortKey = "relevance"
    facets: list[FacetField] = Field(
        default_factory=lambda: ["category", "country", "language", "tier"]
    )
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=2_000)
