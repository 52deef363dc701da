"""The embedded backend: SQLite document store + FAISS vector index in one data dir."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.sqlite import SqliteDocumentStore
from indexer.stores.sqlite_db import Database

DB_FILE = "scout.db"


class EmbeddedBackend:
    """Records, BM25 and vectors on one machine; no server."""

    name = "embedded"

    def __init__(self, data_dir: Path, dim: int, *, exact_threshold: int = 20_000) -> None:
        self.data_dir = data_dir
        self.db = Database(data_dir / DB_FILE)
        self.db.ensure_meta()
        self.docs = SqliteDocumentStore(self.db)
        snapshots = data_dir / "vectors"
        self.profiles = FaissVectorIndex(self.db, "profile", dim, snapshots,
                                         exact_threshold=exact_threshold)
        self.content = FaissVectorIndex(self.db, "content", dim, snapshots,
                                        exact_threshold=exact_threshold)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def refresh(self) -> None:
        self.profiles.refresh()
        self.content.refresh()

    def flush(self) -> None:
        self.profiles.save_snapshot()
        self.content.save_snapshot()

    def health(self) -> dict[str, object]:
        self.docs.ping()
        return {"backend": self.name, "creators": self.docs.count(),
                "profile_vectors": self.profiles.count(), "content_groups": self.content.count()}

    def close(self) -> None:
        self.db.close()
