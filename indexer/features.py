"""Per-creator numbers derived once at index time, so queries never recompute them."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, time

from indexer.growth import growth
from ranker.cost import estimate_cost_eur
from ranker.credibility import Credibility, Reason, credibility
from schemas import Creator, average_views, engagement_rate, last_posted, tier_of
from schemas.confidence import rank_of, static_reasons
from schemas.creator import brand_key

#: The timestamp an undated collaboration is stored with: it is never "before" a window
#: start, so it always counts (docs/ranking.md, competitor exclusion).
UNDATED_TS = 1e18


def collaborations(creator: Creator) -> tuple[tuple[str, str | None, float], ...]:
    """``(brand key, category, date as a UTC timestamp or UNDATED_TS)`` per collaboration,
    deduplicated: what the stores index for competitor and category filters."""
    out: dict[tuple[str, str | None, float], None] = {}
    for c in creator.brand_collaborations:
        ts = (datetime.combine(c.date, time(), UTC).timestamp()
              if c.date is not None else UNDATED_TS)
        out.setdefault((brand_key(c.brand), c.category or None, ts), None)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CreatorFeatures:
    """Derived, query-independent facts about one creator."""

    engagement_rate: float | None
    avg_views: float | None
    tier: str | None
    estimated_cost_eur: float | None
    last_posted_ts: float | None
    content_count: int
    #: When the record was last refreshed (``updated_at``), for freshness filters.
    updated_ts: float | None = None
    #: Data confidence from the record alone (:func:`schemas.confidence.static_reasons`).
    confidence_reasons: tuple[str, ...] = ()
    confidence_rank: int = 0
    collabs: tuple[tuple[str, str | None, float], ...] = ()
    #: :mod:`ranker.credibility` score in [0, 1] (None: no check could run).
    credibility: float | None = None
    #: Relative growth over 30/90 days from ``history`` (:mod:`indexer.growth`); None: unknown.
    follower_growth_30d: float | None = None
    follower_growth_90d: float | None = None
    view_growth_30d: float | None = None
    view_growth_90d: float | None = None

    @classmethod
    def of(cls, creator: Creator, *, checked: Credibility | None = None) -> CreatorFeatures:
        """The features of ``creator`` (``checked``: its credibility, if already computed)."""
        views = average_views(creator)
        tier = tier_of(creator.followers)
        last = last_posted(creator)
        reasons = tuple(static_reasons(creator))
        return cls(
            engagement_rate=engagement_rate(creator),
            avg_views=views,
            tier=tier,
            estimated_cost_eur=estimate_cost_eur(creator.platform, tier, views, creator.followers),
            last_posted_ts=last.timestamp() if last else None,
            content_count=len(creator.content),
            updated_ts=creator.updated_at.timestamp() if creator.updated_at else None,
            confidence_reasons=reasons,
            confidence_rank=rank_of(list(reasons)),
            collabs=collaborations(creator),
            credibility=(checked or credibility(creator)).score,
            follower_growth_30d=growth(creator.history, "followers", 30),
            follower_growth_90d=growth(creator.history, "followers", 90),
            view_growth_30d=growth(creator.history, "avg_views", 30),
            view_growth_90d=growth(creator.history, "avg_views", 90),
        )


#: What results show of a record beyond its fields: its credibility check and features.
Derived = tuple[Credibility, CreatorFeatures]
#: Version of the derived facts a store saves (:func:`derived_json`, and the card of
#: :mod:`indexer.card` beside them): raise it when credibility, the features or what a
#: card holds change, and stores re-derive what they saved.
DERIVED_VERSION = 3
#: Records whose :data:`Derived` facts are kept in memory (see :func:`derived`).
DERIVED_CACHE = 512

_derived: OrderedDict[int, tuple[Creator, Derived]] = OrderedDict()
_derived_lock = threading.Lock()


def derived(creator: Creator) -> Derived:
    """The record's credibility check and ``CreatorFeatures``, computed once per record
    object: kept by identity (the entry holds the record, so the identity cannot be
    reused) for the last :data:`DERIVED_CACHE` records. Both are pure in the record;
    a document store that saved them at index time hands them over with the record
    (:func:`remember`), so a page of results computes none (~75 us a record)."""
    key = id(creator)
    with _derived_lock:
        hit = _derived.get(key)
        if hit is not None and hit[0] is creator:
            _derived.move_to_end(key)
            return hit[1]
    cred = credibility(creator)
    value = (cred, CreatorFeatures.of(creator, checked=cred))
    remember(creator, value)
    return value


def remember(creator: Creator, value: Derived) -> None:
    """Keep ``value`` as the derived facts of this record object (see :func:`derived`)."""
    with _derived_lock:
        _derived[id(creator)] = (creator, value)
        _derived.move_to_end(id(creator))
        while len(_derived) > DERIVED_CACHE:
            _derived.popitem(last=False)


def forget_derived() -> None:
    """Drop every kept :data:`Derived` (benchmarks measuring the cold path)."""
    with _derived_lock:
        _derived.clear()


def derived_json(value: Derived) -> str:
    """``value`` as compact JSON, for a store to save at index time."""
    cred, feats = value
    return json.dumps({
        "v": DERIVED_VERSION,
        "credibility": [cred.score, [[r.code, r.severity, r.text] for r in cred.reasons],
                        list(cred.checked)],
        "features": dataclasses.asdict(feats),
    }, separators=(",", ":"))


def derived_from_json(text: str) -> Derived | None:
    """The inverse of :func:`derived_json` (equal dataclasses, tuples where they were);
    None for facts saved by another :data:`DERIVED_VERSION`."""
    data = json.loads(text)
    if data.get("v") != DERIVED_VERSION:
        return None
    score, reasons, checked = data["credibility"]
    feats = dict(data["features"])
    feats["confidence_reasons"] = tuple(feats["confidence_reasons"])
    feats["collabs"] = tuple(tuple(c) for c in feats["collabs"])
    return (Credibility(score, tuple(Reason(*r) for r in reasons), tuple(checked)),
            CreatorFeatures(**feats))
