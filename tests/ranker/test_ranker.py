"""The ranker end to end on small hand-written corpora with the real model."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import creator_record, post, write_jsonl

import ranker.ranker as ranker_module
from indexer.embedder import Embedder
from indexer.stores.base import FilterSpec
from indexer.stores.ids import NumberedIds, Numbering
from ranker.ranker import Ranker, RankerSettings, retrieval_pool
from schemas import Brief, Creator, SearchQuery, engagement_rate, tier_of
from scout.config import load_config
from scout.engine import Engine
from scout.errors import InvalidBrief, InvalidInput, NotFound

NOW = datetime(2026, 11, 1, tzinfo=UTC).timestamp()

PROTEIN = ["Honest taste test: five protein bars ranked after the gym",
           "High-protein snack ideas for leg day", "Which protein bar is worth the money?"]


def posts(prefix: str, captions: list[str], *, views: int, likes: int,
          hashtags: list[str] | None = None) -> list[dict[str, Any]]:
    return [post(f"{prefix}{n}", caption, views=views, likes=likes, hashtags=hashtags,
                 posted_at=f"2026-10-{10 + n:02d}T12:00:00Z")
            for n, caption in enumerate(captions)]


def audience(de: float, at: float, young: float, female: float) -> dict[str, Any]:
    return {"countries": {"DE": de, "AT": at}, "age": {"18-24": young, "25-34": 0.2},
            "gender": {"female": female, "male": 1 - female}}


CORPUS: list[dict[str, Any]] = [
    # same topic, same captions: a micro creator with strong engagement ...
    creator_record("fit_micro", categories=["fitness", "food"], followers=50_000,
                   avg_views=20_000, bio="Gym snacks and honest food reviews",
                   audience=audience(0.7, 0.1, 0.5, 0.6),
                   content=posts("fm", PROTEIN, views=20_000, likes=2_400, hashtags=["protein"])),
    # ... and a mega creator with weak engagement
    creator_record("fit_mega", categories=["fitness", "food"], followers=2_000_000,
                   avg_views=500_000, bio="Gym snacks and honest food reviews",
                   audience=audience(0.6, 0.1, 0.4, 0.5),
                   content=posts("fg", PROTEIN, views=500_000, likes=1_500, hashtags=["protein"])),
    creator_record("gamer", categories=["gaming"], followers=60_000, avg_views=20_000,
                   bio="Speedruns and retro consoles", audience=audience(0.7, 0.1, 0.6, 0.2),
                   content=posts("ga", ["Beating the final boss in under an hour",
                                        "My retro console collection tour"],
                                 views=20_000, likes=2_400)),
    creator_record("baker", categories=["food"], followers=30_000, avg_views=9_000,
                   bio="Sourdough and cakes", audience=audience(0.5, 0.3, 0.3, 0.7),
                   content=posts("ba", ["Chocolate cake without sugar", "Sourdough starter tips"],
                                 views=9_000, likes=800)),
    creator_record("flagged_fit", categories=["fitness"], followers=80_000, avg_views=30_000,
                   bio="Protein and workouts", brand_safety_flags=["profanity"],
                   audience=audience(0.6, 0.2, 0.5, 0.5),
                   content=posts("ff", PROTEIN[:2], views=30_000, likes=3_000)),
    creator_record("at_yoga", country="AT", languages=["de"], categories=["fitness"],
                   followers=15_000, avg_views=5_000, bio="Yoga in Vienna",
                   audience=audience(0.2, 0.7, 0.3, 0.8),
                   content=posts("ay", ["Morning yoga flow for beginners"], views=5_000,
                                 likes=400)),
    creator_record("at_cars", country="AT", languages=["de"], categories=["auto"],
                   followers=120_000, avg_views=40_000, bio="Car reviews",
                   content=posts("ac", ["Testing the new electric hatchback"], views=40_000,
                                 likes=2_000)),
    {"id": "at_silent", "country": "AT", "languages": ["de"], "followers": 9_000},
    creator_record("fr_travel", country="FR", languages=["fr"], categories=["travel"],
                   followers=400_000, avg_views=100_000, bio="Voyages lents en Europe",
                   audience={"countries": {"FR": 0.8}, "age": {"25-34": 0.5}},
                   content=posts("ft", ["Un week-end à Lisbonne", "Train de nuit vers Vienne"],
                                 views=100_000, likes=5_000)),
    creator_record("us_tech", country="US", languages=["en"], categories=["tech"],
                   followers=900_000, avg_views=200_000, bio="Gadget reviews",
                   content=posts("ut", ["Unboxing the new phone", "Best budget laptops"],
                                 views=200_000, likes=6_000)),
    # only stats and hashtags: must still index and rank
    {"id": "bare_tags", "country": "DE", "followers": 12_000, "avg_views": 4_000,
     "content": [{"id": "bt1", "hashtags": ["protein", "gym", "snacks"], "views": 4_000,
                  "likes": 300}]},
    creator_record("de_fashion", categories=["fashion"], followers=250_000, avg_views=60_000,
                   bio="Streetwear from Berlin", audience=audience(0.8, 0.05, 0.55, 0.65),
                   content=posts("df", ["Autumn streetwear haul", "Sneaker rotation"],
                                 views=60_000, likes=4_000)),
]
BY_ID = {r["id"]: Creator.model_validate(r) for r in CORPUS}


@pytest.fixture(scope="module")
def engine(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """CORPUS indexed once for this module; the tests using it only read."""
    data = tmp_path_factory.mktemp("ranker")
    eng = Engine(load_config(data_dir=data / "index", show_progress=False), embedder=embedder)
    eng.index_paths([write_jsonl(data / "creators.jsonl", CORPUS)])
    yield eng
    eng.close()


def match(engine: Engine, **fields: Any) -> Any:
    body = {"text": "Launching a protein bar for gym-goers; want honest taste tests",
            "limit": 100, **fields}
    return engine.match(Brief.model_validate(body), now=NOW)


def ids(response: Any) -> list[str]:
    return [r.creator_id for r in response.results]


def passes(creator: Creator, brief: Brief) -> bool:
    """Reference implementation of the hard filters, straight from the records."""
    er = engagement_rate(creator)
    aud = creator.audience
    checks = [
        not brief.countries or creator.country in brief.countries,
        not brief.languages or bool(set(creator.languages) & set(brief.languages)),
        not brief.categories or bool(set(creator.categories) & set(brief.categories)),
        brief.followers is None or (creator.followers is not None and (
            brief.followers.min is None or creator.followers >= brief.followers.min) and (
            brief.followers.max is None or creator.followers <= brief.followers.max)),
        brief.min_engagement_rate is None or (er is not None and er >= brief.min_engagement_rate),
        creator.id not in brief.exclude_creator_ids,
        brief.brand_safety != "strict" or not creator.brand_safety_flags,
    ]
    target = brief.audience
    if target is not None:
        for dim, share in target.min_share.items():
            keys = {"age": target.age, "countries": target.countries,
                    "gender": [target.gender]}[dim]
            shares = getattr(aud, dim) if aud else {}
            checks.append(sum(shares.get(k, 0.0) for k in keys) >= share - 1e-9)
    return all(checks)


# -- hard filters -------------------------------------------------------------------

FILTERED_BRIEFS: list[dict[str, Any]] = [
    {"countries": ["DE"], "languages": ["de"]},
    {"categories": ["fitness"], "followers": {"min": 20_000, "max": 1_000_000}},
    {"min_engagement_rate": 0.05},
    {"countries": ["DE"], "audience": {"age": ["18-24"], "min_share": {"age": 0.45}}},
    {"audience": {"countries": ["DE"], "gender": "female",
                  "min_share": {"countries": 0.6, "gender": 0.6}}},
    {"categories": ["fitness", "food"], "exclude_creator_ids": ["fit_micro"],
     "brand_safety": "strict"},
]


@pytest.mark.parametrize("fields", FILTERED_BRIEFS)
def test_results_are_exactly_the_creators_passing_every_filter(engine: Engine,
                                                               fields: dict[str, Any]) -> None:
    response = match(engine, **fields)
    brief = Brief.model_validate({"text": "x", **fields})
    expected = {cid for cid, c in BY_ID.items() if passes(c, brief)}
    assert expected, "the brief should leave someone"
    assert set(ids(response)) == expected
    assert response.total == len(expected)
    for result in response.results:
        assert passes(BY_ID[result.creator_id], brief)


def test_narrow_filter_returns_all_creators_even_without_text(engine: Engine) -> None:
    response = match(engine, countries=["AT"])
    # off-topic creators and one with no text at all are still there
    assert sorted(ids(response)) == ["at_cars", "at_silent", "at_yoga"]


def test_filter_with_no_match_returns_nothing(engine: Engine) -> None:
    response = match(engine, countries=["JP"])
    assert response.results == [] and response.total == 0 and response.next_cursor is None


def test_brand_safety_strict_excludes_flagged_creators(engine: Engine) -> None:
    standard = match(engine)
    strict = match(engine, brand_safety="strict")
    assert "flagged_fit" in ids(standard)
    assert "flagged_fit" not in ids(strict)
    assert set(ids(strict)) == set(ids(standard)) - {"flagged_fit"}
    flagged = next(r for r in standard.results if r.creator_id == "flagged_fit")
    assert flagged.signals["brand_safety"] < 1.0
    assert any("profanity" in reason for reason in flagged.reasons)


def test_exclude_creator_ids_is_honoured(engine: Engine) -> None:
    response = match(engine, exclude_creator_ids=["fit_micro", "gamer", "unknown"])
    assert not {"fit_micro", "gamer"} & set(ids(response))
    assert response.total == len(CORPUS) - 2


# -- scores ------------------------------------------------------------------------

def test_scores_sorted_ties_by_id_and_breakdown_sums_to_score(engine: Engine) -> None:
    response = match(engine, countries=["DE"], objective="conversions",
                     budget={"total": 20_000, "currency": "EUR"},
                     audience={"age": ["18-24"], "countries": ["DE"]})
    results = response.results
    assert len(results) >= 5
    keys = [(-r.score, r.creator_id) for r in results]
    assert keys == sorted(keys)
    assert sum(response.weights.values()) == pytest.approx(1.0, abs=1e-5)
    assert set(response.weights) == {
        "content_similarity", "profile_similarity", "lexical", "audience_fit", "engagement",
        "performance", "cost_efficiency", "brand_safety", "recency"}
    for r in results:
        assert set(r.breakdown) == set(response.weights) == set(r.signals)
        assert abs(sum(r.breakdown.values()) - r.score) <= 1e-6
        for name, value in r.signals.items():
            assert 0.0 <= value <= 1.0
            assert r.breakdown[name] == pytest.approx(response.weights[name] * value, abs=2e-6)
        assert r.reasons and all(isinstance(t, str) and t for t in r.reasons)
        assert r.creator.id == r.creator_id


def test_ties_are_broken_by_id(make_engine: Any, tmp_path: Path) -> None:
    # identical profiles and posts: only the id tells them apart
    twins = [creator_record(cid, handle=None, bio="Protein snacks",
                            content=[post(f"{cid}1", "Protein bar")])
             for cid in ("twin_c", "twin_a", "twin_b")]
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "twins.jsonl", twins)])
    response = match(engine)
    assert len({r.score for r in response.results}) == 1
    assert ids(response) == ["twin_a", "twin_b", "twin_c"]


def test_on_topic_creator_outranks_off_topic(engine: Engine) -> None:
    order = ids(match(engine))
    for off_topic in ("gamer", "us_tech", "de_fashion", "at_cars", "baker"):
        assert order.index("fit_micro") < order.index(off_topic)
    top = match(engine).results[0]
    assert top.matched_content, "the matching posts are shown"
    assert top.matched_content[0].id.startswith(("fm", "fg", "ff"))
    assert "protein" in top.matched_content[0].highlights


def test_micro_with_strong_engagement_can_beat_mega_with_weak(engine: Engine) -> None:
    results = {r.creator_id: r for r in match(engine).results}
    micro, mega = results["fit_micro"], results["fit_mega"]
    assert tier_of(BY_ID["fit_micro"].followers) == "micro"
    assert tier_of(BY_ID["fit_mega"].followers) == "mega"
    assert micro.score > mega.score
    assert micro.signals["engagement"] > mega.signals["engagement"]
    assert micro.signals["content_similarity"] == pytest.approx(
        mega.signals["content_similarity"], abs=1e-6)
    assert any("tier median" in reason for reason in micro.reasons)


def test_creator_with_only_stats_and_hashtags_ranks(engine: Engine) -> None:
    response = match(engine)
    bare = next(r for r in response.results if r.creator_id == "bare_tags")
    assert bare.signals["profile_similarity"] > 0  # profile vector from hashtags
    assert bare.signals["content_similarity"] > 0
    assert ids(response).index("bare_tags") < ids(response).index("gamer")


def test_matching_is_deterministic(engine: Engine) -> None:
    first = match(engine, countries=["DE"]).model_dump(exclude={"took_ms"})
    again = match(engine, countries=["DE"]).model_dump(exclude={"took_ms"})
    assert first == again


def test_ann_candidates_agree_with_scoring_everyone(engine: Engine) -> None:
    for fields in ({}, {"countries": ["DE"]}):
        brief = Brief(text="protein bar taste test", limit=5, **fields)
        exhaustive = engine.ranker.match(brief, now=NOW)
        ann = Ranker(engine.backend, engine.encode, RankerSettings(score_all_threshold=0))
        assert ids(ann.match(brief, now=NOW)) == ids(exhaustive)


@pytest.mark.parametrize("concurrent", [True, False], ids=["concurrent", "serial"])
def test_every_candidate_gets_its_exact_bm25_however_it_was_found(engine: Engine,
                                                                   concurrent: bool) -> None:
    """With the retrievers one deep, the vector search's candidates that BM25 matches
    below its top 1 still get their BM25 score: the same signals and scores as scoring
    everyone, not a lexical signal of 0 (whether the content search ran beside BM25 or
    before it)."""
    text = "protein bar taste test after the gym"
    shallow = Ranker(engine.backend, engine.encode,
                     RankerSettings(score_all_threshold=0, candidates_per_retriever=1,
                                    concurrent_retrieval=concurrent))
    top_lexical = engine.backend.docs.lexical(text, FilterSpec(), 1)[0][0]
    everyone = {r.creator_id: r for r in
                engine.ranker.match(Brief(text=text, limit=50), now=NOW).results}
    results = shallow.match(Brief(text=text, limit=50), now=NOW).results
    below = [r.creator_id for r in results
             if r.creator_id != top_lexical and r.signals["lexical"] > 0]
    assert below  # found by the vector search, matched by BM25 below its top 1
    for r in results:
        assert (r.signals, r.score) == (everyone[r.creator_id].signals,
                                        everyone[r.creator_id].score), r.creator_id
    query = SearchQuery(q=text, limit=50)
    hits = {h.creator_id: h.score for h in engine.ranker.search(query).results}
    shallow_hits = shallow.search(query).results
    assert any(h.creator_id in below for h in shallow_hits)
    assert all(h.score == hits[h.creator_id] for h in shallow_hits)


@pytest.mark.parametrize("depth", [1, 2, 400])
def test_concurrent_retrieval_answers_as_one_after_the_other(engine: Engine, depth: int) -> None:
    """The content search on a retrieval thread finds the candidates the serial path
    finds: the same pages, scores, reasons and facets, filtered or not."""
    rankers = {on: Ranker(engine.backend, engine.encode, RankerSettings(
        score_all_threshold=0, candidates_per_retriever=depth, concurrent_retrieval=on))
        for on in (True, False)}
    for fields in ({}, {"countries": ["DE"]}, {"categories": ["fitness", "food"]},
                   {"exclude_creator_ids": ["fit_micro"]}):
        brief = Brief(text="protein bar taste test after the gym", limit=50, **fields)
        query = SearchQuery(q="honest protein snack review", limit=50, facets=["country"],
                            **{k: v for k, v in fields.items() if k != "exclude_creator_ids"})
        got = {on: (r.match(brief, now=NOW).model_dump(exclude={"took_ms"}),
                    r.search(query).model_dump(exclude={"took_ms"}))
               for on, r in rankers.items()}
        assert got[True] == got[False], fields
        assert got[True][0]["results"], fields


def test_the_vector_retrievers_search_to_the_retrieval_floor(engine: Engine) -> None:
    """Each vector search for candidates asks for ``candidates_per_retriever`` creators
    and accepts ``retrieval_floor`` of them (rounded up); on this small index (exact
    scoring, which always returns the full count) the pages are the same either way."""
    asked: list[tuple[str, int, int | None]] = []
    spaces = {"profiles": engine.backend.profiles, "content": engine.backend.content}
    for name, index in spaces.items():
        real = index.search_numbers

        def recorded(query: Any, k: int, groups: Any = None, *, at_least: int | None = None,
                     _real: Any = real, _name: str = name) -> Any:
            asked.append((_name, k, at_least))
            return _real(query, k, groups, at_least=at_least)
        index.search_numbers = recorded  # type: ignore[method-assign]
    try:
        pages = {}
        for floor in (0.5, 1.0):
            asked.clear()
            ranker = Ranker(engine.backend, engine.encode, RankerSettings(
                score_all_threshold=0, candidates_per_retriever=5, retrieval_floor=floor))
            pages[floor] = ranker.match(Brief(text="protein bar taste test", limit=10),
                                        now=NOW).model_dump(exclude={"took_ms"})
            want = 3 if floor == 0.5 else 5
            assert sorted(asked) == [("content", 5, want), ("profiles", 5, want)]
        assert pages[0.5] == pages[1.0] and pages[0.5]["results"]
    finally:
        for index in spaces.values():
            del index.search_numbers


def test_a_failing_vector_search_fails_the_match_as_it_does_serially(engine: Engine) -> None:
    """A query vector of the wrong dimension fails both searches, one of them on the
    retrieval thread: the match raises the serial path's error and does not hang."""
    errors = {}
    for on in (True, False):
        wrong = Ranker(engine.backend, lambda _text: np.ones(7, dtype=np.float32),
                       RankerSettings(score_all_threshold=0, concurrent_retrieval=on))
        with pytest.raises(Exception) as caught:  # which one: compared below
            wrong.match(Brief(text="protein bar taste test", limit=5), now=NOW)
        errors[on] = (type(caught.value), str(caught.value))
    assert errors[True] == errors[False]


