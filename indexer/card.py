"""A creator's card: what a page of results reads of its record, saved at index time.

A result shows a summary of the creator, the posts that match the query and, for
some briefs, past collaborations. Parsing the whole stored record for that (its
stats history, every post's numbers, nine nested models) cost a page of 20 more than
scoring its candidates, so a store that can saves each record's card beside it when
it writes the record, and a page decodes cards, not records (docs/benchmarks.md
section 2, the ``cards`` round). :func:`card_of` is the one place a summary is
built: a card computed from a record and one read back show the same thing.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from indexer.features import DERIVED_VERSION, Derived, derived
from schemas import Creator, CreatorSummary
from schemas.confidence import freshness_reasons, level_of
from schemas.results import CredibilityReason, CredibilitySummary, DataConfidence


class ShownPost(NamedTuple):
    """A post as a result may show it: ``posted_at`` is ISO 8601 (results parse it),
    ``text`` the post's searched text (:meth:`schemas.ContentItem.text`), for highlights."""

    id: str
    caption: str | None
    hashtags: list[str]
    views: int | None
    posted_at: str | None
    text: str


class Collab(NamedTuple):
    """A past brand collaboration, as reasons name it."""

    brand: str
    category: str | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Card:
    """What results show of one creator, all of it known when the record is written
    except the data's age (:meth:`summary` takes the moment)."""

    #: :class:`CreatorSummary`'s fields but ``confidence``, as JSON values.
    shown: dict[str, Any]
    #: The record's own data-confidence reasons and refresh time (freshness is added
    #: at :meth:`summary` time).
    confidence_reasons: tuple[str, ...]
    updated_ts: float | None
    content: tuple[ShownPost, ...]
    collaborations: tuple[Collab, ...]

    def confidence(self, now_ts: float) -> DataConfidence:
        """The data confidence at ``now_ts``: the record's reasons plus its freshness."""
        found = [*self.confidence_reasons, *freshness_reasons(self.updated_ts, now_ts)]
        updated = (datetime.fromtimestamp(self.updated_ts, UTC)
                   if self.updated_ts is not None else None)
        age = (round(max(0.0, now_ts - self.updated_ts) / 86_400.0, 1)
               if self.updated_ts is not None else None)
        return DataConfidence(level=level_of(found), reasons=found, updated_at=updated,
                              data_age_days=age)

    def summary(self, now: float | None = None) -> CreatorSummary:
        """The creator as results show it; freshness is judged at ``now`` (default: the
        clock)."""
        return CreatorSummary.model_validate(
            {**self.shown, "confidence": self.confidence(time.time() if now is None else now)})


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def card_of(creator: Creator, facts: Derived | None = None) -> Card:
    """The card of ``creator``; ``facts`` are its credibility check and features if
    already computed (default: :func:`indexer.features.derived`)."""
    cred, feats = facts if facts is not None else derived(creator)
    last = (datetime.fromtimestamp(feats.last_posted_ts, UTC)
            if feats.last_posted_ts is not None else None)
    credibility = None if cred.score is None else CredibilitySummary(
        score=cred.score,
        reasons=[CredibilityReason(code=r.code, severity=r.severity, text=r.text)
                 for r in cred.reasons])
    shown = CreatorSummary(
        id=creator.id, platform=creator.platform, handle=creator.handle,
        display_name=creator.display_name, bio=creator.bio, country=creator.country,
        languages=creator.languages, categories=creator.categories,
        followers=creator.followers, avg_views=feats.avg_views,
        engagement_rate=feats.engagement_rate, tier=feats.tier,
        estimated_cost_eur=feats.estimated_cost_eur,
        brand_safety_flags=creator.brand_safety_flags,
        audience=creator.audience.model_dump() if creator.audience else None,
        last_posted_at=last, content_count=len(creator.content), credibility=credibility,
        follower_growth_30d=_round(feats.follower_growth_30d),
        follower_growth_90d=_round(feats.follower_growth_90d),
        view_growth_30d=_round(feats.view_growth_30d),
        view_growth_90d=_round(feats.view_growth_90d),
    ).model_dump(mode="json", exclude={"confidence"})
    return Card(
        shown=shown, confidence_reasons=feats.confidence_reasons, updated_ts=feats.updated_ts,
        content=tuple(ShownPost(c.id, c.caption, c.hashtags, c.views,
                                c.posted_at.isoformat() if c.posted_at else None, c.text())
                      for c in creator.content),
        collaborations=tuple(Collab(c.brand, c.category, c.date)
                             for c in creator.brand_collaborations),
    )


def card_json(card: Card) -> str:
    """``card`` as compact JSON, for a store to save beside the record."""
    return json.dumps({
        "v": DERIVED_VERSION,
        "shown": card.shown,
        "confidence": [list(card.confidence_reasons), card.updated_ts],
        "content": [list(p) for p in card.content],
        "collabs": [[c.brand, c.category, c.date.isoformat() if c.date else None]
                    for c in card.collaborations],
    }, separators=(",", ":"), ensure_ascii=False)


def card_from_json(text: str) -> Card | None:
    """The inverse of :func:`card_json` (an equal card); None for a card saved by another
    :data:`~indexer.features.DERIVED_VERSION`. Decoded with orjson: a page decodes 20
    cards, ~10 us each against ~23 with :func:`json.loads` (2.6 KB cards). A card orjson
    refuses (a non-finite float or an integer beyond 64 bits, which a record could carry
    before counts were bounded: ``schemas.creator.MAX_COUNT``) is read by ``json``."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = json.loads(text)
    if data.get("v") != DERIVED_VERSION:
        return None
    reasons, updated = data["confidence"]
    return Card(
        shown=data["shown"], confidence_reasons=tuple(reasons), updated_ts=updated,
        content=tuple(ShownPost(*p) for p in data["content"]),
        collaborations=tuple(Collab(b, c, dt.date.fromisoformat(d) if d else None)
                             for b, c, d in data["collabs"]),
    )


def read_cards(saved: Iterable[tuple[str, str | None]],
               records: Callable[[Sequence[str]], dict[str, Creator]]) -> dict[str, Card]:
    """Cards from a store's ``(id, saved card JSON or None)`` rows; a record saved
    without one (written before cards, or by an older Scout) or with one of another
    version gets its card from ``records`` (the store's ``get``), computed."""
    out: dict[str, Card] = {}
    unsaved: list[str] = []
    for cid, text in saved:
        card = None if text is None else card_from_json(text)
        if card is None:
            unsaved.append(cid)
        else:
            out[cid] = card
    for cid, creator in records(unsaved).items():
        out[cid] = card_of(creator)
    return out


__all__ = ["Card", "Collab", "ShownPost", "card_from_json", "card_json", "card_of", "read_cards"]
