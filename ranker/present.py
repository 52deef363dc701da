"""Turn stored creators into what results show: summaries, matched content, reasons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from indexer.card import Collab, ShownPost, card_of
from indexer.text import tokens
from ranker import signals as sig
from ranker.outcomes import Evidence
from schemas import Brief, Creator, CreatorSummary, MatchedContent
from schemas.creator import brand_key

#: Content scoring at least this cosine similarity is shown as matched.
MATCHED_CONTENT_MIN = 0.25
MATCHED_CONTENT_MAX = 3
#: Below this credibility a result names its worst credibility reason.
CREDIBILITY_WARN = 0.6


def summary(creator: Creator, now: float | None = None) -> CreatorSummary:
    """What results show of ``creator``; freshness is judged at ``now`` (default: the clock)."""
    return card_of(creator).summary(now)


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


@lru_cache(maxsize=16_384)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """Tokens of a content text with their stems (the same posts are shown again and again)."""
    return tuple((word, _stem(word)) for word in tokens(text))


@lru_cache(maxsize=256)
def _any_of(stems: frozenset[str]) -> re.Pattern[str]:
    """One pattern finding any of ``stems`` as a substring (a page tests ~150 posts
    against the same stems: one C-level search each instead of a loop over the stems)."""
    return re.compile("|".join(map(re.escape, sorted(stems))))


def highlights(query_words: list[str], text: str,
               stems: frozenset[str] | None = None) -> list[str]:
    """Words of ``text`` that match a query word (same word or same 5-letter stem).

    A matching word starts with a query word's stem, so a text holding none of the
    stems as a substring has no highlight and is not tokenised (most posts)."""
    if stems is None:
        stems = frozenset(_stem(w) for w in query_words)
    low = text.lower().replace("’", "'")  # as `tokens` reads it
    if not stems or not _any_of(stems).search(low):
        return []
    found: dict[str, None] = {}
    for word, stem in _words(text):
        if stem in stems or word in query_words:
            found.setdefault(word, None)
    return list(found)


def matched_content(posts: Sequence[ShownPost], scored: list[tuple[str, float]],
                    query_words: list[str]) -> list[MatchedContent]:
    """The posts (of one creator's card) to show: in ``scored``'s order, those scoring at
    least :data:`MATCHED_CONTENT_MIN` or holding a query word, at most
    :data:`MATCHED_CONTENT_MAX`."""
    by_id = {p.id: p for p in posts}
    stems = frozenset(_stem(w) for w in query_words)
    out: list[MatchedContent] = []
    for key, score in scored:
        item = by_id.get(key)
        if item is None:
            continue
        hits = highlights(query_words, item.text, stems)
        if score < MATCHED_CONTENT_MIN and not hits:
            continue
        out.append(MatchedContent(id=item.id, caption=item.caption, hashtags=item.hashtags,
                                  similarity=round(score, 4), highlights=hits,
                                  views=item.views, posted_at=item.posted_at))
        if len(out) >= MATCHED_CONTENT_MAX:
            break
    return out


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".0%", "%")


def reasons(brief: Brief, creator: CreatorSummary, values: dict[str, float],
            contributions: dict[str, float], matched: list[MatchedContent], *,
            evidence: Evidence | None = None, now_ts: float | None = None) -> list[str]:
    """Short sentences for the strongest contributions, then notable weaknesses; ages
    are counted to ``now_ts`` (default: the clock), the moment the recency signal used."""
    lines: list[tuple[float, str]] = []
    # Past outcomes are always said when they count: a brand wants to know what it rests on.
    past: list[str] = []
    said = evidence.reason() if evidence is not None else None
    if said and evidence is not None and "past_performance" in values:
        if evidence.score >= 0.5:
            past.append(f"Past results: {said}")
        else:
            lines.append((-1.0, f"Weak past results: {said}"))
    if "content_similarity" in values and matched:
        best = matched[0]
        label = (best.caption or " ".join(f"#{t}" for t in best.hashtags))[:80]
        words = f" (mentions {', '.join(best.highlights[:3])})" if best.highlights else ""
        lines.append((contributions.get("content_similarity", 0),
                      f"Content matches the brief: \"{label}\"{words}"))
    if values.get("profile_similarity", 0) >= 0.5:
        cats = ", ".join(creator.categories[:3]) or "their profile"
        lines.append((contributions["profile_similarity"], f"Profile fits the brief ({cats})"))
    if values.get("lexical", 0) >= 0.5 and not (matched and matched[0].highlights):
        lines.append((contributions["lexical"], "Uses the brief's keywords"))
    if "audience_fit" in values and creator.audience:
        target = brief.audience
        countries = (target.countries if target and target.countries else brief.countries)
        shares = creator.audience.get("countries", {})
        if countries:
            share = sum(shares.get(c, 0.0) for c in countries)
            lines.append((contributions["audience_fit"],
                          f"{_pct(share)} of the audience is in {', '.join(countries)}"))
        if target and target.age:
            share = sum(creator.audience.get("age", {}).get(a, 0.0) for a in target.age)
            lines.append((contributions["audience_fit"] * 0.9,
                          f"{_pct(share)} of the audience is aged {', '.join(target.age)}"))
    if creator.engagement_rate is not None and "engagement" in values:
        median = sig.tier_median(creator.tier)
        ratio = creator.engagement_rate / median
        if ratio >= 1.2:
            unusual = (", unusually high (often bought)"
                       if ratio > sig.ENGAGEMENT_PLAUSIBLE_RATIO else "")
            lines.append((contributions["engagement"],
                          f"Engagement {_pct(creator.engagement_rate)} is {ratio:.1f}x the "
                          f"{creator.tier} tier median ({_pct(median)}){unusual}"))
        elif ratio < 0.6:
            lines.append((-1.0, f"Engagement {_pct(creator.engagement_rate)} is below the "
                                f"{creator.tier} tier median ({_pct(median)})"))
    if values.get("performance", 0) >= 0.6 and creator.avg_views and creator.followers:
        lines.append((contributions["performance"],
                      f"Average views reach {_pct(creator.avg_views / creator.followers)} "
                      "of followers"))
    if "cost_efficiency" in values and creator.estimated_cost_eur is not None and brief.budget:
        per = brief.budget.in_eur() / brief.creators_wanted
        if creator.estimated_cost_eur <= per:
            lines.append((contributions["cost_efficiency"],
                          f"Estimated €{creator.estimated_cost_eur:,.0f} per post fits the "
                          f"€{per:,.0f} budget per creator"))
        else:
            lines.append((-1.0, f"Estimated €{creator.estimated_cost_eur:,.0f} per post exceeds "
                                f"the €{per:,.0f} budget per creator"))
    if creator.brand_safety_flags and "brand_safety" in values:
        lines.append((-1.0, f"Brand-safety flags: {', '.join(creator.brand_safety_flags)}"))
    growth = creator.follower_growth_90d
    if growth is not None and values.get("growth", 0) >= 0.6:
        lines.append((contributions["growth"], f"Followers grew {growth:+.0%} in 90 days"))
    cred = creator.credibility
    if cred is not None and cred.score < CREDIBILITY_WARN and cred.reasons:
        lines.append((-1.0, f"Credibility {cred.score:.2f}: {cred.reasons[0].text}"))
    if creator.last_posted_at is not None and "recency" in values:
        now = datetime.now(UTC) if now_ts is None else datetime.fromtimestamp(now_ts, UTC)
        days = (now - creator.last_posted_at).days
        if days > 120:
            lines.append((-1.0, f"No posts for {days} days"))
    positive = sorted((c, t) for c, t in lines if c >= 0)[::-1][:4]
    negative = [t for c, t in lines if c < 0][:2]
    return [t for _, t in positive] + past + negative


def collaboration_reasons(brief: Brief, collaborations: Sequence[Collab],
                          breakdown: dict[str, float],
                          values: dict[str, float], now_ts: float) -> list[str]:
    """Why a competitor penalty or category experience moved this creator."""
    out: list[str] = []
    rivals = brief.competitors
    if rivals is not None and breakdown.get("competitor"):
        keys, cats = set(rivals.keys()), set(rivals.categories)
        since = now_ts - rivals.window_days * 86_400.0
        for c in collaborations:
            when = (datetime(c.date.year, c.date.month, c.date.day, tzinfo=UTC)
                    .timestamp() if c.date else None)
            if (brand_key(c.brand) in keys or c.category in cats) and (
                    when is None or when >= since):
                out.append(f"Worked with competitor {c.brand} "
                           f"({c.date.isoformat() if c.date else 'undated'}): score "
                           f"{breakdown['competitor']:+.2f}")
                break
    if values.get("category_experience", 0) > 0:
        cats = set(brief.experience_categories())
        brands = [c.brand for c in collaborations if c.category in cats]
        if brands:
            out.append(f"Has worked with {', '.join(dict.fromkeys(brands))} "
                       f"({', '.join(sorted(cats))})")
    return out
