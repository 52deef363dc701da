"""Creator records (v1): the creator, their audience, content and collaborations.

Field names here are the v1 contract of ``shared/DESIGN.md``: fields may be
added, never renamed. Everything beyond ``id`` is optional because real data
often lacks it; a creator with only stats and hashtags still indexes and ranks.

Engagement rate has one definition, :func:`engagement_rate`, used by the
indexer, the ranker, the evaluation and the web page alike.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping
from datetime import datetime
from itertools import pairwise
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$"
#: The largest count a record may carry (followers, views, likes, comments, shares, posts,
#: an audience's population, an average of views): far above any platform's, and small
#: enough that every figure derived from it (rates, costs, growth) stays a finite float.
MAX_COUNT = 10**12
#: The longest post, in seconds (a week-long live stream).
MAX_DURATION_S = 7 * 86_400.0
Share = Annotated[float, Field(ge=0.0, le=1.0)]
#: Age buckets Scout understands in audience data and briefs.
AGE_BUCKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
#: Posts considered "recent" for the engagement definition.
RECENT_POSTS = 20
#: The validation context of a record read back from Scout's own store
#: (``Creator.model_validate_json(doc, context=STORED)``). Stored records were written by
#: a validated model, so the validators below (which normalise case, time zones and order,
#: and check what pydantic's constraints cannot) already hold for them: they pass the
#: values through instead of redoing that work, ~30% of parsing a record with its posts.
#: Types and constraints (patterns, bounds, lengths) are still checked by pydantic.
STORED: Mapping[str, Any] = MappingProxyType({"stored": True})


def _stored(info: ValidationInfo) -> bool:
    """Whether the value comes from Scout's own store (see :data:`STORED`)."""
    context = info.context
    return bool(context) and bool(context.get("stored"))


