"""The shared SQLite database: nestable all-or-nothing transactions and commit hooks."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.embedder import EmbeddingCache
from indexer.stores.sqlite_db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "x.db")
    database.ensure_meta()
    yield database
    database.close()


def test_meta_round_trip(db: Database) -> None:
    assert db.get_meta("k") is None
    db.set_meta("k", "1")
    db.set_meta("k", "2")
    assert db.get_meta("k") == "2"


def test_nested_transactions_commit_or_roll_back_together(db: Database) -> None:
    with pytest.raises(ValueError), db.transaction():
        db.set_meta("outer", "1")
        with db.transaction():
            db.set_meta("inner", "1")
        raise ValueError("late failure")
    assert db.get_meta("outer") is None and db.get_meta("inner") is None
    with db.transaction():
        db.set_meta("outer", "1")
        with db.transaction():
            db.set_meta("inner", "1")
    assert db.get_meta("inner") == "1"


def test_hooks_run_after_commit_or_rollback(db: Database) -> None:
    events: list[str] = []
    with db.transaction():
        db.on_commit(lambda: events.append("commit"), lambda: events.append("rollback"))
        assert events == []  # nothing until the commit
    with pytest.raises(KeyError), db.transaction():
        db.on_commit(lambda: events.append("commit2"), lambda: events.append("rollback2"))
        raise KeyError("x")
    db.on_commit(lambda: events.append("now"), lambda: events.append("never"))
    assert events == ["commit", "rollback2", "now"]


def test_other_connections_see_only_committed_writes(db: Database, tmp_path: Path) -> None:
    other = Database(tmp_path / "x.db")
    with db.transaction():
        db.set_meta("k", "v")
        assert other.get_meta("k") is None
    assert other.get_meta("k") == "v"
    other.close()


def _vector_log_bytes(path: Path, n: int) -> float:
    """Bytes on disk per 384-d float32 vector once ``n`` are logged through the index."""
    import numpy as np

    from indexer.stores.faiss_index import FaissVectorIndex

    database = Database(path)
    database.ensure_meta()
    index = FaissVectorIndex(database, "content", 384, path.parent / "snap")
    rows = np.random.default_rng(0).standard_normal((n, 384)).astype(np.float32)
    with index.deferred():  # groups of 4 posts
        index.upsert([(f"c{g:05d}", {f"v{i}": rows[i] for i in range(g * 4, g * 4 + 4)})
                      for g in range(n // 4)])
    assert index.count() == n // 4
    database.close()  # the last connection folds the write-ahead log into the file
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / n


def test_a_new_database_keeps_a_vector_row_on_one_page(tmp_path: Path) -> None:
    """8 KB pages: a 1.5 KB vector row is stored whole, not spilled into an overflow page
    of its own (4.7 KB a vector on 4 KB pages)."""
    per_vector = _vector_log_bytes(tmp_path / "new.db", 4000)
    assert per_vector < 2000, per_vector


def test_an_existing_database_keeps_its_page_size(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # as Scout created databases before
        conn.execute("PRAGMA page_size=4096")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x)")
    database = Database(path)
    database.ensure_meta()
    assert database.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    database.set_meta("k", "v")
    assert database.get_meta("k") == "v"
    database.close()
    assert Database(tmp_path / "fresh.db").conn.execute("PRAGMA page_size").fetchone()[0] == 8192


def _open_when_released(opener: str, path: str, gate: Any, results: Any) -> None:
    gate.wait()
    try:
        if opener == "database":
            Database(Path(path)).close()
        else:
            EmbeddingCache(Path(path)).close()
        results.put("ok")
    except Exception as exc:  # reported to the parent, which names it
        results.put(repr(exc))


@pytest.mark.parametrize("opener", ["database", "embedding cache"])
def test_processes_opening_a_new_file_together_all_succeed(opener: str, tmp_path: Path) -> None:
    # Gunicorn workers start together and open the same new files; turning a new file to
    # WAL raced and failed a worker's boot with "database is locked" (about 1 time in 4
    # with 6 processes, before use_wal retried).
    ctx = multiprocessing.get_context("fork")
    for trial in range(12):
        path, processes = str(tmp_path / f"{trial}.db"), 6
        gate, results = ctx.Barrier(processes), ctx.Queue()
        workers = [ctx.Process(target=_open_when_released, args=(opener, path, gate, results))
                   for _ in range(processes)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join()
        assert outcomes == ["ok"] * processes, f"trial {trial}: {outcomes}"
