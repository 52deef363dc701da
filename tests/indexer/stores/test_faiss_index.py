"""FAISS vector index with its SQLite log, checked against brute-force numpy search."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np
import pytest

from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.sqlite_db import Database

DIM = 16


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    mat = rng.standard_normal((n, DIM)).astype(np.float32)
    return mat / np.linalg.norm(mat, axis=1, keepdims=True)


def corpus(seed: int = 7, groups: int = 60) -> dict[str, dict[str, np.ndarray]]:
    """Groups of 1-4 keyed unit vectors, seeded: the exact ground truth is known."""
    rng = np.random.default_rng(seed)
    out: dict[str, dict[str, np.ndarray]] = {}
    for g in range(groups):
        n = int(rng.integers(1, 5))
        vecs = unit(rng, n)
        out[f"g{g:03d}"] = {f"g{g:03d}-k{i}": vecs[i] for i in range(n)}
    return out


def brute_force(data: dict[str, dict[str, np.ndarray]], query: np.ndarray, k: int,
                groups: set[str] | None = None) -> list[tuple[str, str, float]]:
    best: list[tuple[str, str, float]] = []
    for group, vectors in data.items():
        if groups is not None and group not in groups:
            continue
        scored = sorted(((key, float(vec @ query)) for key, vec in vectors.items()),
                        key=lambda kv: (-kv[1], kv[0]))
        best.append((group, *scored[0]))
    best.sort(key=lambda t: (-t[2], t[0]))
    return best[:k]


def as_tuples(hits: list) -> list[tuple[str, str, float]]:  # type: ignore[type-arg]
    return [(h.group, h.key, h.score) for h in hits]


def assert_same(got: list[tuple[str, str, float]], want: list[tuple[str, str, float]]) -> None:
    assert [(g, k) for g, k, _ in got] == [(g, k) for g, k, _ in want]
    np.testing.assert_allclose([s for _, _, s in got], [s for _, _, s in want], atol=1e-5)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "scout.db")
    database.ensure_meta()
    yield database
    database.close()


def open_index(db: Database, tmp_path: Path, exact_threshold: int = 20_000) -> FaissVectorIndex:
    return FaissVectorIndex(db, "content", DIM, tmp_path / "vectors",
                            exact_threshold=exact_threshold)


def table_rows(db: Database, space: str = "content") -> int:
    return int(db.query("SELECT COUNT(*) FROM vectors WHERE space = ?", (space,))[0][0])


@pytest.mark.parametrize("exact_threshold", [0, 20_000], ids=["faiss", "exact"])
def test_search_agrees_with_brute_force(db: Database, tmp_path: Path,
                                        exact_threshold: int) -> None:
    data = corpus()
    index = open_index(db, tmp_path, exact_threshold)
    index.upsert(list(data.items()))
    assert index.count() == len(data)
    rng = np.random.default_rng(1)
    for query in unit(rng, 5):
        for k in (1, 5, 25):
            want = brute_force(data, query, k)
            assert_same(as_tuples(index.search(query, k)), want)
            # the same search restricted to every group (exact below the threshold)
            assert_same(as_tuples(index.search(query, k, set(data))), want)


@pytest.mark.parametrize("exact_threshold", [0, 20_000], ids=["faiss", "exact"])
def test_filtered_search_only_returns_allowed_groups(db: Database, tmp_path: Path,
                                                     exact_threshold: int) -> None:
    data = corpus()
    index = open_index(db, tmp_path, exact_threshold)
    index.upsert(list(data.items()))
    allowed = {g for n, g in enumerate(sorted(data)) if n % 7 == 0} | {"not-indexed"}
    query = unit(np.random.default_rng(2), 1)[0]
    hits = index.search(query, 5, allowed)
    assert {h.group for h in hits} <= allowed
    assert_same(as_tuples(hits), brute_force(data, query, 5, allowed))
    # asking for more than exist returns all allowed groups, never -1 padding
    everything = index.search(query, 100, allowed)
    assert len(everything) == len(allowed) - 1
    assert_same(as_tuples(everything), brute_force(data, query, 100, allowed))
    assert index.search(query, 3, set()) == []
    assert index.search(query, 0) == []


def test_best_and_all_scores_per_group(db: Database, tmp_path: Path) -> None:
    data = corpus(groups=5)
    index = open_index(db, tmp_path)
    index.upsert(list(data.items()))
    query = unit(np.random.default_rng(3), 1)[0]
    groups = ["g001", "g003", "missing"]
    scores = index.scores_per_group(query, groups)
    assert set(scores) == {"g001", "g003"}
    for group, hits in scores.items():
        want = sorted(((k, float(v @ query)) for k, v in data[group].items()),
                      key=lambda kv: (-kv[1], kv[0]))
        assert [k for k, _ in hits] == [k for k, _ in want]
        np.testing.assert_allclose([s for _, s in hits], [s for _, s in want], atol=1e-5)
        best = index.best_per_group(query, groups)[group]
        assert (best.key, best.score) == hits[0]


def test_upsert_replaces_a_group_and_delete_removes_it(db: Database, tmp_path: Path) -> None:
    data = corpus(groups=4)
    index = open_index(db, tmp_path)
    index.upsert(list(data.items()))
    new = unit(np.random.default_rng(4), 1)[0]
    index.upsert([("g001", {"fresh": new})])
    assert set(index.vectors("g001")) == {"fresh"}
    np.testing.assert_array_equal(index.vectors("g001")["fresh"], new)
    assert index.search(new, 1)[0][:2] == ("g001", "fresh")
    index.delete_groups(["g002"])
    assert index.vectors("g002") == {} and index.count() == 3
    assert "g002" not in {h.group for h in index.search(new, 10)}
    assert table_rows(db) == sum(len(v) for g, v in data.items() if g not in ("g001", "g002")) + 1


def test_wrong_dimension_is_refused_before_anything_is_stored(db: Database,
                                                              tmp_path: Path) -> None:
    index = open_index(db, tmp_path)
    with pytest.raises(ValueError, match="dimension"):
        index.upsert([("g", {"k": np.ones(DIM + 1, dtype=np.float32)})])
    assert index.count() == 0


def test_snapshot_save_and_reload_gives_same_results(db: Database, tmp_path: Path) -> None:
    data = corpus()
    index = open_index(db, tmp_path, exact_threshold=0)
    index.upsert(list(data.items()))
    index.upsert([("g005", {"replaced": unit(np.random.default_rng(5), 1)[0]})])
    index.save_snapshot()
    manifest = json.loads((tmp_path / "vectors" / "content.json").read_text())
    assert (tmp_path / "vectors" / manifest["file"]).is_file()
    assert manifest["seq"] == index._seq and manifest["dim"] == DIM

    reloaded = open_index(db, tmp_path, exact_threshold=0)
    # loaded from the snapshot, not rebuilt from the table (a rebuild renumbers ids)
    assert reloaded._next_id == index._next_id > sum(len(v) for v in data.values())
    queries = unit(np.random.default_rng(6), 4)
    for query in queries:
        assert_same(as_tuples(reloaded.search(query, 10)), as_tuples(index.search(query, 10)))
    assert set(reloaded.vectors("g005")) == {"replaced"}
    # saving again replaces the old snapshot file
    reloaded.upsert([("g006", {})])
    reloaded.save_snapshot()
    assert len(list((tmp_path / "vectors").glob("content-*.faiss"))) == 1


def test_second_index_sees_first_writes_after_refresh(tmp_path: Path) -> None:
    db_a, db_b = Database(tmp_path / "scout.db"), Database(tmp_path / "scout.db")
    writer, reader = open_index(db_a, tmp_path), open_index(db_b, tmp_path)
    data = corpus(groups=10)
    writer.upsert(list(data.items()))
    query = unit(np.random.default_rng(8), 1)[0]
    assert reader.count() == 0 and reader.search(query, 3) == []
    reader.refresh()
    assert reader.count() == 10
    assert_same(as_tuples(reader.search(query, 5)), brute_force(data, query, 5))
    writer.delete_groups(["g000"])
    writer.upsert([("g001", {"only": data["g002"]["g002-k0"]})])
    reader.refresh()
    assert reader.vectors("g000") == {} and set(reader.vectors("g001")) == {"only"}
    # and the writer picks up the reader's writes the same way
    reader.upsert([("new", {"n": query})])
    writer.refresh()
    assert writer.search(query, 1)[0][:2] == ("new", "n")
    db_a.close()
    db_b.close()


def test_rolled_back_transaction_leaves_no_vectors(db: Database, tmp_path: Path) -> None:
    index = open_index(db, tmp_path)
    keep = unit(np.random.default_rng(9), 2)
    index.upsert([("kept", {"k": keep[0]})])
    with pytest.raises(RuntimeError, match="boom"), db.transaction():
        index.upsert([("lost", {"l": keep[1]}), ("kept", {"changed": keep[1]})])
        raise RuntimeError("boom")
    assert index.vectors("lost") == {}
    assert set(index.vectors("kept")) == {"k"}
    assert index.count() == 1 and table_rows(db) == 1
    assert [h.group for h in index.search(keep[1], 5)] == ["kept"]
    assert int(db.query("SELECT COUNT(*) FROM vector_log WHERE grp = 'lost'")[0][0]) == 0
    # a fresh process sees the same
    assert open_index(db, tmp_path).vectors("lost") == {}


def test_snapshot_older_than_the_log_is_replayed(db: Database, tmp_path: Path) -> None:
    data = corpus(groups=20)
    index = open_index(db, tmp_path)
    index.upsert(list(data.items())[:10])
    index.save_snapshot()
    # writes after the snapshot, then a "crash": no snapshot is saved again
    index.upsert(list(data.items())[10:])
    index.delete_groups(["g000"])
    moved = unit(np.random.default_rng(10), 1)[0]
    index.upsert([("g001", {"moved": moved})])
    del index

    recovered = open_index(db, tmp_path)
    expected = {g: v for g, v in data.items() if g != "g000"} | {"g001": {"moved": moved}}
    assert recovered.count() == len(expected)
    query = unit(np.random.default_rng(11), 1)[0]
    assert_same(as_tuples(recovered.search(query, 30)), brute_force(expected, query, 30))


@pytest.mark.parametrize("damage", ["corrupt", "from-another-db"])
def test_unusable_snapshot_is_rebuilt_from_the_table(tmp_path: Path, damage: str) -> None:
    data = corpus(groups=8)
    db = Database(tmp_path / "scout.db")
    index = open_index(db, tmp_path)
    index.upsert(list(data.items()))
    index.save_snapshot()
    snap = tmp_path / "vectors"
    if damage == "corrupt":
        manifest = json.loads((snap / "content.json").read_text())
        (snap / manifest["file"]).write_bytes(b"not a faiss index")
    else:  # a newer snapshot than the database: it belongs to a different database
        db.close()
        (tmp_path / "scout.db").unlink()
        for extra in ("scout.db-wal", "scout.db-shm"):
            (tmp_path / extra).unlink(missing_ok=True)
        snap_meta = json.loads((snap / "content.json").read_text())
        assert snap_meta["seq"] > 3
        db = Database(tmp_path / "scout.db")
        data = dict(list(data.items())[:3])
        open_index(db, tmp_path).upsert(list(data.items()))
    rebuilt = open_index(db, tmp_path)
    query = unit(np.random.default_rng(12), 1)[0]
    assert rebuilt.count() == len(data)
    assert_same(as_tuples(rebuilt.search(query, 10)), brute_force(data, query, 10))
    db.close()


def test_a_snapshot_from_an_older_scout_is_replaced_once(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """A manifest in an older format is rebuilt from the table once and rewritten, so later
    starts load it instead of rebuilding every time."""
    data = corpus(groups=8)
    db = Database(tmp_path / "scout.db")
    open_index(db, tmp_path).upsert(list(data.items()))
    open_index(db, tmp_path).save_snapshot()
    manifest = tmp_path / "vectors" / "content.json"
    old = json.loads(manifest.read_text())
    del old["arrays"]  # as written before the id maps moved into their own file
    manifest.write_text(json.dumps(old))
    with caplog.at_level("WARNING", logger="indexer.stores.faiss_index"):
        first = open_index(db, tmp_path)
    assert "ignoring unusable content snapshot" in caplog.text
    assert "arrays" in json.loads(manifest.read_text())
    assert not list((tmp_path / "vectors").glob(".*.tmp"))
    caplog.clear()
    query = unit(np.random.default_rng(14), 1)[0]
    with caplog.at_level("WARNING", logger="indexer.stores.faiss_index"):
        second = open_index(db, tmp_path)
    assert "unusable" not in caplog.text
    expected = brute_force(data, query, 10)
    assert_same(as_tuples(first.search(query, 10)), expected)
    assert_same(as_tuples(second.search(query, 10)), expected)
    db.close()


def test_spaces_are_independent(db: Database, tmp_path: Path) -> None:
    profiles = FaissVectorIndex(db, "profile", DIM, tmp_path / "vectors")
    content = open_index(db, tmp_path)
    vec = unit(np.random.default_rng(13), 1)[0]
    profiles.upsert([("p", {"p": vec})])
    assert content.count() == 0 and content.search(vec, 1) == []
    content.refresh()
    assert content.count() == 0
    assert table_rows(db, "profile") == 1 and table_rows(db, "content") == 0


def test_above_the_threshold_the_index_is_hnsw_over_int8_and_still_agrees(
        db: Database, tmp_path: Path) -> None:
    """HNSW + int8 codes: results match brute force (short lists are re-ranked on the
    exact vectors from the log), filters hold, replaced and deleted groups never come
    back (tombstones), and compaction and snapshots keep the answers."""
    data = corpus(groups=400)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                             exact_threshold=50)
    index.upsert(list(data.items()))
    assert index.mode == "hnsw" and index.count() == 400
    rng = np.random.default_rng(21)
    allowed = {g for n, g in enumerate(sorted(data)) if n % 5 == 0}
    hits = total = 0
    for query in unit(rng, 10):
        got = as_tuples(index.search(query, 10))
        want = brute_force(data, query, 10)
        hits += len({g for g, _, _ in got} & {g for g, _, _ in want})
        total += 10
        assert_same(got[:3], want[:3])  # exact floats after the re-rank
        filtered = index.search(query, 10, allowed)
        assert {h.group for h in filtered} <= allowed
        np.testing.assert_allclose(index.best_scores(query, ["g001", "nope"])[1:], [np.nan])
    assert hits / total >= 0.95
    moved = unit(rng, 1)[0]
    index.upsert([("g001", {"moved": moved})])
    index.delete_groups(["g002"])
    assert [h.group for h in index.search(moved, 1)] == ["g001"]
    assert "g002" not in {h.group for h in index.search(moved, 400)}
    assert set(index.vectors("g001")) == {"moved"}
    index.upsert([(g, v) for g, v in list(data.items())[200:]])  # half the graph is dead
    assert index.compact() and index._next_id == index._live
    index.save_snapshot()
    reloaded = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100)
    assert reloaded.mode == "hnsw" and reloaded.count() == index.count()
    query = unit(rng, 1)[0]
    assert [h.group for h in reloaded.search(query, 5)] == [h.group for h in index.search(query, 5)]


@pytest.mark.parametrize("k", [10, 150])
def test_exact_filtered_search_over_codes_agrees_with_decoding_them(
        db: Database, tmp_path: Path, k: int) -> None:
    """Exact search (HNSW mode) takes each allowed group's best code score in the
    compiled loop, tombstones and all: the same groups, best keys and scores as decoding
    every allowed vector with FAISS's own ``sa_decode`` and scoring it in numpy, and the
    same groups as brute force on the floats up to the int8 rounding."""
    from indexer.stores import faiss_index as fi

    data = corpus(groups=400)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                             exact_threshold=10_000)  # every filtered search is exact
    index.upsert(list(data.items()))
    rng = np.random.default_rng(5)
    replaced = {g: {f"{g}-new": v} for g, v in zip(sorted(data)[:40], unit(rng, 40),
                                                      strict=True)}
    index.upsert(list(replaced.items()))  # 40 groups leave tombstones behind
    data.update(replaced)
    assert index._next_id > index._live
    allowed = {g for n, g in enumerate(sorted(data)) if n % 3 == 0}
    storage = fi.faiss.downcast_index(index._hnsw.storage)
    codes, _, _ = fi._affine_codes(index._hnsw)
    decoded: dict[str, dict[str, np.ndarray]] = {}
    for g in allowed:
        num = index.numbering.get(g)
        fids = np.arange(index._g_start[num], index._g_start[num] + index._g_count[num])
        keys = index._keys.take(fids.tolist())
        decoded[g] = dict(zip(keys, storage.sa_decode(codes[fids]), strict=True))
    for query in unit(rng, 5):
        scanned = as_tuples(index.search(query, k, allowed))
        assert {g for g, _, _ in scanned} <= allowed and len(scanned) == min(k, len(allowed))
        every = brute_force(decoded, query, len(allowed))
        bests = sorted(as_tuples(list(index.best_per_group(query, allowed).values())),
                       key=lambda t: (-t[2], t[0]))
        assert_same(bests, every)
        if k > fi.RERANK_MAX_K:  # long lists keep the codes' scores
            assert_same(scanned, every[:k])
        want = brute_force(data, query, k, allowed)
        if k <= 100:  # short lists are re-ranked on the exact floats
            assert_same(scanned[:3], want[:3])
        overlap = len({g for g, _, _ in scanned} & {g for g, _, _ in want}) / len(want)
        assert overlap >= 0.95


def test_best_scores_follow_writes_made_after_a_query(db: Database, tmp_path: Path) -> None:
    """Each group's best score is remembered per query, never across a write."""
    data = corpus(groups=400)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100)
    index.upsert(list(data.items()))
    query = unit(np.random.default_rng(9), 1)[0]
    before = index.best_scores(query, ["g001", "g002"])
    index.upsert([("g001", {"same": query})])
    index.delete_groups(["g002"])
    after = index.best_scores(query, ["g001", "g002"])
    assert after[0] == pytest.approx(1.0, abs=0.02) and after[0] > before[0]
    assert np.isnan(after[1])
    assert [h.group for h in index.search(query, 1)] == ["g001"]


