"""The indexing pipeline: validate everything first, then write both stores consistently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import creator_record, post, write_jsonl

from indexer.embedder import Embedder
from indexer.pipeline import profile_text
from indexer.stores.base import FilterSpec
from schemas import Creator
from scout.engine import Engine
from scout.errors import InvalidRecord


def counts(engine: Engine) -> tuple[int, int, int]:
    b = engine.backend
    return b.docs.count(), b.profiles.count(), b.content.count()


def stored_vector_rows(engine: Engine) -> int:
    rows = engine.backend.db.query("SELECT COUNT(*) FROM vectors")  # type: ignore[attr-defined]
    return int(rows[0][0])


GOOD = [
    creator_record("a", bio="Vegan dinners in 15 minutes",
                   content=[post("a1", "Tofu ramen", hashtags=["vegan"])]),
    creator_record("b", bio="Daily gym workouts", content=[post("b1", "Leg day"),
                                                           post("b2", "Protein pancakes")]),
]


def test_index_writes_docs_and_both_vector_spaces(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    report = engine.index_paths([write_jsonl(tmp_path / "c.jsonl", GOOD)])
    assert (report.indexed, report.content_items, report.rejected) == (2, 3, [])
    assert counts(engine) == (2, 2, 2)
    assert set(engine.backend.content.vectors("b")) == {"b1", "b2"}
    assert set(engine.backend.profiles.vectors("a")) == {"a"}
    creator, shown = engine.get_creator("a")
    assert creator.bio == "Vegan dinners in 15 minutes" and shown.content_count == 1


def test_default_fail_writes_nothing_when_one_record_is_bad(make_engine: Any,
                                                             tmp_path: Path) -> None:
    engine = make_engine()
    bad = [*GOOD, creator_record("c", followers=-1)]
    with pytest.raises(InvalidRecord) as info:
        engine.index_paths([write_jsonl(tmp_path / "c.jsonl", bad)])
    err = info.value
    assert (err.source, err.line, err.field) == (str(tmp_path / "c.jsonl"), 3, "followers")
    assert err.message.startswith(f"{tmp_path / 'c.jsonl'}:3: ")
    assert counts(engine) == (0, 0, 0)
    assert stored_vector_rows(engine) == 0


def test_failed_batch_leaves_existing_index_unchanged(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "first.jsonl", GOOD)])
    before = (counts(engine), stored_vector_rows(engine), engine.get_creator("a")[0])
    changed = [creator_record("a", bio="something else entirely"), creator_record("n"),
               {"id": "bad id with spaces"}]
    with pytest.raises(InvalidRecord) as info:
        engine.index_paths([write_jsonl(tmp_path / "second.jsonl", changed)])
    assert info.value.field == "id" and info.value.line == 3
    assert (counts(engine), stored_vector_rows(engine), engine.get_creator("a")[0]) == before


def test_fail_reports_how_many_more_rejects(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    path = tmp_path / "c.jsonl"
    path.write_text("{oops\n" + json.dumps(creator_record("x", country="Germany")) + "\n")
    with pytest.raises(InvalidRecord, match=r"\(1 more rejects\)") as info:
        engine.index_paths([path])
    assert len(info.value.rejects) == 2  # type: ignore[attr-defined]
    assert counts(engine) == (0, 0, 0)


def test_skip_indexes_good_records_and_writes_reject_report(make_engine: Any,
                                                            tmp_path: Path) -> None:
    engine = make_engine()
    path = tmp_path / "c.jsonl"
    path.write_text("".join([
        json.dumps(GOOD[0]) + "\n",
        "not json\n",
        json.dumps(creator_record("c", audience={"age": {"18-20": 0.5}})) + "\n",
        json.dumps(GOOD[1]) + "\n",
    ]))
    report_path = tmp_path / "out" / "rejects.jsonl"
    report = engine.index_paths([path], on_error="skip", reject_report=report_path)
    assert report.indexed == 2 and len(report.rejected) == 2
    assert report.reject_report == report_path
    assert engine.backend.docs.all_ids() == ["a", "b"]
    assert counts(engine) == (2, 2, 2)
    lines = [json.loads(line) for line in report_path.read_text().splitlines()]
    assert [(r["source"], r["line"], r["field"]) for r in lines] == [
        (str(path), 2, None), (str(path), 3, "audience.age")]
    assert all(r["message"] for r in lines)
    assert report.to_dict()["rejected"] == 2


def test_upsert_replaces_record_and_vectors(make_engine: Any, tmp_path: Path,
                                            embedder: Embedder) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "v1.jsonl", GOOD)])
    new = creator_record("b", bio="Board game reviews", followers=7,
                         content=[post("b9", "Catan strategy guide")])
    engine.index_paths([write_jsonl(tmp_path / "v2.jsonl", [new])])
    assert counts(engine) == (2, 2, 2)
    stored = engine.get_creator("b")[0]
    assert stored.followers == 7 and [c.id for c in stored.content] == ["b9"]
    vectors = engine.backend.content.vectors("b")
    assert set(vectors) == {"b9"}
    expected = embedder.encode([Creator.model_validate(new).content[0].text()])[0]
    np.testing.assert_allclose(vectors["b9"], expected, atol=1e-6)
    profile = engine.backend.profiles.vectors("b")["b"]
    np.testing.assert_allclose(profile, embedder.encode([profile_text(stored)])[0], atol=1e-6)
    # BM25 sees the new text only
    hits = [cid for cid, _ in engine.backend.docs.lexical("catan", _no_filter(), 10)]
    assert hits == ["b"]
    assert engine.backend.docs.lexical("pancakes", _no_filter(), 10) == []


def _no_filter() -> FilterSpec:
    return FilterSpec()


def test_delete_removes_from_docs_and_both_vector_spaces(make_engine: Any,
                                                         tmp_path: Path) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", GOOD)])
    assert engine.delete(["b", "never-indexed"]) == ["b"]
    assert engine.backend.docs.all_ids() == ["a"]
    assert engine.backend.profiles.vectors("b") == {}
    assert engine.backend.content.vectors("b") == {}
    assert counts(engine) == (1, 1, 1)
    rows = engine.backend.db.query("SELECT COUNT(*) FROM vectors WHERE grp = 'b'")
    assert rows[0][0] == 0
    assert engine.backend.docs.lexical("gym workouts", _no_filter(), 10) == []


def test_creator_with_only_stats_and_hashtags_gets_profile_from_hashtags(
        make_engine: Any, tmp_path: Path, embedder: Embedder) -> None:
    engine = make_engine()
    bare = {"id": "bare", "followers": 3000, "avg_views": 900,
            "content": [{"id": "v1", "hashtags": ["vegan", "ramen"], "views": 900, "likes": 90},
                        {"id": "v2", "hashtags": ["vegan"], "views": 800}]}
    report = engine.index_paths([write_jsonl(tmp_path / "c.jsonl", [bare])])
    assert report.indexed == 1
    creator = Creator.model_validate(bare)
    assert creator.profile_text() == ""
    assert profile_text(creator) == "#vegan #ramen"  # most used hashtag first
    vec = engine.backend.profiles.vectors("bare")["bare"]
    np.testing.assert_allclose(vec, embedder.encode(["#vegan #ramen"])[0], atol=1e-6)
    assert set(engine.backend.content.vectors("bare")) == {"v1", "v2"}


def test_creator_without_any_text_indexes_without_vectors(make_engine: Any,
                                                          tmp_path: Path) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "c.jsonl", [{"id": "mute", "followers": 10}])])
    assert engine.backend.docs.all_ids() == ["mute"]
    assert engine.backend.profiles.vectors("mute") == {}
    assert engine.backend.content.vectors("mute") == {}


def test_content_for_an_indexed_creator_merges(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "creators.jsonl", GOOD)])
    content = write_jsonl(tmp_path / "content.jsonl", [
        {"creator_id": "a", **post("a2", "Miso soup")},
        {"creator_id": "a", **post("a1", "Tofu ramen, the remake")},  # replaces a1
    ])
    report = engine.index_paths([content])
    assert report.indexed == 1
    stored = engine.get_creator("a")[0]
    assert {c.id: c.caption for c in stored.content} == {
        "a1": "Tofu ramen, the remake", "a2": "Miso soup"}
    assert stored.bio == "Vegan dinners in 15 minutes"  # the profile is kept
    assert set(engine.backend.content.vectors("a")) == {"a1", "a2"}
    assert set(engine.backend.content.vectors("b")) == {"b1", "b2"}  # untouched


def test_content_for_an_unknown_creator_is_rejected(make_engine: Any, tmp_path: Path) -> None:
    engine = make_engine()
    content = write_jsonl(tmp_path / "content.jsonl",
                          [{"creator_id": "ghost", **post("g1", "boo")}])
    with pytest.raises(InvalidRecord) as info:
        engine.index_paths([content])
    assert (info.value.field, info.value.line) == ("creator_id", 1)
    assert "ghost" in info.value.message
    assert counts(engine) == (0, 0, 0)


def test_index_survives_reopen(make_engine: Any, tmp_path: Path) -> None:
    first = make_engine("shared")
    first.index_paths([write_jsonl(tmp_path / "c.jsonl", GOOD)])
    vec = first.backend.content.vectors("b")["b2"]
    first.close()
    second = make_engine("shared")
    assert counts(second) == (2, 2, 2)
    np.testing.assert_array_equal(second.backend.content.vectors("b")["b2"], vec)
