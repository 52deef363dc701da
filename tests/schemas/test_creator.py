"""Creator records: validation, normalisation, and Scout's one engagement-rate definition."""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from conftest import creator_record, post
from pydantic import ValidationError

from schemas import (
    ContentItem,
    Creator,
    average_views,
    engagement_rate,
    last_posted,
    parse,
)
from schemas.creator import RECENT_POSTS, STORED
from scout.errors import InvalidRecord


def make(**fields: Any) -> Creator:
    return Creator.model_validate(creator_record("c1", **fields))


# -- engagement rate -------------------------------------------------------------

def test_engagement_rate_is_median_of_recent_posts() -> None:
    # post engagement = (likes + 20 comments + 10 shares) / views
    posts = [post(f"p{i}", "x", views=1_000, likes=likes, posted_at=f"2026-10-{10 + i}T00:00:00Z")
             for i, likes in enumerate([70, 170, 970])]
    creator = make(content=posts, engagement_rate=0.5)
    # (100, 200, 1000) / 1000 -> median 0.2; the viral post does not pull it up,
    # and the record's own value is ignored when posts have views.
    assert engagement_rate(creator) == pytest.approx(0.2)


def test_engagement_rate_uses_only_the_most_recent_posts() -> None:
    old = [post(f"old{i}", "x", views=100, likes=90, posted_at="2020-01-01T00:00:00Z")
           for i in range(RECENT_POSTS)]
    new = [post(f"new{i}", "x", views=1_000, likes=20, posted_at="2026-10-01T00:00:00Z")
           for i in range(RECENT_POSTS)]
    creator = make(content=old + new)
    assert engagement_rate(creator) == pytest.approx(0.05)  # (20 + 20 + 10) / 1000


def test_engagement_rate_skips_posts_without_views() -> None:
    posts = [post("a", "x", views=1_000, likes=70),
             {"id": "b", "caption": "no stats", "likes": 900}]
    assert engagement_rate(make(content=posts)) == pytest.approx(0.1)


def test_engagement_rate_falls_back_to_given_value_then_none() -> None:
    no_views = [{"id": "b", "caption": "no stats"}]
    assert engagement_rate(make(content=no_views, engagement_rate=0.061)) == 0.061
    assert engagement_rate(make(content=[], engagement_rate=0.03)) == 0.03
    assert engagement_rate(make(content=no_views)) is None


def test_post_engagement_counts_missing_interactions_as_zero() -> None:
    item = ContentItem(id="p", views=200, likes=10)
    assert item.engagement() == pytest.approx(0.05)
    assert ContentItem(id="p", views=0, likes=10).engagement() is None


def test_average_views_prefers_record_then_median_of_posts() -> None:
    posts = [post("a", "x", views=100), post("b", "x", views=300), post("c", "x", views=9_000)]
    assert average_views(make(content=posts, avg_views=50)) == 50
    record = creator_record("c1", content=posts)
    del record["avg_views"]
    creator = Creator.model_validate(record)
    assert average_views(creator) == statistics.median([100, 300, 9_000])
    del record["content"]
    assert average_views(Creator.model_validate(record)) is None


def test_recent_content_is_newest_first_and_last_posted() -> None:
    posts = [post("a", "x", posted_at="2026-01-01T00:00:00Z"),
             {"id": "undated", "caption": "?"},
             post("b", "x", posted_at="2026-03-01T00:00:00Z")]
    creator = make(content=posts)
    assert [c.id for c in creator.recent_content()] == ["b", "a", "undated"]
    assert last_posted(creator) is not None
    assert last_posted(creator).isoformat() == "2026-03-01T00:00:00+00:00"
    assert last_posted(make(content=[])) is None


# -- optional fields -------------------------------------------------------------

def test_creator_with_only_id_stats_and_hashtags_validates() -> None:
    creator = Creator.model_validate({
        "id": "bare", "followers": 1200, "avg_views": 300,
        "content": [{"id": "v1", "hashtags": ["#Vegan", "ramen"], "views": 300, "likes": 30}],
    })
    assert creator.bio is None and creator.audience is None and creator.country is None
    assert creator.content[0].hashtags == ["vegan", "ramen"]
    assert creator.content[0].text() == "#vegan #ramen"
    assert engagement_rate(creator) == pytest.approx(0.1)