def test_graph_search_list_grows_with_the_square_root_of_the_graph(
        db: Database, tmp_path: Path) -> None:
    """efSearch stays as configured up to ``ef_grows_past`` vectors, then grows with the
    square root of the size (4x the vectors, 2x the list), and so does the router's cost
    estimate of a filtered graph search; answers stay exact."""
    data = corpus(groups=300)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "snap", hnsw_threshold=50,
                             ef_search=32, ef_grows_past=100)
    first = dict(list(data.items())[:20])  # at most 80 vectors
    index.upsert(list(first.items()))
    assert index._live <= 100 and index._ef_floor() == 32
    index.upsert(list(data.items()))
    live = index._live
    assert index.mode == "hnsw" and live > 400
    assert index._ef_floor() == int(32 * (live / 100) ** 0.5)
    assert index._ef(10, 1.0) == index._ef_floor()
    query = unit(np.random.default_rng(3), 1)[0]
    assert_same(as_tuples(index.search(query, 5)), brute_force(data, query, 5))


def test_int8_codes_are_scored_and_decoded_as_faiss_decodes_them(
        db: Database, tmp_path: Path) -> None:
    """Scores and vectors computed from the int8 codes in numpy (the affine form of
    FAISS's 8-bit quantizer) equal FAISS's own ``sa_decode`` of those codes, and decode
    close to the original floats."""
    from indexer.stores import faiss_index as fi

    data = corpus(groups=300)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100)
    index.upsert(list(data.items()))
    assert index.mode == "hnsw"
    hnsw = index._hnsw
    codes, _, _ = fi._affine_codes(hnsw)
    fids = np.arange(hnsw.ntotal - 1, -1, -3)  # out of order
    reference = fi.faiss.downcast_index(hnsw.storage).sa_decode(codes[fids])
    np.testing.assert_allclose(fi.FaissVectorIndex._decoded_from(hnsw, index._vecs, fids,
                                                                 chunk=64),  # several blocks
                               reference, rtol=0, atol=1e-6)
    query = unit(np.random.default_rng(3), 1)[0]
    np.testing.assert_allclose(fi._code_scores(hnsw, fids, query), reference @ query,
                               rtol=0, atol=1e-5)
    originals = np.vstack([v for g in data.values() for v in g.values()])
    decoded = fi.FaissVectorIndex._decoded_from(hnsw, index._vecs, np.arange(hnsw.ntotal),
                                                chunk=64)
    assert np.abs(np.sort(decoded @ query) - np.sort(originals @ query)).max() < 0.05


