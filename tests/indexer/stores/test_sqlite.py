"""SQLite specifics of the embedded backend: one transaction over records and vectors,
SQL filters that never guess, FTS5 BM25. The backend-agnostic behaviour lives in
``test_contract.py``."""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import creator_record, post

from indexer.features import CreatorFeatures
from indexer.stores.base import AudienceMin, FilterSpec, IndexedCreator
from indexer.stores.embedded import EmbeddedBackend
from indexer.stores.sqlite import SqliteDocumentStore
from indexer.stores.sqlite_db import Database
from schemas import Creator

DIM = 8


def indexed(cid: str, **fields: Any) -> IndexedCreator:
    creator = Creator.model_validate(creator_record(cid, **fields))
    rng = np.random.default_rng(zlib.crc32(cid.encode()))
    vec = rng.standard_normal(DIM).astype(np.float32)
    content = {c.id: vec for c in creator.content}
    return IndexedCreator(creator, CreatorFeatures.of(creator), vec / np.linalg.norm(vec), content)


def write(backend: EmbeddedBackend, items: list[IndexedCreator]) -> None:
    with backend.transaction():
        backend.docs.upsert(items)
        backend.profiles.upsert([(i.creator.id, {i.creator.id: i.profile_vector}) for i in items])
        backend.content.upsert([(i.creator.id, i.content_vectors) for i in items])


def rows(backend: EmbeddedBackend, table: str) -> int:
    return int(backend.db.query(f"SELECT COUNT(*) FROM {table}")[0][0])


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    b = EmbeddedBackend(tmp_path / "data", DIM)
    yield b
    b.close()


CORPUS = [
    indexed("a", country="DE", languages=["de"], categories=["food"], followers=5_000,
            bio="Vegan cooking every day", engagement_rate=0.09,
            audience={"age": {"18-24": 0.3, "25-34": 0.2}, "countries": {"DE": 0.8}},
            content=[post("a1", "Crème brûlée without eggs", views=1_000, likes=40)]),
    indexed("b", country="AT", languages=["de", "en"], categories=["fitness", "food"],
            followers=250_000, bio="Gym and protein", brand_safety_flags=["profanity"],
            audience={"age": {"18-24": 0.45}, "countries": {"AT": 0.5, "DE": 0.3}},
            content=[post("b1", "Protein pancakes after leg day", views=50_000, likes=4_000)]),
    indexed("c", country=None, languages=[], categories=["travel"], followers=2_000_000,
            bio="Slow travel", content=[post("c1", "Cooking in a hostel kitchen")]),
    indexed("d", country="DE", languages=["en"], categories=["tech"], followers=None,
            avg_views=None, bio="Gadgets", content=[]),
]


def test_database_runs_in_wal_mode(backend: EmbeddedBackend) -> None:
    assert backend.db.query("PRAGMA journal_mode")[0][0] == "wal"


def test_rollback_covers_records_and_both_vector_spaces(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS[:1])
    before = {t: rows(backend, t) for t in
              ("creators", "creators_fts", "creator_terms", "audience_shares", "vectors",
               "vector_log")}
    with pytest.raises(RuntimeError, match="crash mid-batch"), backend.transaction():
        backend.docs.upsert(CORPUS[1:])
        backend.profiles.upsert([(i.creator.id, {i.creator.id: i.profile_vector})
                                 for i in CORPUS[1:]])
        backend.content.upsert([("b", CORPUS[1].content_vectors)])
        backend.docs.delete(["a"])
        raise RuntimeError("crash mid-batch")
    assert {t: rows(backend, t) for t in before} == before
    assert backend.docs.all_ids() == ["a"]
    assert backend.profiles.count() == 1 and backend.content.count() == 1
    assert backend.profiles.vectors("b") == {} and backend.content.vectors("b") == {}
    assert backend.docs.lexical("protein", FilterSpec(), 5) == []
    # a fresh open of the same data dir agrees
    again = EmbeddedBackend(backend.data_dir, DIM)
    assert again.docs.all_ids() == ["a"] and again.profiles.count() == 1
    again.close()


