"""Cards: what a page of results reads of a record, saved at index time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from conftest import creator_record, post

from indexer.card import Collab, ShownPost, card_from_json, card_json, card_of, read_cards
from indexer.sample_data import generate
from schemas import Creator
from schemas.creator import MAX_COUNT, MAX_DURATION_S

NOW = 1.8e9


def test_a_card_read_back_equals_the_card_and_shows_the_same_summary() -> None:
    for record, _ in generate(300, seed=3):  # spikes, collaborations, bought audiences
        card = card_of(Creator.model_validate(record))
        back = card_from_json(card_json(card))
        assert back is not None and back == card
        assert back.summary(NOW) == card.summary(NOW)
        assert back.summary(NOW).model_dump_json() == card.summary(NOW).model_dump_json()


def test_the_largest_counts_a_record_may_carry_give_a_card_that_reads_back() -> None:
    """Every count at ``MAX_COUNT``: the costs and rates derived from them stay finite,
    so the card is valid JSON for orjson and reads back equal."""
    top = MAX_COUNT
    record = creator_record(
        "c", followers=top, avg_views=top,
        content=[{**post("p1", "Tofu bowl"), "views": top, "likes": top, "comments": top,
                  "shares": top, "duration_s": MAX_DURATION_S}, post("p2", "Run club")],
        history=[{"date": "2026-09-01", "followers": 0, "avg_views": 0, "posts": 0},
                 {"date": "2026-10-01", "followers": top, "avg_views": top, "posts": top}])
    card = card_of(Creator.model_validate(record))
    text = card_json(card)
    assert "Infinity" not in text and "NaN" not in text
    assert card_from_json(text) == card
    assert card.summary(NOW).estimated_cost_eur is not None


def test_a_card_saved_with_a_non_finite_figure_still_reads() -> None:
    """Before counts were bounded a record could make a cost overflow to infinity, saved
    in its card as ``Infinity`` (JSON's extension, which orjson refuses): such a card
    reads back, not a page failing on it."""
    card = card_of(Creator.model_validate(creator_record("c")))
    saved = json.loads(card_json(card))
    saved["shown"]["estimated_cost_eur"] = float("inf")
    text = json.dumps(saved, separators=(",", ":"))
    assert "Infinity" in text
    back = card_from_json(text)
    assert back is not None and back.shown["estimated_cost_eur"] == float("inf")
    assert back.content == card.content


def test_a_card_holds_what_results_show_of_posts_and_collaborations() -> None:
    creator = Creator.model_validate(creator_record(
        "c", content=[{**post("p1", "Tofu bowl", hashtags=["vegan"]), "music": "Song A",
                       "transcript": "today we cook"},
                      post("p2", "Run club", posted_at="2026-10-01T08:30:00+02:00")],
        brand_collaborations=[{"brand": "Oatly", "category": "food", "date": "2026-05-01"},
                              {"brand": "Nike"}]))
    card = card_from_json(card_json(card_of(creator)))
    assert card is not None
    assert card.content == (
        ShownPost("p1", "Tofu bowl", ["vegan"], 10_000, "2026-10-20T12:00:00+00:00",
                  "Tofu bowl #vegan sound: Song A today we cook"),
        ShownPost("p2", "Run club", [], 10_000, "2026-10-01T08:30:00+02:00", "Run club"))
    assert [p.text for p in card.content] == [c.text() for c in creator.content]
    assert card.collaborations == (Collab("Oatly", "food", dt.date(2026, 5, 1)),
                                   Collab("Nike", None, None))
    shown = card.summary(NOW)
    assert (shown.id, shown.handle, shown.content_count) == ("c", "@c", 2)
    assert shown.last_posted_at == dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC)


def test_a_card_judges_freshness_when_it_is_shown() -> None:
    card = card_of(Creator.model_validate(creator_record("c", updated_at="2026-01-01T00:00:00Z")))
    updated = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp()
    soon, late = card.summary(updated + 86_400), card.summary(updated + 400 * 86_400)
    assert soon.confidence is not None and late.confidence is not None
    assert (soon.confidence.data_age_days, late.confidence.data_age_days) == (1.0, 400.0)
    assert soon.confidence.reasons != late.confidence.reasons  # a stale record says so


def test_a_card_of_another_version_is_computed_again_from_the_record() -> None:
    records = {cid: Creator.model_validate(creator_record(cid, bio=f"bio {cid}"))
               for cid in ("a", "b", "c")}
    old = json.loads(card_json(card_of(records["b"])))
    old["v"] = 0
    asked: list[list[str]] = []

    def get(ids: Sequence[str]) -> dict[str, Creator]:
        asked.append(list(ids))
        return {cid: records[cid] for cid in ids}

    saved = [("a", card_json(card_of(records["a"]))), ("b", json.dumps(old)), ("c", None)]
    assert card_from_json(json.dumps(old)) is None
    assert read_cards(saved, get) == {cid: card_of(c) for cid, c in records.items()}
    assert asked == [["b", "c"]]  # the saved current card is read, the others computed