@pytest.mark.parametrize("hnsw_threshold", [100, 20_000], ids=["hnsw", "flat"])
def test_search_numbers_name_the_groups_search_finds(db: Database, tmp_path: Path,
                                                     hnsw_threshold: int) -> None:
    """``search_numbers`` (the ranker's candidates) finds exactly the groups ``search``
    does, as numbers of the shared numbering: short re-ranked lists and long ones,
    filtered or not, and with ties at the cut settled by group id as ``search`` does."""
    data = corpus(groups=400)
    twin = unit(np.random.default_rng(9), 1)[0]
    data.update({f"t{n:03d}": {f"t{n:03d}-k0": twin} for n in range(30, 0, -1)})
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors",
                             hnsw_threshold=hnsw_threshold, exact_threshold=50)
    index.upsert(list(data.items()))
    ids = index.numbering.ids
    allowed = {g for n, g in enumerate(sorted(data)) if n % 3 == 0}
    queries = [*unit(np.random.default_rng(4), 4), twin]
    for query in queries:
        for k in (5, 120):
            for groups in (None, allowed):
                want = {h.group for h in index.search(query, k, groups)}
                got = index.search_numbers(query, k, groups)
                assert got.tolist() == sorted(got.tolist())
                assert {ids[n] for n in got.tolist()} == want and len(want) == min(
                    k, len(data if groups is None else allowed))
    # thirty groups score the same for the twin: the lowest ids make the cut
    tied = index.search_numbers(twin, 12)
    assert sorted(ids[n] for n in tied.tolist()) == [f"t{n:03d}" for n in range(1, 13)]
    assert index.search_numbers(twin, 0).size == 0
    assert index.search_numbers(twin, 5, set()).size == 0


