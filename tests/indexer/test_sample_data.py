"""The synthetic corpus: valid v1 records, deterministic, realistic shapes, exposed truth."""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from indexer.sample_data import (
    CATEGORIES,
    COUNTRIES,
    LANGUAGES,
    NICHES,
    REFERENCE_DATE,
    Latent,
    generate,
    load_latent,
    write_sample_data,
)
from schemas import AGE_BUCKETS, Creator, engagement_rate, last_posted, tier_of

Corpus = list[tuple[Creator, Latent, dict[str, Any]]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return [(Creator.model_validate(r), latent, r) for r, latent in generate(2000, 11)]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_record_validates_with_sequential_ids(corpus: Corpus) -> None:
    assert len(corpus) == 2000
    for number, (creator, _, raw) in enumerate(corpus, start=1):
        assert creator.id == f"c_{number:06d}"
        assert set(raw) <= set(Creator.model_fields)  # only v1 names, nothing ignored
        ids = [item.id for item in creator.content]
        assert all(i.startswith(f"v_{number:06d}_") for i in ids)
        for item in raw["content"]:
            assert set(item) <= set(type(creator.content[0]).model_fields)


def test_same_seed_gives_identical_bytes_and_other_seeds_differ(tmp_path: Path) -> None:
    for split in (False, True):
        a = write_sample_data(tmp_path / f"a{split}", 120, 5, split_content=split)
        b = write_sample_data(tmp_path / f"b{split}", 120, 5, split_content=split)
        c = write_sample_data(tmp_path / f"c{split}", 120, 6, split_content=split)
        assert set(a) == set(b) == ({"creators", "content", "latent"} if split
                                    else {"creators", "latent"})
        for name in a:
            raw = a[name].read_bytes()
            assert raw == b[name].read_bytes()
            assert raw != c[name].read_bytes()
            assert b"\r" not in raw and raw.endswith(b"\n")


def test_first_creators_do_not_depend_on_corpus_size() -> None:
    assert generate(40, 3) == generate(90, 3)[:40]
    assert generate(0, 3) == []
    with pytest.raises(ValueError, match="n must be"):
        generate(-1, 3)


def test_categories_countries_and_languages_vary_consistently(corpus: Corpus) -> None:
    categories = {cat for creator, _, _ in corpus for cat in creator.categories}
    assert len(categories) >= 20 and categories <= set(CATEGORIES)
    assert len({creator.country for creator, _, _ in corpus}) >= 15
    for creator, _, _ in corpus:
        assert creator.country is not None
        home = {lang for lang, _ in COUNTRIES[creator.country].languages}
        assert creator.languages[0] in home
    bilingual = [c for c, _, _ in corpus if len(c.languages) > 1]
    assert len(bilingual) > 200


def test_non_english_captions_come_from_each_language(corpus: Corpus) -> None:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for creator, _, _ in corpus:
        for item in creator.content:
            if item.language and item.caption:
                by_lang[item.language].append(item.caption)
    for lang in LANGUAGES:
        templates = "|".join(
            re.escape(t).replace(r"\{item\}", ".+").replace(r"\{n\}", r"\d+")
            for niche in NICHES.values() for t in niche.captions[lang]
        )
        pattern = re.compile(f"(?i:{templates})")
        captions = by_lang[lang]
        assert sum(bool(pattern.match(c)) for c in captions) > len(captions) // 2, lang
    assert any("Schnelles veganes Abendessen" in c for c in by_lang["de"])
    assert any(re.search(r"[\u3040-\u30ff]", c) for c in by_lang["ja"])
    assert any(re.search(r"[\uac00-\ud7a3]", c) for c in by_lang["ko"])


def test_followers_are_heavy_tailed(corpus: Corpus) -> None:
    followers = [c.followers or 0 for c, _, _ in corpus]
    assert statistics.median(followers) < 100_000
    assert max(followers) > 1_000_000
    assert sum(f > 1_000_000 for f in followers) >= 5
    assert sum(2_000 <= f <= 200_000 for f in followers) / len(followers) > 0.7


def test_engagement_rate_falls_with_tier(corpus: Corpus) -> None:
    rates: dict[str, list[float]] = defaultdict(list)
    for creator, _, _ in corpus:
        rate = engagement_rate(creator)
        tier = tier_of(creator.followers)
        if rate is not None and tier is not None:
            rates[tier].append(rate)
    median = {tier: statistics.median(values) for tier, values in rates.items()}
    assert median["nano"] > median["micro"] > median["mid"] > median["macro"] > median["mega"]
    assert 0.06 < median["nano"] < 0.10
    assert 0.01 < median["mega"] < 0.025


def test_post_numbers_match_the_record(corpus: Corpus) -> None:
    for creator, _, _ in corpus:
        if not creator.content:
            assert creator.avg_views is not None and creator.engagement_rate is not None
            continue
        computed = engagement_rate(creator)
        assert computed is not None and creator.engagement_rate is not None
        assert abs(computed - creator.engagement_rate) <= 0.06 * computed + 1e-4
        views = [item.views or 0 for item in creator.content]
        assert creator.avg_views == round(statistics.fmean(views))
        for item in creator.content:
            assert item.likes is not None and item.comments is not None
            assert item.shares is not None and item.views is not None
            assert item.likes + item.comments + item.shares <= item.views
            assert item.comments <= item.likes


def test_split_content_round_trips(tmp_path: Path) -> None:
    nested = write_sample_data(tmp_path / "nested", 150, 9)
    split = write_sample_data(tmp_path / "split", 150, 9, split_content=True)
    content: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in _read_jsonl(split["content"]):
        content[item.pop("creator_id")].append(item)
    rebuilt = []
    for record in _read_jsonl(split["creators"]):
        assert "content" not in record
        rebuilt.append({**record, "content": content.get(record["id"], [])})
    assert rebuilt == _read_jsonl(nested["creators"])
    assert sum(map(len, content.values())) > 150 * 3
    # a non-split run leaves no stale content file behind
    write_sample_data(tmp_path / "split", 150, 9)
    assert not (tmp_path / "split" / "content.jsonl").exists()


def test_latent_file_matches_generate(tmp_path: Path) -> None:
    paths = write_sample_data(tmp_path, 60, 2)
    latents = load_latent(paths["latent"])
    expected = {record["id"]: latent for record, latent in generate(60, 2)}
    assert latents == expected
    assert [r["id"] for r in _read_jsonl(paths["creators"])] == list(expected)
    for latent in latents.values():
        assert latent.niche in NICHES and 0.0 <= latent.quality <= 1.0
        assert latent.price_eur > 0


def test_audience_shares_are_fractions_concentrated_at_home(corpus: Corpus) -> None:
    with_audience = [(c, lat) for c, lat, _ in corpus if c.audience is not None]
    assert len(with_audience) > 1800
    for creator, latent in with_audience:
        assert creator.audience is not None
        for dim in (creator.audience.countries, creator.audience.age, creator.audience.gender):
            assert dim and sum(dim.values()) <= 1.0 + 1e-9
        assert set(creator.audience.age) <= set(AGE_BUCKETS)
        if not latent.inflated:
            top = max(creator.audience.countries, key=creator.audience.countries.__getitem__)
            assert top == creator.country


def test_audience_gender_depends_on_niche(corpus: Corpus) -> None:
    female: dict[str, list[float]] = defaultdict(list)
    for creator, latent, _ in corpus:
        if creator.audience is not None:
            female[latent.niche].append(creator.audience.gender.get("female", 0.0))
    assert statistics.median(female["makeup"]) > 0.75
    assert statistics.median(female["gaming"]) < 0.35
    assert statistics.median(female["cars"]) < 0.3


def _suspicious(creator: Creator) -> bool:
    """Tell-tales of bought reach: views far below followers, no comments, bot audiences."""
    likes = sum(item.likes or 0 for item in creator.content)
    comments = sum(item.comments or 0 for item in creator.content)
    view_ratio = (creator.avg_views or 0) / max(creator.followers or 1, 1)
    bots = 0.0
    if creator.audience is not None:
        farms = {"ID", "BD", "PK", "NG", "EG", "VN", "PH"} - {creator.country}
        bots = sum(s for code, s in creator.audience.countries.items() if code in farms)
    return view_ratio < 0.06 or comments < 0.006 * likes or bots > 0.2


def test_inflated_creators_leave_traces(corpus: Corpus) -> None:
    inflated = [c for c, lat, _ in corpus if lat.inflated and c.content]
    genuine = [c for c, lat, _ in corpus if not lat.inflated and c.content]
    assert 0.02 < len(inflated) / len(corpus) < 0.09
    assert sum(map(_suspicious, inflated)) >= 0.9 * len(inflated)
    assert sum(map(_suspicious, genuine)) <= 0.05 * len(genuine)


def test_recency_with_a_few_stale_creators(corpus: Corpus) -> None:
    stale = 0
    for creator, latent, raw in corpus:
        for item in raw["content"]:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["posted_at"])
        last = last_posted(creator)
        if last is None:
            continue
        age_days = (REFERENCE_DATE - last).total_seconds() / 86_400
        if latent.stale:
            stale += 1
            assert 200 <= age_days <= 400
        else:
            assert 0 <= age_days <= 120
    assert 0.02 < stale / len(corpus) < 0.09
    updated = [c.updated_at for c, _, _ in corpus if c.updated_at is not None]
    assert len(updated) > 0.85 * len(corpus)
    assert all(isinstance(u, datetime) and u <= REFERENCE_DATE for u in updated)


