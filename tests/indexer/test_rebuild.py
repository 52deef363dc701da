"""Re-indexing from scratch (``scout index --rebuild``) on every backend.

The new catalogue is built aside and swapped in at once: a reader -- a second engine
on the same index, as a running ``scout serve`` would be -- sees the old catalogue
until the swap and the complete new one after it, without reopening anything. A
failed rebuild changes nothing. Embedded: a staging directory next to the data dir,
swapped in by one SQLite transaction. OpenSearch: new versioned indices behind the
aliases, swapped in by one ``_aliases`` call.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import creator_record, post, write_jsonl

from indexer.pipeline import Indexer
from indexer.stores.base import FilterSpec
from scout.cli import main
from scout.engine import Engine
from scout.errors import InvalidInput, InvalidRecord

KINDS = [
    pytest.param({}, id="embedded"),
    pytest.param({"backend": "opensearch", "vector_index": "faiss"}, id="opensearch+faiss",
                 marks=pytest.mark.opensearch),
    pytest.param({"backend": "opensearch", "vector_index": "opensearch"}, id="opensearch+knn",
                 marks=pytest.mark.opensearch),
]

OLD = [
    creator_record("a", bio="Marathon training plans",
                   content=[post("a1", "Long run Sunday", hashtags=["running"])]),
    creator_record("b", bio="Vegan dinners", content=[post("b1", "Tofu ramen")]),
    creator_record("c", bio="Retro games", categories=["gaming"],
                   content=[post("c1", "Zelda speedrun"), post("c2", "Mario tips")]),
]
NEW = [
    creator_record("b", bio="Vegan baking and sourdough", content=[post("b2", "Rye loaf")]),
    creator_record("d", bio="Skincare routines", categories=["beauty"],
                   content=[post("d1", "Night routine")]),
]


@pytest.fixture(params=KINDS)
def settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Engine settings of one backend (OpenSearch ones on a fresh index prefix)."""
    if not request.param:
        return {}
    return {**request.param, "opensearch_url": request.getfixturevalue("opensearch_url"),
            "opensearch_index_prefix": request.getfixturevalue("opensearch_prefix")}


def catalogue(engine: Engine) -> tuple[list[str], int, int, list[str]]:
    """Ids, profile and content vector groups, and the BM25 hits for 'marathon'."""
    engine.refresh(max_age_s=0)
    b = engine.backend
    marathon = [cid for cid, _ in b.docs.lexical("marathon", FilterSpec(), 10)]
    return b.docs.all_ids(), b.profiles.count(), b.content.count(), marathon


def staging_leftovers(engine: Engine) -> list[Path]:
    data_dir = engine.config.data_dir
    return list(data_dir.parent.glob(f".{data_dir.name}.rebuild-*"))


def test_rebuild_makes_the_catalogue_exactly_the_input(
        make_engine: Any, settings: dict[str, Any], tmp_path: Path) -> None:
    engine = make_engine(**settings)
    engine.index_paths([write_jsonl(tmp_path / "old.jsonl", OLD)])
    assert catalogue(engine) == (["a", "b", "c"], 3, 3, ["a"])

    report = engine.rebuild_paths([write_jsonl(tmp_path / "new.jsonl", NEW)])

    assert (report.indexed, report.removed, report.content_items) == (2, 2, 2)
    assert catalogue(engine) == (["b", "d"], 2, 2, [])
    creator, _ = engine.get_creator("b")
    assert creator.bio == "Vegan baking and sourdough"
    assert set(engine.backend.content.vectors("b")) == {"b2"}  # b1 went with the old record
    assert engine.backend.content.vectors("c") == {}
    hits = engine.backend.profiles.search(engine.encode("skincare"), 5)
    assert [h.group for h in hits][:1] == ["d"] and {h.group for h in hits} == {"b", "d"}
    assert staging_leftovers(engine) == []
    # Ordinary writes after a rebuild land in the rebuilt catalogue.
    engine.index_paths([write_jsonl(tmp_path / "more.jsonl", OLD[:1])])
    assert catalogue(engine)[0] == ["a", "b", "d"]