def clustered(groups: int, per_group: int, seed: int = 3) -> dict[str, dict[str, np.ndarray]]:
    """Groups of ``per_group`` vectors around a centre each (a creator's posts resemble
    one another): a graph list finds fewer groups per vector than random groups."""
    rng = np.random.default_rng(seed)
    out: dict[str, dict[str, np.ndarray]] = {}
    for g, centre in enumerate(unit(rng, groups)):
        vecs = centre + 0.13 * rng.standard_normal((per_group, DIM)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        out[f"g{g:04d}"] = {f"g{g:04d}-k{i}": vecs[i] for i in range(per_group)}
    return out


def test_at_least_makes_a_graph_search_a_depth_of_the_best_groups(
        db: Database, tmp_path: Path) -> None:
    """``search_numbers(..., at_least=m)``: a list sized for the median query, the best
    ``k`` of the groups owning its vectors. Fewer than ``k`` for some queries (the list is
    shorter than the worst query needs), never fewer than ``m``, filtered or not, and
    those found are the exact best groups of that many: a shallower search, not a worse
    one."""
    data = clustered(600, 8)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors",
                             hnsw_threshold=100, exact_threshold=50)
    index.upsert(list(data.items()))
    assert index.mode == "hnsw"
    index.auto_exact = False  # the filtered searches below go through the graph too
    ids = index.numbering.ids
    allowed = {g for n, g in enumerate(sorted(data)) if n % 2 == 0}
    k, floor = 120, 60
    short = 0
    for query in unit(np.random.default_rng(5), 12):
        for groups in (None, allowed):
            lean = index.search_numbers(query, k, groups, at_least=floor)
            assert floor <= lean.size <= k
            assert lean.tolist() == sorted(lean.tolist())
            found = {ids[n] for n in lean.tolist()}
            assert groups is None or found <= groups
            best = {g for g, _, _ in brute_force(data, query, lean.size, groups)}
            assert len(found & best) >= 0.95 * lean.size
            short += lean.size < k
            # at_least = k is the full count, the same as no at_least at all
            full = index.search_numbers(query, k, groups)
            assert full.size == k
            assert index.search_numbers(query, k, groups, at_least=k).tolist() == full.tolist()
    assert short > 0
    for bad in (0, k + 1):
        with pytest.raises(ValueError, match="at_least"):
            index.search_numbers(unit(np.random.default_rng(1), 1)[0], k, at_least=bad)