def _lower_list(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip().lower().lstrip("#")
        if value:
            seen.setdefault(value, None)
    return list(seen)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class Record(BaseModel):
    """Base for records: unknown fields are ignored, strings trimmed."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=False)


class ContentItem(Record):
    """One post/video of a creator."""

    id: str = Field(pattern=ID_PATTERN)
    caption: str | None = Field(default=None, max_length=10_000)
    hashtags: list[str] = Field(default_factory=list)
    music: str | None = Field(default=None, max_length=500, description="sound/music title")
    transcript: str | None = Field(default=None, max_length=50_000)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    duration_s: float | None = Field(default=None, ge=0, le=MAX_DURATION_S)
    views: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    likes: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    comments: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    shares: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    posted_at: datetime | None = None

    @field_validator("hashtags")
    @classmethod
    def _norm_tags(cls, v: list[str], info: ValidationInfo) -> list[str]:
        if _stored(info):
            return v
        return _lower_list(v)

    @field_validator("posted_at")
    @classmethod
    def _tz(cls, v: datetime | None, info: ValidationInfo) -> datetime | None:
        if _stored(info):
            return v
        return _aware(v) if v is not None else None

    def engagement(self) -> float | None:
        """(likes + comments + shares) / views for this post, or None without views."""
        if not self.views:
            return None
        interactions = (self.likes or 0) + (self.comments or 0) + (self.shares or 0)
        return interactions / self.views

    def text(self) -> str:
        """The text embedded and searched for this item."""
        parts = [self.caption or "", " ".join(f"#{t}" for t in self.hashtags)]
        if self.music and self.music.lower() != "original sound":
            parts.append(f"sound: {self.music}")
        if self.transcript:
            parts.append(self.transcript)
        return " ".join(p for p in parts if p).strip()


class Audience(Record):
    """Audience shares per dimension, each a fraction in [0, 1]."""

    countries: dict[str, Share] = Field(default_factory=dict)
    age: dict[str, Share] = Field(default_factory=dict)
    gender: dict[str, Share] = Field(default_factory=dict)

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if _stored(info):
            return v
        out = {k.strip().upper(): s for k, s in v.items()}
        for code in out:
            if len(code) != 2 or not code.isalpha():
                raise ValueError(f"country code {code!r} is not ISO 3166 alpha-2")
        return out

    @field_validator("age")
    @classmethod
    def _ages(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if _stored(info):
            return v
        for bucket in v:
            if bucket not in AGE_BUCKETS:
                raise ValueError(f"age bucket {bucket!r} is not one of {', '.join(AGE_BUCKETS)}")
        return v

    @field_validator("gender")
    @classmethod
    def _gender(cls, v: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if _stored(info):
            return v
        return {k.strip().lower(): s for k, s in v.items()}

    @model_validator(mode="after")
    def _sums(self, info: ValidationInfo) -> Audience:
        if _stored(info):
            return self
        for name in ("countries", "age", "gender"):
            total = sum(getattr(self, name).values())
            if total > 1.02:
                raise ValueError(f"{name} shares add up to {total:.2f}; they must not exceed 1")
        return self

    def is_empty(self) -> bool:
        return not (self.countries or self.age or self.gender)


#: Kinds of audience sample; only samples of one kind are compared.
SampleKind = Literal["commenters", "followers"]
AUDIENCE_SAMPLE_MAX = 20_000


class AudienceSample(Record):
    """Opaque ids of people in a creator's audience, for measuring overlap (optional, v1).

    ``ids`` are commenters or followers in one id space (platform user ids, or
    salted hashes of them): two creators' samples are compared only when their
    ``kind`` and ``platform`` agree. ``population`` is the size of the set the
    ids were drawn from (e.g. every commenter of the last 90 days); left out,
    the ids are that whole set. Sampling uniformly, ``len(ids) / population``
    is the sampling rate the overlap estimate corrects for (``ranker.overlap``).
    """

    kind: SampleKind = "commenters"
    ids: list[Annotated[str, Field(min_length=1, max_length=128)]] = Field(
        default_factory=list, max_length=AUDIENCE_SAMPLE_MAX)
    population: int | None = Field(default=None, ge=0, le=MAX_COUNT,
                                   description="size of the set sampled; default len(ids)")
    collected_at: datetime | None = None

    @field_validator("ids")
    @classmethod
    def _unique(cls, v: list[str], info: ValidationInfo) -> list[str]:
        if _stored(info):
            return v
        return list(dict.fromkeys(i.strip() for i in v if i.strip()))

    @field_validator("collected_at")
    @classmethod
    def _tz(cls, v: datetime | None, info: ValidationInfo) -> datetime | None:
        if _stored(info):
            return v
        return _aware(v) if v is not None else None

    @model_validator(mode="after")
    def _population(self, info: ValidationInfo) -> AudienceSample:
        if _stored(info):
            return self
        if self.population is not None and self.population < len(self.ids):
            raise ValueError(f"population ({self.population}) is smaller than the sample "
                             f"({len(self.ids)} ids)")
        return self

    def rate(self) -> float:
        """The share of the population that is in the sample (1 for a complete list)."""
        if not self.ids:
            return 0.0
        return len(self.ids) / (self.population or len(self.ids))


def brand_key(name: str) -> str:
    """A brand name for matching: case-folded, every space removed ("Oat Co" == "oatco")."""
    return "".join(name.casefold().split())


class BrandCollaboration(Record):
    """A paid collaboration with a brand (competitor exclusion, category experience)."""

    brand: str = Field(min_length=1, max_length=200)
    category: str | None = None
    date: dt.date | None = Field(default=None, description="when it ran; undated ones always "
                                                           "count as recent (docs/ranking.md)")

    @field_validator("category")
    @classmethod
    def _cat(cls, v: str | None, info: ValidationInfo) -> str | None:
        if _stored(info):
            return v
        return v.lower() if v else v


class ComplianceStrike(Record):
    """A platform or marketplace compliance strike (e.g. undisclosed ad)."""

    date: dt.date
    reason: str | None = Field(default=None, max_length=500)


#: Most history points a record may carry (about ten years of weekly snapshots).
HISTORY_MAX = 520


class HistoryPoint(Record):
    """The account's stats as measured on one day (optional, v1).

    ``followers`` is the follower count that day; ``avg_views`` the average views per
    recent post as measured that day (the same quantity as the record's ``avg_views``);
    ``posts`` the number of posts published so far. Any of the three may be missing.
    Scout derives follower and view growth from these points (``indexer.growth``).
    """

    date: dt.date
    followers: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    avg_views: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    posts: int | None = Field(default=None, ge=0, le=MAX_COUNT)


class Creator(Record):
    """A creator profile with its content (v1 record)."""

    id: str = Field(pattern=ID_PATTERN)
    platform: str | None = Field(default=None, max_length=40)
    handle: str | None = Field(default=None, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=5_000)
    country: str | None = Field(default=None, description="ISO 3166 alpha-2, upper case")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes")
    categories: list[str] = Field(default_factory=list)
    followers: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    avg_views: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    engagement_rate: float | None = Field(
        default=None, ge=0, le=1, description="fraction, e.g. 0.061 for 6.1%"
    )
    audience: Audience | None = None
    audience_sample: AudienceSample | None = Field(
        default=None, description="commenter or follower ids, for audience overlap")
    brand_collaborations: list[BrandCollaboration] = Field(default_factory=list)
    brand_safety_flags: list[str] = Field(
        default_factory=list, description="e.g. profanity, gambling, controversy"
    )
    content: list[ContentItem] = Field(default_factory=list)
    updated_at: datetime | None = None
    account_created_at: datetime | None = Field(
        default=None, description="when the account was opened (eligibility: account age)")
    compliance_strikes: list[ComplianceStrike] = Field(
        default_factory=list, description="dated strikes (eligibility: strike-free period)")
    history: list[HistoryPoint] = Field(
        default_factory=list, max_length=HISTORY_MAX,
        description="dated stats snapshots, oldest first (growth and credibility); one per day")

    @field_validator("platform")
    @classmethod
    def _platform(cls, v: str | None, info: ValidationInfo) -> str | None:
        if _stored(info):
            return v
        return v.lower() if v else None

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None, info: ValidationInfo) -> str | None:
        if _stored(info):
            return v
        if not v:
            return None
        v = v.upper()
        if len(v) != 2 or not v.isalpha():
            raise ValueError(f"{v!r} is not an ISO 3166 alpha-2 country code such as 'DE'")
        return v

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str], info: ValidationInfo) -> list[str]:
        if _stored(info):
            return v
        out = _lower_list(v)
        for code in out:
            if not (2 <= len(code) <= 3 and code.isalpha()):
                raise ValueError(f"{code!r} is not an ISO 639-1 language code such as 'de'")
        return out

    @field_validator("categories", "brand_safety_flags")
    @classmethod
    def _lists(cls, v: list[str], info: ValidationInfo) -> list[str]:
        if _stored(info):
            return v
        return _lower_list(v)

    @field_validator("updated_at", "account_created_at")
    @classmethod
    def _tz(cls, v: datetime | None, info: ValidationInfo) -> datetime | None:
        if _stored(info):
            return v
        return _aware(v) if v is not None else None

    @field_validator("history")
    @classmethod
    def _history(cls, v: list[HistoryPoint], info: ValidationInfo) -> list[HistoryPoint]:
        if _stored(info):
            return v
        ordered = sorted(v, key=lambda p: p.date)
        for before, after in pairwise(ordered):
            if before.date == after.date:
                raise ValueError(f"history has two points dated {after.date.isoformat()}")
        return ordered

    @model_validator(mode="after")
    def _unique_content(self, info: ValidationInfo) -> Creator:
        if _stored(info):
            return self
        seen: set[str] = set()
        for item in self.content:
            if item.id in seen:
                raise ValueError(f"content id {item.id!r} appears twice")
            seen.add(item.id)
        return self

    def recent_content(self) -> list[ContentItem]:
        """Newest posts first (undated last), at most :data:`RECENT_POSTS`."""
        epoch = datetime.min.replace(tzinfo=dt.UTC)
        ordered = sorted(self.content, key=lambda c: (c.posted_at or epoch, c.id), reverse=True)
        return ordered[:RECENT_POSTS]

    def profile_text(self) -> str:
        """The text embedded and searched for the profile."""
        parts = [
            self.display_name or "",
            self.handle or "",
            self.bio or "",
            ", ".join(self.categories),
        ]
        return ". ".join(p for p in parts if p).strip()


def engagement_rate(creator: Creator) -> float | None:
    """Scout's single definition of engagement rate.

    The median, over the creator's :data:`RECENT_POSTS` most recent posts that
    have views, of ``(likes + comments + shares) / views``. Without such posts
    it falls back to the record's ``engagement_rate``; otherwise ``None``.
    The median resists one viral or one botted post.
    """
    rates = [r for c in creator.recent_content() if (r := c.engagement()) is not None]
    if rates:
        return float(statistics.median(rates))
    return creator.engagement_rate


def average_views(creator: Creator) -> float | None:
    """The record's ``avg_views``, else the median views of recent posts."""
    if creator.avg_views is not None:
        return creator.avg_views
    views = [c.views for c in creator.recent_content() if c.views is not None]
    return float(statistics.median(views)) if views else None


def last_posted(creator: Creator) -> datetime | None:
    dates = [c.posted_at for c in creator.content if c.posted_at is not None]
    return max(dates) if dates else None
