"""The document store's in-memory mirror answers exactly as its SQL does.

Every read of :class:`SqliteDocumentStore` has a SQL implementation (used inside
transactions) and a mirror implementation (columns + in-memory BM25). Here both
answer the same seeded random filters, facets, pages and keyword queries over a
sample corpus, and must agree exactly: same ids, same order, same BM25 floats.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from indexer.features import CreatorFeatures
from indexer.sample_data import generate
from indexer.stores.base import AudienceMin, FilterSpec, IndexedCreator
from indexer.stores.ids import IdSet
from indexer.stores.sqlite import SqliteDocumentStore
from indexer.stores.sqlite_db import Database
from indexer.text import tokens
from schemas import Creator

N = 400


def _indexed(record: dict) -> IndexedCreator:  # type: ignore[type-arg]
    creator = Creator.model_validate(record)
    return IndexedCreator(creator, CreatorFeatures.of(creator), np.zeros(0, np.float32), {})


@pytest.fixture(scope="module")
def corpus() -> list[dict]:  # type: ignore[type-arg]
    records = [r for r, _ in generate(N, 3)]
    # edge cases the generator may not produce: unknown values, no audience, flags
    records[0] = {**records[0], "country": None, "followers": None, "audience": None}
    records[1] = {**records[1], "languages": [], "categories": [],
                  "brand_safety_flags": ["profanity", "violence"]}
    return records


@pytest.fixture
def store(tmp_path: Path, corpus: list[dict]) -> Iterator[SqliteDocumentStore]:  # type: ignore[type-arg]
    db = Database(tmp_path / "scout.db")
    docs = SqliteDocumentStore(db)
    docs.upsert([_indexed(r) for r in corpus])
    yield docs
    db.close()


def _random_spec(rng: random.Random, corpus: list[dict]) -> FilterSpec:  # type: ignore[type-arg]
    def some(values: list[str], n: int) -> tuple[str, ...]:
        return tuple(rng.sample(values, min(n, len(values))))

    countries = sorted({r["country"] for r in corpus if r.get("country")})
    languages = sorted({v for r in corpus for v in r.get("languages") or []})
    categories = sorted({v for r in corpus for v in r.get("categories") or []})
    kw: dict = {}  # type: ignore[type-arg]
    if rng.random() < 0.4:
        extra = ("ZZ",) if rng.random() < .1 else ()
        kw["countries"] = some(countries, rng.randint(1, 3)) + extra
    if rng.random() < 0.3:
        kw["languages"] = some(languages, rng.randint(1, 2))
    if rng.random() < 0.4:
        kw["categories"] = some(categories, rng.randint(1, 3))
    if rng.random() < 0.2:
        kw["platforms"] = some(["tiktok", "instagram", "youtube"], 1)
    if rng.random() < 0.2:
        kw["tiers"] = some(["nano", "micro", "mid", "macro", "mega"], 2)
    if rng.random() < 0.3:
        kw["followers_min"] = float(rng.choice([1_000, 10_000, 50_000]))
    if rng.random() < 0.2:
        kw["followers_max"] = float(rng.choice([20_000, 500_000]))
    if rng.random() < 0.2:
        kw["avg_views_min"] = float(rng.choice([500, 5_000]))
    if rng.random() < 0.2:
        kw["min_engagement_rate"] = rng.choice([0.01, 0.04])
    if rng.random() < 0.2:
        kw["exclude_flagged"] = True
    if rng.random() < 0.2:
        kw["audience"] = (AudienceMin("countries", some(countries, 2), rng.choice([0.1, 0.3])),)
    if rng.random() < 0.2:
        kw["exclude_ids"] = frozenset(r["id"] for r in rng.sample(corpus, 5))
    return FilterSpec(**kw)


def _sql(store: SqliteDocumentStore, name: str, *args: object) -> object:
    return getattr(store, f"_sql_{name}")(*args)


def test_filters_agree_with_sql(store: SqliteDocumentStore, corpus: list[dict]) -> None:  # type: ignore[type-arg]
    rng = random.Random(1)
    for _ in range(300):
        spec = _random_spec(rng, corpus)
        assert store.filter_ids(spec) == _sql(store, "filter_ids", spec), spec
        selected = store.select(spec)
        assert (selected is None) == spec.is_empty()
        if selected is not None:
            assert sorted(selected) == store.filter_ids(spec)


def test_facets_and_browse_agree_with_sql(store: SqliteDocumentStore,
                                          corpus: list[dict]) -> None:  # type: ignore[type-arg]
    rng = random.Random(2)
    fields = ["country", "platform", "tier", "category", "language"]
    for _ in range(60):
        spec = _random_spec(rng, corpus)
        mirror = store.facets(spec, fields)
        with store.db.transaction():  # inside a transaction the store reads SQL
            sql = store.facets(spec, fields)
        assert mirror == sql
        assert list(mirror["country"]) == list(sql["country"])  # the order too
        for sort in ("followers", "engagement", "avg_views", "relevance"):
            offset, limit = rng.choice([(0, 10), (5, 7), (0, 1000), (390, 20)])
            got = store.browse(spec, sort, offset, limit)  # type: ignore[arg-type]
            with store.db.transaction():
                want = store.browse(spec, sort, offset, limit)  # type: ignore[arg-type]
            assert got == want, (spec, sort, offset, limit)


def test_bm25_equals_fts5_bit_for_bit(store: SqliteDocumentStore,
                                      corpus: list[dict]) -> None:  # type: ignore[type-arg]
    """The compiled scoring loop gives FTS5's scores, bit for bit, filtered or not, and
    leaves nothing behind for the next query (its scratch arrays are reused)."""
    rng = random.Random(3)
    words = sorted({w for r in corpus[:60] for w in tokens(r.get("bio") or "")
                    + [t for c in r.get("content") or [] for t in tokens(c.get("caption") or "")]})
    queries = [" ".join(rng.sample(words, rng.randint(1, 6))) for _ in range(120)]
    queries += ["tests Testing! bakes", "ramen", "the and of", "zzzunknown", "café crème"]
    for n, text in enumerate(queries):
        spec = _random_spec(rng, corpus) if n % 3 == 0 else FilterSpec()
        k = rng.choice([1, 5, 50, 1000])
        got = store.lexical(text, spec, k)
        assert got == _sql(store, "lexical", text, spec, k), text  # exact floats
        also = [r["id"] for r in rng.sample(corpus, rng.choice([1, 10, 100]))]
        want = _sql(store, "lexical", text, spec, k, also)
        assert store.lexical(text, spec, k, also) == want, text
        # the ranker's IdSet of vector candidates is read through a mask, not np.isin
        assert store.lexical(text, spec, k, IdSet.of(store.numbering, also)) == want, text


def test_features_agree_with_sql(store: SqliteDocumentStore, corpus: list[dict]) -> None:  # type: ignore[type-arg]
    ids = [r["id"] for r in corpus[::3]] + ["missing", corpus[0]["id"]]
    got, want = store.features(ids), _sql(store, "features", ids)
    assert got.ids == want.ids  # type: ignore[attr-defined]
    for name in ("followers", "avg_views", "engagement_rate", "estimated_cost_eur",
                 "last_posted_ts", "flag_count"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name))
    assert got.tier == want.tier  # type: ignore[attr-defined]
    assert list(got.audience) == want.audience  # type: ignore[attr-defined]


def test_mirror_follows_writes_deletes_and_other_connections(
        tmp_path: Path, corpus: list[dict]) -> None:  # type: ignore[type-arg]
    db_a, db_b = Database(tmp_path / "scout.db"), Database(tmp_path / "scout.db")
    writer, reader = SqliteDocumentStore(db_a), SqliteDocumentStore(db_b)
    writer.upsert([_indexed(r) for r in corpus[:50]])
    assert reader.count() == 50  # builds its mirror
    spec = FilterSpec(categories=(corpus[2]["categories"][0],))
    changed = {**corpus[2], "categories": ["gaming"], "bio": "zzzfresh words"}
    writer.upsert([_indexed(changed), _indexed(corpus[60])])
    writer.delete([corpus[3]["id"]])
    for docs in (writer, reader):  # the writer applied its commits; the reader replays
        assert docs.count() == 50
        assert docs.filter_ids(spec) == _sql(docs, "filter_ids", spec)
        # stale base postings and the delta, filtered or not
        for text in ("zzzfresh words", corpus[4].get("bio") or "x", "gaming vlog"):
            for filt in (spec, FilterSpec(categories=("gaming",)), FilterSpec()):
                assert docs.lexical(text, filt, 20) == _sql(
                    docs, "lexical", text, filt, 20), (text, filt)
        assert docs.lexical("zzzfresh", FilterSpec(), 5) == [
            (corpus[2]["id"], docs.lexical("zzzfresh", FilterSpec(), 5)[0][1])]
        assert docs.lexical("zzzfresh words", FilterSpec(), 5) == _sql(
            docs, "lexical", "zzzfresh words", FilterSpec(), 5)
    # a snapshot, then more writes: a new store loads it and replays the rest
    writer.save_snapshot()
    writer.upsert([_indexed(corpus[70])])
    fresh = SqliteDocumentStore(Database(tmp_path / "scout.db"))
    assert fresh.count() == 51
    assert fresh.all_ids() == _sql_ids(fresh)
    for text in ("zzzfresh", json.dumps(corpus[70].get("bio"))):
        assert fresh.lexical(text, FilterSpec(), 10) == _sql(fresh, "lexical", text,
                                                             FilterSpec(), 10)
    db_a.close()
    db_b.close()


def _sql_ids(store: SqliteDocumentStore) -> list[str]:
    return [r[0] for r in store.db.query("SELECT id FROM creators ORDER BY id")]


def test_vectorised_audience_fit_equals_the_per_creator_loop(
        store: SqliteDocumentStore, corpus: list[dict]) -> None:  # type: ignore[type-arg]
    from ranker.signals import audience_fit
    from schemas import Brief

    rows = store.features([r["id"] for r in corpus])
    briefs = [
        Brief(text="x", countries=["DE", "AT", "US"]),
        Brief(text="x", audience={"age": ["18-24", "25-34"], "gender": "female",
                                  "countries": ["GB", "FR"]}),
        Brief(text="x", audience={"gender": "male"}),
        Brief(text="x"),
    ]
    for brief in briefs:
        fast = audience_fit(brief, rows.audience)
        slow = audience_fit(brief, list(rows.audience))
        np.testing.assert_array_equal(fast, slow)