def _wide_index(db: Database, tmp_path: Path) -> tuple[FaissVectorIndex,
                                                      dict[str, dict[str, np.ndarray]]]:
    """3,000 groups in HNSW mode whose filtered searches are all exact scans."""
    data = corpus(seed=13, groups=3_000)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                             exact_threshold=100_000)
    index.upsert(list(data.items()))
    assert index.mode == "hnsw" and index._sketch is not None
    return index, data


@pytest.mark.parametrize("k", [10, 150])
def test_a_large_exact_search_scores_only_its_sketch_leaders(
        db: Database, tmp_path: Path, k: int) -> None:
    """A filter allowing many groups ranks them on their sketches first and scores only
    the leaders on their codes: far fewer groups' bests are computed than the filter
    allows, and the answer is the one scoring every allowed group gives."""
    from indexer.stores import faiss_index as fi

    index, data = _wide_index(db, tmp_path)
    allowed = {g for n, g in enumerate(sorted(data)) if n % 15}  # 2,800 groups
    depth = k + fi.RERANK_MARGIN if k <= fi.RERANK_MAX_K else k
    leaders = max(fi.SKETCH_DEPTH * depth, fi.SKETCH_MIN_GROUPS)
    assert len(allowed) > fi.SKETCH_SPARE * leaders  # the pre-scan applies
    memo = index.memo_handle()
    for query in unit(np.random.default_rng(17), 8):
        index.use_sketch = True
        sketched = as_tuples(index.search(query, k, allowed))
        assert leaders <= memo.computed < leaders + 50  # ties at the cut join the leaders
        index.use_sketch = False
        scanned = as_tuples(index.search(query, k, allowed))
        assert memo.computed == len(allowed)
        assert sketched == scanned and len(sketched) == k
        assert {g for g, _, _ in sketched} <= allowed