def test_only_id_is_required() -> None:
    assert Creator.model_validate({"id": "x"}).content == []
    with pytest.raises(ValidationError):
        Creator.model_validate({"handle": "@nobody"})


# -- normalisation ---------------------------------------------------------------

def test_codes_and_lists_are_normalised() -> None:
    creator = make(country="de", languages=["DE", "en", "de"], categories=["Food", " food "],
                   platform="TikTok", brand_safety_flags=["Gambling"],
                   audience={"countries": {"de": 0.5}, "gender": {"Female": 0.6}})
    assert creator.country == "DE"
    assert creator.languages == ["de", "en"]
    assert creator.categories == ["food"]
    assert creator.platform == "tiktok"
    assert creator.brand_safety_flags == ["gambling"]
    assert creator.audience is not None
    assert creator.audience.countries == {"DE": 0.5}
    assert creator.audience.gender == {"female": 0.6}


def test_a_stored_record_reads_back_equal_without_normalising_it_again() -> None:
    """What Scout wrote reads back equal with ``context=STORED``: the validators held when
    it was written, so they pass it through; pydantic's own checks still apply."""
    creator = make(country="de", languages=["DE", "en"], platform="TikTok",
                   categories=["Food"], brand_safety_flags=["Gambling"],
                   audience={"countries": {"de": 0.5}, "gender": {"Female": 0.6}},
                   brand_collaborations=[{"brand": "Oat Co", "category": "Food"}],
                   updated_at="2026-10-01T00:00:00",
                   history=[{"date": "2026-10-01", "followers": 10},
                            {"date": "2026-08-01", "followers": 8}],
                   content=[{**post("v1", "Pasta night"), "hashtags": ["#Pasta", "pasta"],
                             "posted_at": "2026-09-30T18:00:00"}, post("v2", "Tacos")])
    doc = creator.model_dump_json(exclude_none=True)
    stored = Creator.model_validate_json(doc, context=STORED)
    assert stored == creator == Creator.model_validate_json(doc)
    assert stored.content[0].hashtags == ["pasta"]
    assert [p.date.isoformat() for p in stored.history] == ["2026-08-01", "2026-10-01"]
    # the context marks Scout's own output: a raw record read with it is not normalised
    raw = Creator.model_validate_json('{"id": "c1", "country": "de"}', context=STORED)
    assert raw.country == "de"
    for bad, field in (('{"id": "bad id!"}', "id"), ('{"id": "c1", "followers": -5}',
                                                      "followers")):
        with pytest.raises(ValidationError) as info:
            Creator.model_validate_json(bad, context=STORED)
        assert info.value.errors()[0]["loc"] == (field,)


def test_unknown_record_fields_are_ignored() -> None:
    creator = make(favourite_colour="green")
    assert "favourite_colour" not in creator.model_dump()


def test_profile_and_content_text() -> None:
    creator = make(display_name="Lena", handle="@lena", bio="Quick vegan dinners",
                   categories=["food", "vegan"])
    assert creator.profile_text() == "Lena. @lena. Quick vegan dinners. food, vegan"
    item = ContentItem(id="v", caption="Tofu ramen", hashtags=["vegan"], music="Lo-fi beat",
                       transcript="today we cook")
    assert item.text() == "Tofu ramen #vegan sound: Lo-fi beat today we cook"
    assert "sound" not in ContentItem(id="v", caption="x", music="original sound").text()


# -- validation errors name the field -------------------------------------------

