"""The embedded backend: SQLite document store + FAISS vector index in one data dir.

Rebuilds (:meth:`EmbeddedBackend.rebuild`) build the new catalogue in a staging
backend in a fresh directory next to the data dir, then replace the live catalogue
with it in one SQLite transaction. Why not rename the staging directory over the data
dir: the data dir also holds state a rebuild must not touch (``tenants.db`` with API
keys and shortlists, the embedding cache), and a running ``scout serve`` keeps its
SQLite connections open, so after a rename it would go on reading (and writing
tenants into) the discarded directory until restarted. One transaction gives the same
guarantee as an atomic rename -- readers, in this process or any other, see the old
catalogue or the complete new one, never a mix (SQLite WAL snapshots) -- and a running
server picks the new one up through its usual refresh, without a restart.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from indexer.features import CreatorFeatures
from indexer.stores.base import IndexedCreator, chunks
from indexer.stores.faiss_index import AnnSettings, FaissVectorIndex
from indexer.stores.ids import Numbering
from indexer.stores.sqlite import SqliteDocumentStore
from indexer.stores.sqlite_db import Database

DB_FILE = "scout.db"
#: Creators copied per statement group when a staged catalogue is swapped in.
SWAP_CHUNK = 500


class EmbeddedBackend:
    """Records, BM25 and vectors on one machine; no server.

    The three stores share one :class:`~indexer.stores.ids.Numbering`, so a filter
    computed by the document store restricts a vector search without converting ids.
    """

    name = "embedded"

    def __init__(self, data_dir: Path, dim: int, *, exact_threshold: int = 20_000,
                 ann: AnnSettings | None = None) -> None:
        self.data_dir = data_dir
        self.dim = dim
        self.exact_threshold = exact_threshold
        self.ann = ann or AnnSettings()
        self.db = Database(data_dir / DB_FILE)
        self.db.ensure_meta()
        self.numbering = Numbering()
        self.docs = SqliteDocumentStore(self.db, numbering=self.numbering,
                                        snapshot_dir=data_dir / "docs")
        snapshots = data_dir / "vectors"
        self.profiles = FaissVectorIndex(self.db, "profile", dim, snapshots,
                                         exact_threshold=exact_threshold,
                                         numbering=self.numbering, **self.ann.kwargs())
        self.content = FaissVectorIndex(self.db, "content", dim, snapshots,
                                        exact_threshold=exact_threshold,
                                        numbering=self.numbering, **self.ann.kwargs())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.transaction():
            yield

    def refresh(self) -> None:
        self.docs.refresh()
        self.profiles.refresh()
        self.content.refresh()

    def data_version(self) -> Hashable | None:
        docs = self.docs.version
        if docs is None:
            return None
        return (docs, self.profiles.version, self.content.version)

    def flush(self) -> None:
        self.docs.save_snapshot()
        self.profiles.save_snapshot()
        self.content.save_snapshot()

    def memory_bytes(self) -> dict[str, int]:
        """Bytes held in memory per part (document mirror, each vector space)."""
        return {"documents": self.docs.memory_bytes(),
                "profile_vectors": self.profiles.memory_bytes(),
                "content_vectors": self.content.memory_bytes()}

    def health(self) -> dict[str, object]:
        self.docs.ping()
        return {"backend": self.name, "creators": self.docs.count(),
                "profile_vectors": self.profiles.count(), "content_groups": self.content.count()}

    # -- rebuild -------------------------------------------------------------------------
    @contextmanager
    def rebuild(self) -> Iterator[EmbeddedBackend]:
        """Yield a staging backend in :func:`staging_dir`; when the block ends normally its
        catalogue replaces this one in one transaction (:meth:`replace_with`). The staging
        directory is removed either way; if the block raises, nothing here changed."""
        where = staging_dir(self.data_dir)
        staged = EmbeddedBackend(where, self.dim, exact_threshold=self.exact_threshold,
                                 ann=self.ann)
        try:
            yield staged
            self.replace_with(staged)
        finally:
            staged.close()
            shutil.rmtree(where, ignore_errors=True)

    def replace_with(self, staged: EmbeddedBackend) -> list[str]:
        """Make this catalogue exactly ``staged``'s, records and vectors, in one SQLite
        transaction; returns the ids that were removed."""
        ids = staged.docs.all_ids()
        keep = set(ids)
        empty = np.zeros(0, dtype=np.float32)
        with self.transaction():
            gone = [cid for cid in self.docs.all_ids() if cid not in keep]
            for part in chunks(gone, SWAP_CHUNK):
                self.docs.delete(part)
            for part in chunks(ids, SWAP_CHUNK):
                found = staged.docs.get(part)  # records only; the vectors follow below
                self.docs.upsert([IndexedCreator(found[cid], CreatorFeatures.of(found[cid]),
                                                 empty, {}) for cid in part])
            replace_vectors(self.profiles, staged.profiles)
            replace_vectors(self.content, staged.content)
        return gone

    def close(self) -> None:
        self.db.close()


def replace_vectors(live: FaissVectorIndex, staged: FaissVectorIndex) -> None:
    """Make ``live`` hold exactly ``staged``'s groups and vectors: groups ``staged`` lacks
    are deleted, the others copied. Call inside a transaction of ``live``'s database, so
    the change commits at once.

    Vectors are read from the staged ``vectors`` table (the truth), not from the index in
    memory, so they are copied exactly whatever the in-memory index keeps.
    """
    keep = _groups(staged)
    drop = sorted(set(_groups(live)) - set(keep))
    for part in chunks(drop, SWAP_CHUNK):
        live.delete_groups(list(part))
    for part in chunks(keep, SWAP_CHUNK):
        found: dict[str, dict[str, np.ndarray]] = {g: {} for g in part}
        rows = staged.db.query(
            f"SELECT grp, key, vec FROM vectors WHERE space = ? AND grp IN "
            f"({','.join('?' * len(part))})", [staged.space, *part])
        for grp, key, blob in rows:
            found[grp][key] = np.frombuffer(blob, dtype=np.float32)
        live.upsert(list(found.items()))


def _groups(index: FaissVectorIndex) -> list[str]:
    rows = index.db.query("SELECT DISTINCT grp FROM vectors WHERE space = ? ORDER BY grp",
                          (index.space,))
    return [str(r[0]) for r in rows]


def staging_dir(data_dir: Path) -> Path:
    """A fresh directory next to ``data_dir`` (same file system) for a rebuild's stores."""
    return data_dir.parent / f".{data_dir.name}.rebuild-{uuid.uuid4().hex[:12]}"