def test_sketches_follow_writes_and_snapshots(db: Database, tmp_path: Path) -> None:
    """A group written after the graph was built is sketched too (found through the
    pre-scan); a snapshot keeps the sketches, and one saved without them (an older
    Scout) gets the same ones fitted on load."""
    index, data = _wide_index(db, tmp_path)
    index.save_snapshot()
    rng = np.random.default_rng(23)
    query = unit(rng, 1)[0]
    allowed = set(data) | {"fresh"}
    index.upsert([("fresh", {"best": query})])
    assert index.search(query, 10, allowed)[0].group == "fresh"
    saved = index._sketch.rows[:index._next_id].copy()  # type: ignore[union-attr]
    index.save_snapshot()
    reloaded = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                                exact_threshold=100_000)
    assert np.array_equal(reloaded._sketch.rows[:reloaded._next_id], saved)  # type: ignore[union-attr]
    assert as_tuples(reloaded.search(query, 10, allowed)) == as_tuples(
        index.search(query, 10, allowed))

    meta = json.loads((tmp_path / "vectors" / "content.json").read_text())
    arrays_path = tmp_path / "vectors" / meta["arrays"]
    with np.load(arrays_path) as arrays:
        older = {name: arrays[name] for name in arrays.files if not name.startswith("sketch")}
    with arrays_path.open("wb") as handle:
        np.savez(handle, **older)
    refitted = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                                exact_threshold=100_000)
    assert refitted._sketch is not None
    assert refitted._sketch.rows[:refitted._next_id].shape == saved.shape
    assert as_tuples(refitted.search(query, 10, allowed)) == as_tuples(
        index.search(query, 10, allowed))