def test_committed_batch_is_in_both_stores(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    assert backend.docs.count() == 4
    assert backend.profiles.count() == 4
    assert backend.content.count() == 3  # d has no content
    assert backend.health() == {"backend": "embedded", "creators": 4, "profile_vectors": 4,
                                "content_groups": 3}


def test_get_round_trips_the_record(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    got = backend.docs.get(["b", "nope", "a"])
    assert set(got) == {"a", "b"}
    assert got["b"] == CORPUS[1].creator


def test_features_are_aligned_and_nan_when_unknown(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    feats = backend.docs.features(["d", "missing", "a"])
    assert feats.ids == ["d", "a"]
    assert math.isnan(feats.followers[0]) and feats.followers[1] == 5_000
    assert feats.engagement_rate[1] == pytest.approx(0.07)  # the posts' rate beats the record
    assert feats.tier == [None, "nano"]
    assert feats.audience[0] is None and feats.audience[1]["countries"] == {"DE": 0.8}
    assert list(backend.docs.features(["b"]).flag_count) == [1]


@pytest.mark.parametrize(("spec", "expected"), [
    (FilterSpec(), None),
    (FilterSpec(countries=("DE",)), ["a", "d"]),
    (FilterSpec(languages=("de",)), ["a", "b"]),
    (FilterSpec(categories=("food",)), ["a", "b"]),
    (FilterSpec(categories=("food",), languages=("en",)), ["b"]),
    (FilterSpec(tiers=("nano", "mega")), ["a", "c"]),
    (FilterSpec(followers_min=5_000, followers_max=250_000), ["a", "b"]),
    (FilterSpec(followers_min=0), ["a", "b", "c"]),  # unknown followers never pass
    (FilterSpec(min_engagement_rate=0.07), ["a", "b"]),  # bound inclusive
    (FilterSpec(min_engagement_rate=0.075), ["b"]),
    (FilterSpec(exclude_flagged=True), ["a", "c", "d"]),
    (FilterSpec(exclude_ids=frozenset({"a", "c"})), ["b", "d"]),
    (FilterSpec(audience=(AudienceMin("age", ("18-24", "25-34"), 0.5),)), ["a"]),
    (FilterSpec(audience=(AudienceMin("age", ("18-24",), 0.45),)), ["b"]),
    (FilterSpec(audience=(AudienceMin("countries", ("DE",), 0.3),)), ["a", "b"]),
    (FilterSpec(audience=(AudienceMin("countries", ("DE",), 0.3),
                          AudienceMin("age", ("18-24",), 0.4))), ["b"]),
])
def test_filter_ids(backend: EmbeddedBackend, spec: FilterSpec,
                    expected: list[str] | None) -> None:
    write(backend, CORPUS)
    assert backend.docs.filter_ids(spec) == expected


def test_upsert_replaces_side_tables(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    write(backend, [indexed("a", country="FR", categories=["music"], audience=None)])
    assert backend.docs.count() == 4
    assert backend.docs.filter_ids(FilterSpec(categories=("food",))) == ["b"]
    assert backend.docs.filter_ids(FilterSpec(countries=("FR",))) == ["a"]
    assert backend.docs.filter_ids(
        FilterSpec(audience=(AudienceMin("countries", ("DE",), 0.3),))) == ["b"]
    assert rows(backend, "creators_fts") == 4


def test_bm25_stems_folds_diacritics_and_weights_profile(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    hits = backend.docs.lexical("cook", FilterSpec(), 10)
    # "cooking" in a's profile (weight 2) beats "Cooking" in c's content (weight 1)
    assert [cid for cid, _ in hits] == ["a", "c"]
    assert hits[0][1] > hits[1][1] > 0
    assert [cid for cid, _ in backend.docs.lexical("creme brulee", FilterSpec(), 10)] == ["a"]
    assert backend.docs.lexical("the and of", FilterSpec(), 10) == []  # only stopwords
    assert backend.docs.lexical('"; DROP TABLE creators; --', FilterSpec(), 10) == []
    assert backend.docs.count() == 4


def test_bm25_respects_filters_exclusions_and_k(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    assert [c for c, _ in backend.docs.lexical("cook", FilterSpec(categories=("travel",)),
                                                10)] == ["c"]
    assert [c for c, _ in backend.docs.lexical("cook", FilterSpec(
        exclude_ids=frozenset({"a"})), 10)] == ["c"]
    assert len(backend.docs.lexical("cook protein gadgets", FilterSpec(), 2)) == 2


def test_facets_count_filtered_creators(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    facets = backend.docs.facets(FilterSpec(exclude_ids=frozenset({"d"})),
                                 ["country", "category", "language", "tier", "platform"])
    assert facets == {
        "country": {"AT": 1, "DE": 1},
        "category": {"food": 2, "fitness": 1, "travel": 1},
        "language": {"de": 2, "en": 1},
        "tier": {"mega": 1, "mid": 1, "nano": 1},
        "platform": {"tiktok": 3},
    }


def test_browse_sorts_desc_nulls_last_ties_by_id(backend: EmbeddedBackend) -> None:
    write(backend, [*CORPUS, indexed("e", followers=5_000, categories=["food"])])
    ids, total = backend.docs.browse(FilterSpec(), "followers", 0, 10)
    assert ids == ["c", "b", "a", "e", "d"] and total == 5
    page, total = backend.docs.browse(FilterSpec(categories=("food",)), "followers", 1, 1)
    assert page == ["a"] and total == 3
    page, total = backend.docs.browse(FilterSpec(exclude_ids=frozenset({"c"})), "followers", 0, 2)
    assert page == ["b", "a"] and total == 4


def test_delete_returns_only_existing_ids(backend: EmbeddedBackend) -> None:
    write(backend, CORPUS)
    assert backend.docs.delete(["b", "zzz"]) == ["b"]
    assert rows(backend, "creator_terms") == sum(
        len(i.creator.languages) + len(i.creator.categories) for i in CORPUS if i.creator.id != "b")
    assert backend.db.query("SELECT COUNT(*) FROM audience_shares WHERE creator_id='b'")[0][0] == 0
    assert backend.docs.lexical("protein", FilterSpec(), 5) == []


def test_a_database_from_before_collaborations_is_migrated(tmp_path: Path) -> None:
    """Columns added later are added and filled from the stored records on open, so the
    competitor and confidence filters never skip creators indexed before them."""
    from indexer.features import CreatorFeatures
    from indexer.stores.base import CollabRule, FilterSpec, IndexedCreator
    from indexer.stores.sqlite import SqliteDocumentStore
    from indexer.stores.sqlite_db import Database
    from schemas import Creator

    records = [
        {"id": "a", "followers": 10, "brand_collaborations": [{"brand": "Oat Co"}],
         "updated_at": "2026-10-01T00:00:00Z"},
        {"id": "b", "followers": 10},
    ]
    items = [IndexedCreator(c, CreatorFeatures.of(c), np.zeros(0, dtype=np.float32), {})
             for c in (Creator.model_validate(r) for r in records)]
    path = tmp_path / "docs.db"
    db = Database(path)
    SqliteDocumentStore(db, snapshot_dir=tmp_path / "snap").upsert(items)
    for column in ("collabs", "confidence_rank", "updated_ts"):
        db.conn.execute(f"ALTER TABLE creators DROP COLUMN {column}")
    db.close()
    db = Database(path)
    store = SqliteDocumentStore(db, snapshot_dir=tmp_path / "snap")
    assert store.filter_ids(FilterSpec(without_collabs=CollabRule(brands=("oatco",)))) == ["b"]
    assert store.filter_ids(FilterSpec(max_confidence_rank=2)) == ["a", "b"]
    assert store.filter_ids(FilterSpec(updated_since_ts=0.0)) == ["a"]
    db.close()


def test_a_database_from_before_the_derived_stats_gains_their_columns(tmp_path: Path) -> None:
    b = EmbeddedBackend(tmp_path / "data", DIM)
    write(b, [indexed("old", history=[{"date": "2026-09-01", "followers": 40_000},
                                      {"date": "2026-10-01", "followers": 50_000}])])
    path = b.db.path
    b.close()
    import sqlite3

    conn = sqlite3.connect(path)  # as an older Scout left it: no derived-stat columns
    for name in ("credibility", "follower_growth_30d", "follower_growth_90d",
                 "view_growth_30d", "view_growth_90d"):
        conn.execute(f"ALTER TABLE creators DROP COLUMN {name}")
    conn.commit()
    conn.close()
    for snapshot in (tmp_path / "data").rglob("docs.json"):
        snapshot.unlink()
    b = EmbeddedBackend(tmp_path / "data", DIM)
    try:
        # the old row's stats are computed from its stored record on open
        assert b.docs.filter_ids(FilterSpec(minimums=(("credibility", 0.0),))) == ["old"]
        assert b.docs.filter_ids(FilterSpec(minimums=(("follower_growth_30d", 0.2),))) == [
            "old"]
        write(b, [indexed("new")])
        assert b.docs.filter_ids(FilterSpec(minimums=(("credibility", 0.0),))) == [
            "new", "old"]
        write(b, [indexed("old", history=[{"date": "2026-09-01", "followers": 40_000},
                                          {"date": "2026-10-01", "followers": 50_000}])])
        assert b.docs.filter_ids(FilterSpec(minimums=(("follower_growth_30d", 0.2),))) == [
            "old"]
    finally:
        b.close()


def test_get_returns_the_current_record_after_a_change(backend: EmbeddedBackend,
                                                      tmp_path: Path) -> None:
    """Parsed records are cached by their stored JSON: a change (here or by another
    process) is read afresh, an unchanged record is parsed once."""
    write(backend, [indexed("a", bio="Vegan cooking every day")])
    first = backend.docs.get(["a"])["a"]
    assert backend.docs.get(["a"])["a"] is first  # unchanged: the same parsed record
    write(backend, [indexed("a", bio="Now mostly baking")])
    assert backend.docs.get(["a"])["a"].bio == "Now mostly baking"
    other = EmbeddedBackend(tmp_path / "data", DIM)
    try:
        write(other, [indexed("a", bio="Back to vegan")])
    finally:
        other.close()
    assert backend.docs.get(["a"])["a"].bio == "Back to vegan"
    assert first.bio == "Vegan cooking every day"


def test_results_use_the_derived_facts_saved_at_index_time(backend: EmbeddedBackend) -> None:
    """A record read back comes with the credibility check and features saved when it
    was written: the summary is the one computed from scratch, and the saved facts are
    what it shows (b's row given a's saved facts shows a's credibility, nothing is
    recomputed); a change re-saves them."""
    import indexer.features as features
    from ranker.present import summary

    spiky = [{"date": "2026-09-01", "followers": 10_000, "avg_views": 5_000},
             {"date": "2026-09-20", "followers": 40_000, "avg_views": 5_000}]
    write(backend, [indexed("a", history=spiky), indexed("b")])
    fresh = {cid: summary(Creator.model_validate(creator_record(cid, **kw)), now=1.8e9)
             for cid, kw in (("a", {"history": spiky}), ("b", {}))}
    assert fresh["a"].credibility is not None and fresh["a"].credibility.reasons
    assert fresh["b"].credibility != fresh["a"].credibility

    def read_back(cid: str) -> Any:
        features.forget_derived()
        backend.docs._parsed.clear()
        return summary(backend.docs.get([cid])[cid], now=1.8e9)

    assert {cid: read_back(cid) for cid in fresh} == fresh
    with backend.db.transaction():  # b's row now carries a's saved facts
        backend.db.conn.execute(
            "UPDATE creators SET derived = (SELECT derived FROM creators WHERE id = 'a') "
            "WHERE id = 'b'")
    shown = read_back("b")
    assert shown.credibility == fresh["a"].credibility  # read, not recomputed
    assert shown.model_copy(update={"credibility": fresh["b"].credibility}) == fresh["b"]
    write(backend, [indexed("a", bio="new bio")])  # no history now: no spike reason
    again = read_back("a")
    assert again.bio == "new bio" and again.credibility != fresh["a"].credibility


def test_derived_facts_round_trip_and_other_versions_are_ignored() -> None:
    import json

    from indexer.features import derived, derived_from_json, derived_json
    from indexer.sample_data import generate

    for record, _ in generate(300, seed=3):  # bought audiences, spikes, collaborations
        value = derived(Creator.model_validate(record))
        assert derived_from_json(derived_json(value)) == value
    old = json.loads(derived_json(value))
    old["v"] = 0
    assert derived_from_json(json.dumps(old)) is None


def test_a_database_from_before_the_derived_facts_gains_them_on_open(tmp_path: Path) -> None:
    import sqlite3

    from indexer.features import DERIVED_VERSION, derived, forget_derived

    b = EmbeddedBackend(tmp_path / "data", DIM)
    write(b, [indexed(f"c{n}") for n in range(7)])
    path = b.db.path
    b.close()
    conn = sqlite3.connect(path)  # as an older Scout left it: no saved derived facts
    conn.execute("ALTER TABLE creators DROP COLUMN derived")
    conn.execute("DELETE FROM meta WHERE key = 'derived_version'")
    conn.commit()
    conn.close()
    db = Database(path)
    try:
        SqliteDocumentStore(db, derived_batch=2)  # opening fills them, in several batches
    finally:
        db.close()
    b = EmbeddedBackend(tmp_path / "data", DIM)
    try:
        assert b.db.query("SELECT COUNT(*) FROM creators WHERE derived IS NOT NULL")[0][0] == 7
        forget_derived()
        got = b.docs.get([f"c{n}" for n in range(7)])
        saved = {cid: derived(c) for cid, c in got.items()}
        forget_derived()
        assert saved == {cid: derived(Creator.model_validate(creator_record(cid)))
                         for cid in got}
        # facts, or a card, saved by another version are derived again
        for column, cid in (("derived", "c1"), ("card", "c2")):
            conn = sqlite3.connect(path)
            conn.execute(f"UPDATE creators SET {column} = json_set({column}, '$.v', 1) "
                         "WHERE id = ?", (cid,))
            conn.execute("DELETE FROM meta WHERE key = 'derived_version'")
            conn.commit()
            conn.close()
            b.close()
            b = EmbeddedBackend(tmp_path / "data", DIM)
            assert b.db.query(f"SELECT COUNT(*) FROM creators WHERE "
                              f"json_extract({column}, '$.v') IS NOT ?", (DERIVED_VERSION,)
                              )[0][0] == 0
    finally:
        b.close()


def test_a_page_reads_the_cards_saved_with_the_records(backend: EmbeddedBackend) -> None:
    """``cards`` returns the card computed when the record was written (read, not
    recomputed: b's row given a's card shows a), and a changed record re-saves it."""
    from indexer.card import card_of

    records = {"a": creator_record("a", content=[post("p1", "Tofu bowl")],
                                   brand_collaborations=[{"brand": "Oatly"}]),
               "b": creator_record("b", bio="old bio")}
    write(backend, [indexed(cid, **{k: v for k, v in r.items() if k != "id"})
                    for cid, r in records.items()])
    assert backend.docs.cards(["a", "b", "missing"]) == {
        cid: card_of(Creator.model_validate(r)) for cid, r in records.items()}
    with backend.db.transaction():
        backend.db.conn.execute(
            "UPDATE creators SET card = (SELECT card FROM creators WHERE id = 'a') "
            "WHERE id = 'b'")
    assert backend.docs.cards(["b"])["b"].shown["handle"] == "@a"
    write(backend, [indexed("b", bio="new bio")])
    assert backend.docs.cards(["b"])["b"].summary(1.8e9).bio == "new bio"


def test_a_database_from_before_cards_gains_them_on_open(tmp_path: Path) -> None:
    """A database written before cards (saved derived facts, no ``card`` column) gets
    every record's card when it is opened."""
    import sqlite3

    from indexer.card import card_of

    b = EmbeddedBackend(tmp_path / "data", DIM)
    write(b, [indexed(f"c{n}", bio=f"bio {n}") for n in range(5)])
    path = b.db.path
    b.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE creators DROP COLUMN card")
    conn.commit()
    conn.close()
    b = EmbeddedBackend(tmp_path / "data", DIM)
    try:
        assert b.db.query("SELECT COUNT(*) FROM creators WHERE card IS NOT NULL")[0][0] == 5
        ids = [f"c{n}" for n in range(5)]
        assert b.docs.cards(ids) == {
            cid: card_of(Creator.model_validate(creator_record(cid, bio=f"bio {n}")))
            for n, cid in enumerate(ids)}
    finally:
        b.close()


def test_lexical_numbers_find_what_lexical_finds_ties_at_the_cut_included(
        backend: EmbeddedBackend) -> None:
    """The ranker's numbers-only BM25 pass: the same creators and scores as ``lexical``
    (top k, ties at the k-th score going to the ids sorting first, then ``also``'s
    others), whatever the order the creators were written in."""
    twins = [indexed(f"t{n}", bio="Sourdough bread and pastry") for n in (5, 2, 9, 1, 7)]
    others = [indexed("x", bio="Sourdough every morning, sourdough at night"),
              indexed("y", bio="Pastry only"), indexed("z", bio="Gadgets")]
    write(backend, twins + others)  # numbered out of id order
    docs = backend.docs
    table = docs.numbering.ids
    for text in ("sourdough pastry", "pastry", "gadgets", "the and of"):
        for k in (0, 1, 2, 3, 6, 20):
            for also in ((), ["t7", "y", "z", "unknown"]):
                for spec in (FilterSpec(), FilterSpec(exclude_ids=frozenset({"t1", "x"}))):
                    if not k and not also:
                        continue
                    got = docs.lexical_numbers(text, spec, k, also=also)
                    assert got is not None
                    nums, scores = got
                    found = dict(zip((table[n] for n in nums.tolist()), scores.tolist(),
                                     strict=True))
                    assert len(found) == nums.size
                    assert found == pytest.approx(dict(docs.lexical(text, spec, k, also=also)))
    # three twins tied at the cut of k = 3 after "x": the two sorting first are kept
    nums, _ = docs.lexical_numbers("sourdough", FilterSpec(), 3) or (None, None)
    assert nums is not None and sorted(table[n] for n in nums.tolist()) == ["t1", "t2", "x"]
