"""The two storage seams: :class:`DocumentStore` and :class:`VectorIndex`.

The ranker talks to these protocols only. Each has an embedded implementation
(SQLite FTS5, FAISS) and an OpenSearch one; one contract test suite runs
against all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol, runtime_checkable

import numpy as np

from indexer.card import Card
from indexer.features import CreatorFeatures
from schemas import Creator

SortField = Literal["relevance", "followers", "engagement", "avg_views"]
#: Index-time stats every store keeps as numeric columns beside the others, under these
#: names (:class:`~indexer.features.CreatorFeatures` attributes; NaN/null = unknown).
DERIVED_STATS = ("credibility", "follower_growth_30d", "follower_growth_90d",
                 "view_growth_30d", "view_growth_90d")
#: Columns a :attr:`FilterSpec.minimums` entry may name.
MINIMUM_COLUMNS = ("last_posted_ts", *DERIVED_STATS)


#: What :meth:`DocumentStore.lexical` scores besides its top ``k``: ids, or a callable
#: returning them, called only once the store has its top ``k`` (the ranker's content
#: search runs on another thread meanwhile and the callable waits for it).
Also = Collection[str] | Callable[[], Collection[str]]


def resolve_also(also: Also) -> Collection[str]:
    """The ids of ``also`` (calling it when it is a callable)."""
    return also() if callable(also) else also


@dataclass(frozen=True)
class AudienceMin:
    """Hard audience constraint: at least ``share`` of the audience in ``keys`` of ``dim``."""

    dim: Literal["age", "gender", "countries"]
    keys: tuple[str, ...]
    share: float


@dataclass(frozen=True)
class CollabRule:
    """Brand collaborations that match: brand key in ``brands`` or category in
    ``categories``, stored timestamp >= ``since_ts`` (None: any date). Undated
    collaborations are stored as ``UNDATED_TS`` and so always match."""

    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    since_ts: float | None = None


@dataclass(frozen=True)
class FilterSpec:
    """Hard filters, compiled once per query and executed by the document store."""

    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    followers_min: float | None = None
    followers_max: float | None = None
    avg_views_min: float | None = None
    avg_views_max: float | None = None
    min_engagement_rate: float | None = None
    audience: tuple[AudienceMin, ...] = ()
    exclude_ids: frozenset[str] = field(default_factory=frozenset)
    #: Drop creators carrying any brand-safety flag.
    exclude_flagged: bool = False
    #: Drop creators with a collaboration matching this rule (competitor exclusion).
    without_collabs: CollabRule | None = None
    #: Keep only creators with a collaboration matching this rule.
    with_collabs: CollabRule | None = None
    #: Keep creators whose static data-confidence rank (0 high, 1 medium, 2 low) is at most
    #: this; unknown (indexed before confidence existed) fails.
    max_confidence_rank: int | None = None
    #: Keep creators updated at or after this timestamp; ``updated_unknown_ok``: and those
    #: without ``updated_at``.
    updated_since_ts: float | None = None
    updated_unknown_ok: bool = False
    #: ``(column, least value)`` pairs over :data:`MINIMUM_COLUMNS`, sorted by column;
    #: an unknown value never passes.
    minimums: tuple[tuple[str, float], ...] = ()

    def is_empty(self) -> bool:
        return self == FilterSpec()


class IndexedCreator(NamedTuple):
    """A validated creator with everything the stores need, computed once."""

    creator: Creator
    features: CreatorFeatures
    profile_vector: np.ndarray
    content_vectors: dict[str, np.ndarray]


class FeatureRows(NamedTuple):
    """Ranking features for a list of creators, as aligned numpy columns (NaN = unknown)."""

    ids: list[str]
    followers: np.ndarray
    avg_views: np.ndarray
    engagement_rate: np.ndarray
    estimated_cost_eur: np.ndarray
    last_posted_ts: np.ndarray
    flag_count: np.ndarray
    tier: list[str | None]
    #: One audience dict (or None) per creator; any sequence (the embedded store's also
    #: sums shares with numpy: ``share_sum(dim, keys)`` and ``present``).
    audience: Sequence[dict[str, dict[str, float]] | None]
    #: :data:`DERIVED_STATS`, in that order.
    credibility: np.ndarray
    follower_growth_30d: np.ndarray
    follower_growth_90d: np.ndarray
    view_growth_30d: np.ndarray
    view_growth_90d: np.ndarray


class VectorHit(NamedTuple):
    group: str  # the creator id
    key: str  # the vector's own key (creator id, or content id)
    score: float  # inner product = cosine similarity


@runtime_checkable
class DocumentStore(Protocol):
    """Creator records, hard filters, facets and BM25."""

    def upsert(self, docs: Sequence[IndexedCreator]) -> None: ...

    def delete(self, ids: Sequence[str]) -> list[str]:
        """Delete ``ids``; return the ones that existed."""
        ...

    def get(self, ids: Sequence[str]) -> dict[str, Creator]: ...

    def cards(self, ids: Sequence[str]) -> dict[str, Card]:
        """What results show of ``ids`` (:mod:`indexer.card`); missing ids are left out."""
        ...

    def features(self, ids: Sequence[str]) -> FeatureRows: ...

    def count(self) -> int: ...

    def all_ids(self) -> list[str]: ...

    def filter_ids(self, spec: FilterSpec) -> list[str] | None:
        """Ids passing ``spec`` (sorted), or ``None`` when ``spec`` filters nothing."""
        ...

    def lexical(self, text: str, spec: FilterSpec, k: int,
                also: Also = ()) -> list[tuple[str, float]]:
        """Top ``k`` creators by BM25 over profile and content text, best first; then, in
        id order, those of ``also`` that pass ``spec`` and match outside the top ``k``
        (the ranker's vector-search candidates get their BM25 score from the same pass).
        A callable ``also`` is called once the top ``k`` are known (:func:`resolve_also`)."""
        ...

    def facets(self, spec: FilterSpec, fields: Sequence[str]) -> dict[str, dict[str, int]]: ...

    def browse(
        self, spec: FilterSpec, sort: SortField, offset: int, limit: int
    ) -> tuple[list[str], int]:
        """A page of ids sorted by a stats field (desc, ties by id) and the total."""
        ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...


@runtime_checkable
class VectorIndex(Protocol):
    """Nearest neighbours over unit vectors, grouped by creator.

    A *group* is a creator id; each group holds one or more keyed vectors (one
    profile vector, or one vector per content item). Upserting a group
    replaces all of its vectors.
    """

    dim: int

    def upsert(self, groups: Sequence[tuple[str, dict[str, np.ndarray]]]) -> None: ...

    def delete_groups(self, groups: Sequence[str]) -> None: ...

    def search(
        self, query: np.ndarray, k: int, groups: Collection[str] | None = None
    ) -> list[VectorHit]:
        """Best hit per group for the top ``k`` groups, optionally restricted to ``groups``."""
        ...

    def best_per_group(self, query: np.ndarray, groups: Collection[str]) -> dict[str, VectorHit]:
        """Exact best-scoring vector of each group in ``groups`` (missing groups omitted)."""
        ...

    def scores_per_group(
        self, query: np.ndarray, groups: Collection[str]
    ) -> dict[str, list[tuple[str, float]]]:
        """Exact score of every vector of each group, best first."""
        ...

    def vectors(self, group: str) -> dict[str, np.ndarray]: ...

    def count(self) -> int: ...

    def refresh(self) -> None:
        """See writes made by other processes since the last refresh."""
        ...

    def close(self) -> None: ...


class Backend(Protocol):
    """A document store and the two vector spaces it is kept consistent with."""

    name: str
    docs: DocumentStore
    profiles: VectorIndex
    content: VectorIndex

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all (as far as the backend allows)."""
        ...

    def refresh(self) -> None: ...

    def data_version(self) -> Hashable | None:
        """A value that changes whenever what reads see changes: this process's commits,
        and other processes' once :meth:`refresh` picked them up. Equal versions mean
        equal answers, so reads may be cached under it. None when the backend cannot tell
        (reads go to a server other writers change directly): then nothing is cached."""
        ...

    def flush(self) -> None:
        """Persist derived state (e.g. FAISS snapshots) for a fast next start."""
        ...

    def health(self) -> dict[str, object]: ...

    def rebuild(self) -> AbstractContextManager[Backend]:
        """Build a whole new catalogue aside and swap it in at once.

        Writes to the yielded backend stay invisible to readers, who keep seeing the
        current catalogue; when the block ends normally the new catalogue replaces the
        current one in one step (creators not written inside are gone), and when it
        raises nothing changes.
        """
        ...

    def close(self) -> None: ...


def chunks(seq: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


def facets_from_records(docs: DocumentStore, ids: Sequence[str], fields: Sequence[str]
                        ) -> dict[str, dict[str, int]]:
    """Facet counts over ``ids`` from their records (for stores without columns)."""
    creators = docs.get(ids)
    rows = docs.features(ids)
    tiers = dict(zip(rows.ids, rows.tier, strict=True))
    out: dict[str, dict[str, int]] = {f: {} for f in fields}

    def bump(field: str, value: str | None) -> None:
        if field in out and value:
            out[field][value] = out[field].get(value, 0) + 1

    for cid, c in creators.items():
        bump("country", c.country)
        bump("platform", c.platform)
        bump("tier", tiers.get(cid))
        for cat in c.categories:
            bump("category", cat)
        for lang in c.languages:
            bump("language", lang)
    return {f: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
            for f, v in out.items()}