def test_a_graph_compacted_back_to_flat_drops_its_sketches(db: Database,
                                                           tmp_path: Path) -> None:
    """Compaction renumbers the vectors: sketches numbered by the old ids must not rank
    the new ones. Shrunk below the threshold, the index is flat over the decoded int8
    codes and scans every allowed group again (the same groups as brute force, up to
    the codes' rounding)."""
    index, data = _wide_index(db, tmp_path)
    index.hnsw_threshold = 10_000
    index.delete_groups(sorted(data)[:1_000])  # a third of the graph is dead
    assert index.compact() and index.mode == "flat" and index._sketch is None
    rest = {g: v for g, v in data.items() if g in set(sorted(data)[1_000:])}
    found = total = 0
    for query in unit(np.random.default_rng(29), 5):
        got = {h.group for h in index.search(query, 10, set(rest))}
        found += len(got & {g for g, _, _ in brute_force(rest, query, 10)})
        total += 10
    assert found / total >= 0.9


def test_a_lent_memo_brings_a_search_s_best_vectors_back_to_the_lender(
        db: Database, tmp_path: Path) -> None:
    """A search run on another thread with the caller's memo (the ranker's content
    search) leaves each re-scored group's best where the caller's exact scoring finds
    it; without the loan the other thread's memo is its own and the caller recomputes."""
    data = corpus(groups=400)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100,
                             exact_threshold=50)
    index.upsert(list(data.items()))
    ids = index.numbering.ids
    lent, own = unit(np.random.default_rng(11), 2)
    memo = index.memo_handle()

    def borrowed() -> np.ndarray:
        with index.lent_memo(memo):
            return index.search_numbers(lent, 120)

    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(borrowed).result()
        computed = memo.computed
        assert computed >= found.size  # the graph's leaders, re-scored into the loan
        scores = index.best_scores(lent, [ids[n] for n in found.tolist()])
        assert memo.computed == computed  # ... and the caller finds every one of them
        assert np.all(np.isfinite(scores))
        found = pool.submit(index.search_numbers, own, 120).result()
        index.best_scores(own, [ids[n] for n in found.tolist()])
        assert memo.computed == found.size  # not lent: the caller computes them all
    with pytest.raises(TypeError, match="not a memo"), index.lent_memo(object()):  # type: ignore[arg-type]
        pass