def test_content_goes_to_a_retrieval_thread_only_while_the_query_runs_alone(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alone in its process a query hands its content search to a retrieval thread;
    beside another running query (a busy server) it searches on its own thread, with
    the same answer."""
    handed: list[str] = []
    real = retrieval_pool()

    class Counting:
        def submit(self, fn: Any) -> Any:
            handed.append(fn.__name__)
            return real.submit(fn)

    monkeypatch.setattr(ranker_module, "retrieval_pool", Counting)
    ranker = Ranker(engine.backend, engine.encode, RankerSettings(score_all_threshold=0))
    brief = Brief(text="protein bar taste test after the gym", limit=20)
    alone = ranker.match(brief, now=NOW).model_dump(exclude={"took_ms"})
    assert handed == ["search_content"] and ranker_module.RUNNING.count == 0
    ranker.search(SearchQuery(q="protein bar", limit=5))
    assert len(handed) == 2
    with ranker_module.RUNNING.query():  # another query running in this process
        beside = ranker.match(brief, now=NOW).model_dump(exclude={"took_ms"})
        ranker.search(SearchQuery(q="protein bar", limit=5))
    assert len(handed) == 2 and beside == alone
    with pytest.raises(InvalidBrief):  # a failing query is counted out too
        ranker.match(Brief(text="x", weights={"nope": 1.0}), now=NOW)
    assert ranker_module.RUNNING.count == 0


def test_the_engine_passes_concurrent_retrieval_to_its_ranker(make_engine: Any) -> None:
    assert make_engine("on").ranker.settings.concurrent_retrieval is True
    off = make_engine("off", concurrent_retrieval=False)
    assert off.ranker.settings.concurrent_retrieval is False


def test_the_engine_passes_retrieval_floor_to_its_ranker(make_engine: Any) -> None:
    assert make_engine("lean").ranker.settings.retrieval_floor == 0.5
    assert make_engine("full", retrieval_floor=1.0).ranker.settings.retrieval_floor == 1.0
    with pytest.raises(ValueError, match="retrieval_floor"):
        RankerSettings(retrieval_floor=0.0)


def test_candidates_of_the_embedded_backend_carry_their_numbers(engine: Engine) -> None:
    """The candidates reach the stores as NumberedIds: sorted ids, each with the
    numbering's own number, less the excluded, the union of what BM25 and the vector
    searches found, each with its BM25 score; the features keep the numbers for the
    vector spaces."""
    ranker = Ranker(engine.backend, engine.encode,
                    RankerSettings(score_all_threshold=0, candidates_per_retriever=2))
    text = "protein bar taste test after the gym"
    spec = FilterSpec(exclude_ids=frozenset({"fit_micro"}))
    ids, lexical, _ = ranker._candidates(text, engine.encode(text), spec)
    numbering = engine.backend.docs.numbering  # type: ignore[attr-defined]
    assert isinstance(ids, NumberedIds) and ids.numbering is numbering
    assert ids == sorted(ids) and "fit_micro" not in ids
    assert ids.nums.tolist() == [numbering.get(cid) for cid in ids]
    top = dict(engine.backend.docs.lexical(text, spec, 2))
    assert top and set(top) <= set(ids)  # BM25's top k are candidates
    scored = dict(engine.backend.docs.lexical(text, spec, 0, also=list(ids)))
    assert lexical.tolist() == pytest.approx([scored.get(cid, 0.0) for cid in ids])
    rows = engine.backend.docs.features(ids)
    assert isinstance(rows.ids, NumberedIds) and rows.ids.nums.tolist() == ids.nums.tolist()


def test_candidates_are_in_id_order_however_the_creators_were_numbered(
        make_engine: Any, tmp_path: Path) -> None:
    """Creators written to an open store are numbered as they come (CORPUS is not in id
    order), and a store opening them numbers them in id order; the candidates are the
    same sorted ids either way, each with its number."""
    text = "protein bar taste test after the gym"
    settings = RankerSettings(score_all_threshold=0, candidates_per_retriever=3)
    written = make_engine("numbered")
    written.index_paths([write_jsonl(tmp_path / "creators.jsonl", CORPUS)])
    found = []
    for engine in (written, make_engine("numbered")):  # the second opens the same data
        numbering = engine.backend.docs.numbering  # type: ignore[attr-defined]
        ids, _, _ = Ranker(engine.backend, engine.encode, settings)._candidates(
            text, engine.encode(text), FilterSpec())
        assert isinstance(ids, NumberedIds) and len(ids) > 3
        assert ids == sorted(ids) and ids.nums.tolist() == [numbering.get(c) for c in ids]
        found.append((list(ids), numbering.sorted_upto, numbering.in_id_order(ids.nums)))
    (first, head, fast), (again, opened_head, opened_fast) = found
    assert first == again
    assert head < len(CORPUS) and not fast  # written out of order: sorted by id here
    assert opened_head == len(CORPUS) and opened_fast  # numbered in id order on opening


def test_a_forked_child_starts_its_own_retrieval_threads() -> None:
    """A worker forked after the pool started (a pre-forking server) gets a fresh pool:
    the parent's threads do not exist in the child."""
    parent = retrieval_pool()
    assert parent.submit(threading.get_ident).result() != threading.get_ident()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        child_ok, same_object = pool.apply(_child_pool_check, (id(parent),))
    assert child_ok and not same_object


def _child_pool_check(parent_id: int) -> tuple[bool, bool]:
    pool = retrieval_pool()
    return pool.submit(lambda: 6 * 7).result(timeout=10) == 42, id(pool) == parent_id


def test_small_index_scores_everyone_without_filters(engine: Engine) -> None:
    # at_silent has no text (no vectors, no BM25 terms) yet is one of the few creators
    response = match(engine)
    assert "at_silent" in ids(response)
    assert len(response.results) == response.total == len(CORPUS)


# -- pagination and errors -----------------------------------------------------------

def test_pagination_covers_all_results_without_duplicates(engine: Engine) -> None:
    everything = ids(match(engine))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = match(engine, limit=5, cursor=cursor)
        seen.extend(ids(page))
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything and len(set(seen)) == len(seen) == len(CORPUS)
    assert pages == -(-len(CORPUS) // 5)


def test_cursor_from_another_brief_is_rejected(engine: Engine) -> None:
    cursor = match(engine, limit=2).next_cursor
    assert cursor is not None
    with pytest.raises(InvalidInput) as info:
        match(engine, limit=2, cursor=cursor, countries=["DE"])
    assert info.value.field == "cursor"


def test_unknown_weight_name_is_named(engine: Engine) -> None:
    with pytest.raises(InvalidBrief) as info:
        match(engine, weights={"engagement": 1, "virality": 2})
    assert info.value.field == "weights.virality"
    assert "engagement" in info.value.message  # lists the valid names


def test_brief_weight_override_changes_the_order(engine: Engine) -> None:
    only_engagement = match(engine, weights={n: 0 for n in (
        "content_similarity", "profile_similarity", "lexical", "performance", "brand_safety",
        "recency")} | {"engagement": 1})
    assert only_engagement.weights == {"engagement": 1.0}
    scores = {r.creator_id: r.score for r in only_engagement.results}
    assert scores["fit_micro"] > scores["fit_mega"]
    assert all(r.score == r.signals["engagement"] for r in only_engagement.results)


# -- search --------------------------------------------------------------------------

def search(engine: Engine, **fields: Any) -> Any:
    return engine.search(SearchQuery.model_validate({"limit": 100, **fields}))


def test_search_browse_filters_sort_and_facets(engine: Engine) -> None:
    response = search(engine, countries=["DE"], sort="followers",
                      facets=["category", "country", "language", "tier"])
    de = [c for c in BY_ID.values() if c.country == "DE"]
    assert response.total == len(de) == len(response.results)
    followers = [(-(h.creator.followers or -1), h.creator_id) for h in response.results]
    assert followers == sorted(followers)
    assert response.facets["country"] == {"DE": len(de)}
    assert response.facets["category"] == dict(Counter(cat for c in de for cat in c.categories))
    assert response.facets["language"] == dict(Counter(lang for c in de for lang in c.languages))
    assert response.facets["tier"] == dict(Counter(tier_of(c.followers) for c in de))


def test_search_sort_by_engagement_puts_unknown_last(engine: Engine) -> None:
    response = search(engine, sort="engagement")
    rates = [h.creator.engagement_rate for h in response.results]
    known = [r for r in rates if r is not None]
    assert known == sorted(known, reverse=True)
    assert rates[len(known):] == [None] * (len(rates) - len(known))
    assert response.results[-1].creator_id == "at_silent"


def test_search_text_relevance_with_filters_and_facets(engine: Engine) -> None:
    response = search(engine, q="protein bar", countries=["DE"], min_engagement_rate=0.05)
    found = ids(response)
    assert found[0] in ("fit_micro", "flagged_fit")
    assert "gamer" not in found[:3]
    for hit in response.results:
        creator = BY_ID[hit.creator_id]
        assert creator.country == "DE" and (engagement_rate(creator) or 0) >= 0.05
    scores = [(-h.score, h.creator_id) for h in response.results]
    assert scores == sorted(scores)
    assert response.total == len(found)
    assert response.facets["country"] == {"DE": len(found)}
    categories = Counter(cat for cid in found for cat in BY_ID[cid].categories)
    assert response.facets["category"] == dict(categories)


def test_search_text_with_a_stats_sort_keeps_only_text_matches(engine: Engine) -> None:
    relevant = search(engine, q="protein bar")
    by_followers = search(engine, q="protein bar", sort="followers")
    assert set(ids(by_followers)) == set(ids(relevant))
    assert by_followers.total == relevant.total < len(CORPUS)
    assert "at_silent" not in ids(by_followers)  # no text, no match, whatever its stats
    order = [(-(BY_ID[cid].followers or -1), cid) for cid in ids(by_followers)]
    assert order == sorted(order)
    assert by_followers.facets == relevant.facets


def test_search_pagination_and_exclusions(engine: Engine) -> None:
    everything = ids(search(engine, sort="avg_views", exclude_creator_ids=["us_tech"]))
    assert "us_tech" not in everything and len(everything) == len(CORPUS) - 1
    seen: list[str] = []
    cursor = None
    while True:
        page = search(engine, sort="avg_views", exclude_creator_ids=["us_tech"], limit=4,
                      cursor=cursor)
        seen.extend(ids(page))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything


# -- similar ---------------------------------------------------------------------------

def test_similar_excludes_the_seed_and_prefers_the_same_topic(engine: Engine) -> None:
    response = engine.similar("fit_micro", limit=20)
    found = ids(response)
    assert "fit_micro" not in found
    assert found.index("fit_mega") < found.index("gamer")
    assert found.index("fit_mega") < found.index("us_tech")
    assert found[0] == "fit_mega"
    scores = [(-h.score, h.creator_id) for h in response.results]
    assert scores == sorted(scores)
    assert len(engine.similar("fit_micro", limit=3).results) == 3


def test_similar_unknown_creator_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound) as info:
        engine.similar("nobody")
    assert info.value.field == "creator_id"


def test_similar_for_creator_without_vectors_is_empty(engine: Engine) -> None:
    assert engine.similar("at_silent").results == []


def test_ties_go_to_the_lower_id_however_the_candidates_are_numbered() -> None:
    """The tie-break reads an id-ordered numbering's numbers instead of the strings; a
    numbering out of id order (or candidates out of number order) compares the ids."""
    scores = np.array([0.5, 0.9, 0.5, 0.5, 0.1])
    for order in (["a", "b", "c", "d", "e"], ["d", "a", "e", "c", "b"]):
        numbering = Numbering()
        numbering.add_many(order)
        for ids in (["a", "b", "c", "d", "e"], ["b", "a", "d", "c", "e"]):
            numbered = NumberedIds(ids, numbering, numbering.numbers(ids))
            want = sorted(range(5), key=lambda i, ids=ids: (-scores[i], ids[i]))
            assert ranker_module._by_score_then_id(scores, numbered).tolist() == want
            assert ranker_module._by_score_then_id(scores, list(ids)).tolist() == want
