"""What results show: creator summaries, matched content with highlights, reasons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conftest import creator_record, post

from indexer.card import card_of
from ranker.present import MATCHED_CONTENT_MAX, highlights, matched_content, reasons, summary
from schemas import Brief, Creator, engagement_rate


def creator(**fields: Any) -> Creator:
    return Creator.model_validate(creator_record("c", **fields))


def test_summary_uses_scout_definitions_and_drops_content() -> None:
    c = creator(engagement_rate=0.9, followers=20_000, brand_safety_flags=["gambling"],
                content=[post("a", "x", views=1_000, likes=70, posted_at="2026-10-01T00:00:00Z")])
    s = summary(c)
    assert s.engagement_rate == engagement_rate(c) != 0.9
    assert s.tier == "micro" and s.content_count == 1
    assert s.last_posted_at is not None and s.last_posted_at.isoformat().startswith("2026-10-01")
    assert s.brand_safety_flags == ["gambling"] and "content" not in s.model_dump()


def test_highlights_match_words_and_shared_stems() -> None:
    assert highlights(["protein", "tasted"], "Proteins and taste tests; tasted twice") == [
        "proteins", "taste", "tasted"]
    assert highlights(["gym"], "Yoga at home") == []


def test_highlights_skip_texts_without_a_stem_but_find_the_same_words() -> None:
    """The substring shortcut (no query stem in the text: no tokenising) finds exactly
    what matching every token does, curly apostrophes and case included."""
    from indexer.text import tokens

    def slow(query: list[str], text: str) -> list[str]:
        stems = {w[:5] if len(w) > 5 else w for w in query}
        return [w for w in tokens(text) if (w[:5] if len(w) > 5 else w) in stems or w in query]

    texts = ["Don’t skip leg day", "DON'T stop", "Proteins & PROTEIN-bars", "Yoga at home",
             "Ünïcödé Straße tasting", "tasted twice #tasty", "", "a b c"]
    queries = [["don't"], ["protein"], ["straße", "tasting"], ["tasty", "yoga"], ["zzz"]]
    for query in queries:
        for text in texts:
            assert highlights(query, text) == slow(query, text), (query, text)
    assert highlights(["don't"], "Don’t skip leg day") == ["don't"]


def test_matched_content_keeps_similar_or_keyword_hits_in_score_order() -> None:
    c = creator(content=[post("a", "Protein bar review"), post("b", "Sunset timelapse"),
                         post("c", "Leg day"), post("d", "Cake"), post("e", "Snack haul")])
    scored = [("c", 0.6), ("a", 0.2), ("e", 0.4), ("b", 0.1), ("d", 0.3), ("gone", 0.9)]
    shown = matched_content(card_of(c).content, scored, ["protein"])
    assert [m.id for m in shown] == ["c", "a", "e"][:MATCHED_CONTENT_MAX]
    assert shown[1].highlights == ["protein"]  # low similarity, but a keyword hit
    assert "b" not in [m.id for m in shown]


def test_reasons_are_sentences_strengths_first_then_weaknesses() -> None:
    brief = Brief.model_validate({"text": "protein bar", "countries": ["DE"],
                                  "budget": {"total": 1_000}, "creators_wanted": 10})
    c = creator(followers=50_000, avg_views=40_000, brand_safety_flags=["profanity"],
                audience={"countries": {"DE": 0.62}},
                content=[post("a", "Protein bar taste test", views=10_000, likes=1_500)])
    shown = summary(c)
    values = {"content_similarity": 0.9, "engagement": 0.75, "audience_fit": 0.62,
              "cost_efficiency": 0.2, "brand_safety": 0.4, "performance": 0.8}
    contributions = {k: v * 0.1 for k, v in values.items()}
    matched = matched_content(card_of(c).content, [("a", 0.7)], ["protein", "bar"])
    lines = reasons(brief, shown, values, contributions, matched)
    assert lines[0].startswith("Content matches the brief")
    assert "62% of the audience is in DE" in lines
    assert any("tier median" in line for line in lines)
    assert any("exceeds" in line for line in lines)  # €100 per creator is not enough
    assert "Brand-safety flags: profanity" in lines[-2:]  # weaknesses come last
    assert len(lines) <= 6 and all(line.strip() for line in lines)


def test_reasons_count_days_without_posts_to_the_match_moment() -> None:
    """A match run at a given moment (``now``) says the same silence the recency signal
    scored, whatever the clock says (reproducible evaluations, backdated matches)."""
    brief = Brief.model_validate({"text": "protein bar"})
    c = creator(content=[post("a", "Protein bar taste test", posted_at="2026-01-01T00:00:00Z")])
    shown = summary(c)
    values = {"recency": 0.0}
    at = datetime(2026, 7, 20, tzinfo=UTC).timestamp()
    assert "No posts for 200 days" in reasons(brief, shown, values, {"recency": 0.0}, [],
                                              now_ts=at)
    soon = datetime(2026, 3, 1, tzinfo=UTC).timestamp()  # 59 days: not worth saying
    assert not any(line.startswith("No posts") for line in
                   reasons(brief, shown, values, {"recency": 0.0}, [], now_ts=soon))
