"""One SQLite database file shared by the embedded document store and FAISS's vector log.

Sharing the file lets one transaction cover records and vectors: a batch is in
both stores or in neither, whatever happens mid-write.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Page size of a new database file (an existing file keeps its own). Vectors are 1.5 KB
#: rows in ``WITHOUT ROWID`` tables, which keep only ~1 KB of a row on a 4 KB page and
#: spill the rest into an overflow page of its own: 4.7 KB on disk a vector. On 8 KB
#: pages a vector row fits whole: 1.6 KB a vector, point reads ~2.5x and a full scan ~3x
#: faster (50,000 vectors, docs/benchmarks.md section 8).
PAGE_SIZE = 8192

#: Seconds a connection waits for another process's lock before giving up.
BUSY_TIMEOUT = 60.0


def set_new_file_page_size(conn: sqlite3.Connection) -> None:
    """Use :data:`PAGE_SIZE` if ``conn``'s database is new; call before choosing WAL
    (SQLite ignores the request for a database that already has pages)."""
    conn.execute(f"PRAGMA page_size={PAGE_SIZE}")


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Put ``conn``'s database in WAL mode, waiting up to ``timeout`` seconds for other
    processes that are opening it at the same moment.

    Turning a new file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy handler, when another connection is in the middle
    of the same switch (two gunicorn workers starting together do this). So this retries,
    with a short growing pause, instead of failing a worker's boot.
    """
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


class Database:
    """A WAL-mode SQLite connection with nestable, all-or-nothing transactions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
        )
        set_new_file_page_size(self.conn)
        use_wal(self.conn, BUSY_TIMEOUT)
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.lock = threading.RLock()
        self._depth = 0
        self._after_commit: list[Any] = []
        self._after_rollback: list[Any] = []

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; nested calls join the outer transaction."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                hooks, self._after_rollback, self._after_commit = self._after_rollback, [], []
                for hook in hooks:
                    hook()
                raise
            self._depth = 0
            self.conn.execute("COMMIT")
            hooks, self._after_commit, self._after_rollback = self._after_commit, [], []
            for hook in hooks:
                hook()

    def on_commit(self, commit: Any, rollback: Any) -> None:
        """Run ``commit()`` after the current transaction commits, ``rollback()`` if it fails.

        Outside a transaction, ``commit()`` runs at once.
        """
        with self.lock:
            if self._depth:
                self._after_commit.append(commit)
                self._after_rollback.append(rollback)
            else:
                commit()

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def ensure_meta(self) -> None:
        with self.lock:
            self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")

    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection (its writes not yet committed)."""
        return self._depth > 0

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class RWLock:
    """Many readers or one writer (searches run in parallel; writes wait for them)."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