def test_hard_cases_are_present(corpus: Corpus) -> None:
    creators = [c for c, _, _ in corpus]
    flagged = [c for c in creators if c.brand_safety_flags]
    assert 0.01 < len(flagged) / len(creators) < 0.06
    hidden = [c for c, lat, _ in corpus if lat.unsafe and not c.brand_safety_flags]
    assert hidden, "some unsafe creators carry no flag"
    assert any(c.audience is None for c in creators)
    assert any(c.bio is None and c.content for c in creators)
    assert any(c.bio and not c.content for c in creators)
    stats_and_tags = [c for c in creators
                      if c.content and all(i.caption is None for i in c.content)]
    assert stats_and_tags and all(i.hashtags for c in stats_and_tags for i in c.content)
    assert any(len(c.categories) > 1 for c in creators)
    assert any(lat.secondary_niche for _, lat, _ in corpus)
    platforms = [c.platform for c in creators]
    assert platforms.count("tiktok") > len(platforms) / 2
    assert {"instagram", "youtube"} <= set(platforms)
    assert any(i.music == "original sound" for c in creators for i in c.content)
    assert any(i.transcript for c in creators for i in c.content)


def test_handles_are_unique_and_plausible(corpus: Corpus) -> None:
    handles = [c.handle or "" for c, _, _ in corpus]
    assert len(set(handles)) == len(handles)
    assert all(re.fullmatch(r"@[a-z0-9._]{3,30}", h) for h in handles)
    displays = [c.display_name for c, _, _ in corpus]
    assert len(set(displays)) > 0.95 * len(displays)