def test_searches_start_no_threads_whatever_the_callers_openmp_team(
        db: Database, tmp_path: Path) -> None:
    """One query's search starts no threads: not through the compiled loop of a large
    exact filter, nor FAISS's graph, filtered or not, even from a thread whose OpenMP
    team is 3 (on two cores extra workers only fight numpy's threads). FAISS's
    filtered scan of the codes, which the loop replaced, started 2 OpenMP workers here
    for one query. The caller's team is left as it was."""
    data = corpus(groups=200)
    index = FaissVectorIndex(db, "content", DIM, tmp_path / "vectors", hnsw_threshold=100)
    index.upsert(list(data.items()))
    assert index.mode == "hnsw"
    query = unit(np.random.default_rng(5), 1)[0]
    allowed = set(sorted(data)[:120])
    index.search(query, 5, allowed)  # the loop's one-time load happens here, not below
    main_team = faiss.omp_get_max_threads()
    seen: dict[str, object] = {}

    def tasks() -> set[str]:
        return set(os.listdir("/proc/self/task"))

    def serve() -> None:
        faiss.omp_set_num_threads(3)
        before = tasks()
        exact = {h.group for h in index.search(query, 5, allowed)}
        index.exact_threshold, index.auto_exact = 0, False  # now the graph, filtered
        graph = {h.group for h in index.search(query, 5, allowed)}
        seen["numbers"] = index.search_numbers(query, 5, allowed).size
        seen["unfiltered"] = len(index.search(query, 5))
        seen["new threads"] = len(tasks() - before)
        seen["team after"] = faiss.omp_get_max_threads()
        want = {g for g, _, _ in brute_force(data, query, 5, allowed)}
        seen["exact hits"], seen["graph hits"] = len(exact & want), len(graph & want)

    worker = threading.Thread(target=serve)
    worker.start()
    worker.join()
    assert seen["new threads"] == 0 and seen["team after"] == 3
    assert seen["numbers"] == seen["unfiltered"] == 5
    assert seen["exact hits"] == 5
    assert isinstance(seen["graph hits"], int) and seen["graph hits"] >= 4
    assert faiss.omp_get_max_threads() == main_team


def test_a_graphs_quantizer_is_read_once_its_codes_each_time_and_forgotten_with_it() -> None:
    """The decoding parameters are kept per graph (reading them cost ~5 FAISS calls a
    query); the codes view follows adds, and a dropped graph leaves nothing behind."""
    import gc
    import weakref

    import indexer.stores.faiss_index as fi

    rng = np.random.default_rng(2)
    graph = faiss.IndexHNSWSQ(8, faiss.ScalarQuantizer.QT_8bit, 16)
    with pytest.raises(ValueError, match="not trained"):
        fi._affine_codes(graph)
    graph.train(rng.random((200, 8), dtype=np.float32))
    graph.add(rng.random((50, 8), dtype=np.float32))
    codes, scale, offset = fi._affine_codes(graph)
    assert codes.shape == (50, 8)
    decoded = codes.astype(np.float32) * scale + offset
    np.testing.assert_allclose(decoded, graph.storage.reconstruct_n(0, 50), atol=1e-5)
    graph.add(rng.random((30, 8), dtype=np.float32))
    again, scale_again, _ = fi._affine_codes(graph)
    assert again.shape == (80, 8) and scale_again is scale
    alive = weakref.ref(graph)
    del graph, codes, again
    gc.collect()
    assert alive() is None  # the cache did not keep the graph (and its codes) alive
