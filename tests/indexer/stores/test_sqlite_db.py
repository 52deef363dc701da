"""The shared SQLite database: nestable all-or-nothing transactions and commit hooks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