def test_brand_collaborations_are_dated_and_bounded(corpus: Corpus) -> None:
    counts = [len(c.brand_collaborations) for c, _, _ in corpus]
    assert max(counts) <= 4 and any(counts)
    for creator, _, _ in corpus:
        for collab in creator.brand_collaborations:
            assert collab.date is not None and collab.date < REFERENCE_DATE.date()
            assert collab.category in {*CATEGORIES, "gambling", "alcohol"}


def test_niche_table_is_rich_and_multilingual() -> None:
    assert len(NICHES) >= 20
    assert len(CATEGORIES) >= 20
    for key, niche in NICHES.items():
        assert niche.key == key
        assert set(niche.captions) == set(LANGUAGES) == set(niche.bios) == set(niche.tags)
        assert len(niche.captions["en"]) >= 8 and niche.items
        assert all(near in NICHES and near != key for near in niche.near)
    english = {key: " ".join(n.captions["en"]).lower() for key, n in NICHES.items()}
    assert "vegan" in english["vegan_food"] and "plant-based" in english["vegan_food"]
    for word in ("workout", "training", "gym session"):
        assert word in english["strength_training"]
    assert {"vegan_food", "fitness_nutrition"} <= set(NICHES["home_cooking"].near)


def test_stale_accounts_records_age_without_touching_anything_else(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The aging draws from its own stream: switch it off and only some stale creators'
    ``updated_at`` differ, so every text (and the embedding cache) stays the same."""
    import indexer.sample_data as sd

    aged = generate(600, 5)
    monkeypatch.setattr(sd, "_age_stale_record", lambda record, latent, rng: None)
    fresh = generate(600, 5)
    changed = 0
    for (a, latent), (b, _) in zip(aged, fresh, strict=True):
        if a == b:
            continue
        # history ends at the record's last refresh, so it moves with updated_at
        differ = {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
        assert "updated_at" in differ and differ <= {"updated_at", "history"}
        assert latent.stale
        newest = max(item["posted_at"] for item in a["content"])
        assert a["updated_at"] >= newest  # refreshed after the last post, not before
        assert a["updated_at"] < b["updated_at"]
        changed += 1
    stale = sum(1 for _, latent in aged if latent.stale)
    assert 0 < changed <= stale


def test_history_ends_at_the_record_and_comes_from_its_own_stream(corpus: Corpus) -> None:
    with_history = [(c, lat, r) for c, lat, r in corpus if c.history]
    assert 0.8 < len(with_history) / len(corpus) < 0.95  # the rest: growth unknown
    for creator, _, record in with_history:
        last = creator.history[-1]
        assert last.followers == creator.followers
        assert last.avg_views == pytest.approx(record["avg_views"], abs=1)
        assert [p.date for p in creator.history] == sorted(p.date for p in creator.history)


def test_history_draws_leave_every_other_field_alone(monkeypatch: pytest.MonkeyPatch,
                                                     corpus: Corpus) -> None:
    # Without history the generator writes exactly what it wrote before history existed:
    # history draws from its own stream, so texts (and the embedding cache) stay stable.
    import indexer.sample_data as sd

    monkeypatch.setattr(sd, "_history", lambda *_: [])
    for (record, _), (_, _, with_history) in zip(sd.generate(50, 11), corpus, strict=False):
        assert record == {k: v for k, v in with_history.items() if k != "history"}


def test_bought_followers_often_spike_and_genuine_creators_rarely(corpus: Corpus) -> None:
    from ranker.credibility import follower_spike

    def spiked(c: Creator) -> bool:
        found = follower_spike(c.history)
        return found is not None and found[0] >= 1.25

    bought = [c for c, lat, _ in corpus if lat.inflated and c.history]
    genuine = [c for c, lat, _ in corpus if not lat.inflated and c.history]
    share_bought = sum(map(spiked, bought)) / len(bought)
    share_genuine = sum(map(spiked, genuine)) / len(genuine)
    assert 0.1 < share_bought < 0.6  # only bought followers spike, not every time
    assert 0.005 < share_genuine < 0.05  # shout-outs: honest look-alikes