@pytest.mark.parametrize(("fields", "field"), [
    ({"country": "Germany"}, "country"),
    ({"languages": ["german!"]}, "languages"),
    ({"followers": -5}, "followers"),
    ({"engagement_rate": 6.1}, "engagement_rate"),
    ({"audience": {"age": {"18-20": 0.5}}}, "audience.age"),
    ({"audience": {"countries": {"DE": 1.5}}}, "audience.countries.DE"),
    ({"audience": {"countries": {"Deutschland": 0.5}}}, "audience.countries"),
    ({"content": [{"id": "ok"}, {"id": "v2", "views": -1}]}, "content[1].views"),
    ({"content": [{"id": "bad id!"}]}, "content[0].id"),
    ({"brand_collaborations": [{"brand": ""}]}, "brand_collaborations[0].brand"),
    ({"history": [{"date": "2026-10-01", "followers": -1}]}, "history[0].followers"),
    ({"history": [{"date": "yesterday"}]}, "history[0].date"),
    # counts beyond any platform's, which would make derived costs and rates overflow
    ({"followers": 10**12 + 1}, "followers"),
    ({"avg_views": 1e308}, "avg_views"),
    ({"avg_views": float("nan")}, "avg_views"),
    ({"content": [{"id": "v1", "likes": 10**400}]}, "content[0].likes"),
    ({"content": [{"id": "v1", "duration_s": float("inf")}]}, "content[0].duration_s"),
    ({"history": [{"date": "2026-10-01", "avg_views": 1e13}]}, "history[0].avg_views"),
    ({"audience_sample": {"ids": ["a"], "population": 10**13}}, "audience_sample.population"),
    ({"history": [{"date": "2026-10-01"}, {"date": "2026-10-01"}]}, "history"),
])
def test_invalid_creator_names_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        parse(Creator, creator_record("c1", **fields), InvalidRecord)
    assert info.value.field == field
    assert info.value.message.startswith(f"{field}: ")


def test_audience_shares_must_not_exceed_one() -> None:
    with pytest.raises(InvalidRecord) as info:
        parse(Creator, creator_record("c1", audience={"age": {"18-24": 0.7, "25-34": 0.6}}),
              InvalidRecord)
    assert info.value.field == "audience"
    assert "age" in info.value.message


def test_duplicate_content_ids_rejected() -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        make(content=[post("v", "a"), post("v", "b")])


def test_parse_rejects_non_objects() -> None:
    with pytest.raises(InvalidRecord, match="expected a JSON object"):
        parse(Creator, ["c1"], InvalidRecord)


def test_naive_datetimes_become_utc() -> None:
    item = ContentItem(id="v", posted_at="2026-10-01T18:00:00")  # type: ignore[arg-type]
    assert item.posted_at is not None and item.posted_at.utcoffset() is not None
    assert item.posted_at.utcoffset().total_seconds() == 0


def test_brand_keys_ignore_case_and_spaces_and_collaborations_round_trip() -> None:
    from schemas.creator import brand_key

    assert brand_key(" Oat  Co ") == brand_key("OATCO") == brand_key("oatco") == "oatco"
    record = creator_record("c1", brand_collaborations=[
        {"brand": "Oat Co", "category": "Food", "date": "2026-03-02"}, {"brand": "Nuttery"}],
        updated_at="2026-10-01T00:00:00")
    creator = Creator.model_validate(record)
    assert creator.brand_collaborations[0].category == "food"
    assert creator.brand_collaborations[1].date is None
    assert creator.updated_at is not None and creator.updated_at.tzinfo is not None
    assert Creator.model_validate_json(creator.model_dump_json()) == creator


# -- history ---------------------------------------------------------------------

def test_history_is_sorted_oldest_first_and_round_trips() -> None:
    creator = make(history=[
        {"date": "2026-10-01", "followers": 51_000, "avg_views": 20_500, "posts": 120},
        {"date": "2026-08-01", "followers": 48_000},
        {"date": "2026-09-01", "avg_views": 19_000},
    ])
    assert [p.date.isoformat() for p in creator.history] == [
        "2026-08-01", "2026-09-01", "2026-10-01"]
    assert creator.history[0].avg_views is None and creator.history[1].followers is None
    again = Creator.model_validate_json(creator.model_dump_json(exclude_none=True))
    assert again == creator


def test_history_is_optional() -> None:
    assert make().history == []


def test_two_points_on_one_day_are_refused() -> None:
    with pytest.raises(InvalidRecord, match="two points dated 2026-10-01") as info:
        parse(Creator, creator_record("c1", history=[{"date": "2026-10-01"},
                                                     {"date": "2026-10-01"}]), InvalidRecord)
    assert info.value.field == "history"