def test_readers_see_the_old_catalogue_until_the_swap(
        make_engine: Any, settings: dict[str, Any], tmp_path: Path) -> None:
    writer = make_engine(**settings)
    writer.index_paths([write_jsonl(tmp_path / "old.jsonl", OLD)])
    reader = make_engine(**settings)  # another process on the same index: a server
    assert catalogue(reader) == (["a", "b", "c"], 3, 3, ["a"])

    from schemas import Creator

    with writer.backend.rebuild() as target:
        Indexer(target, writer.embedder, progress=False).upsert(
            [Creator.model_validate(r) for r in NEW])
        # Written, but invisible to readers until the block ends.
        assert catalogue(reader) == (["a", "b", "c"], 3, 3, ["a"])
        assert reader.get_creator("b")[0].bio == "Vegan dinners"
    # Swapped in: the reader sees all of it, without reopening anything.
    assert catalogue(reader) == (["b", "d"], 2, 2, [])
    assert reader.get_creator("b")[0].bio == "Vegan baking and sourdough"
    assert catalogue(writer) == (["b", "d"], 2, 2, [])


def test_a_failed_rebuild_changes_nothing(
        make_engine: Any, settings: dict[str, Any], tmp_path: Path) -> None:
    engine = make_engine(**settings)
    engine.index_paths([write_jsonl(tmp_path / "old.jsonl", OLD)])
    before = catalogue(engine)

    bad = write_jsonl(tmp_path / "bad.jsonl", [*NEW, creator_record("e", followers=-5)])
    with pytest.raises(InvalidRecord) as caught:
        engine.rebuild_paths([bad])
    assert (caught.value.line, caught.value.field) == (3, "followers")
    assert catalogue(engine) == before

    with pytest.raises(RuntimeError, match="disk full"), engine.backend.rebuild() as target:
        Indexer(target, engine.embedder, progress=False).index_paths(
            [write_jsonl(tmp_path / "new.jsonl", NEW)])
        raise RuntimeError("disk full")
    assert catalogue(engine) == before

    # Only bad records, skipped: the rebuild would empty the index, so it refuses.
    only_bad = write_jsonl(tmp_path / "only_bad.jsonl", [creator_record("e", followers=-5)])
    with pytest.raises(InvalidInput, match="at least one valid creator"):
        engine.rebuild_paths([only_bad], on_error="skip")
    assert catalogue(engine) == before
    assert staging_leftovers(engine) == []


def test_content_of_a_creator_missing_from_a_rebuild_is_a_reject(
        make_engine: Any, tmp_path: Path) -> None:
    """A rebuild's input is the whole catalogue: content is never merged into a stored
    creator the rebuild is about to drop."""
    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "old.jsonl", OLD)])
    orphan = write_jsonl(tmp_path / "content.jsonl",
                         [{"creator_id": "a", **post("a9", "Hill sprints")}])
    report = engine.rebuild_paths([write_jsonl(tmp_path / "new.jsonl", NEW), orphan],
                                  on_error="skip")
    assert catalogue(engine)[0] == ["b", "d"]
    assert [r.field for r in report.rejected] == ["creator_id"]
    assert "unknown creator 'a': not in this input" in report.rejected[0].message


def test_cli_index_rebuild(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = str(tmp_path / "index")
    old, new = write_jsonl(tmp_path / "old.jsonl", OLD), write_jsonl(tmp_path / "new.jsonl", NEW)
    assert main(["index", str(old), "--data-dir", data_dir]) == 0
    assert json.loads(capsys.readouterr().out)["indexed"] == 3
    assert main(["index", str(new), "--rebuild", "--data-dir", data_dir]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["indexed"], out["removed"], out["rejected"]) == (2, 2, 0)
    assert main(["search", "", "--data-dir", data_dir, "--format", "json"]) == 0
    assert sorted(r["creator_id"] for r in json.loads(capsys.readouterr().out)["results"]) \
        == ["b", "d"]
    assert list(tmp_path.glob(".index.rebuild-*")) == []
