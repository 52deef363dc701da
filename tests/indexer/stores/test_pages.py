"""2 MB pages for the vector graph: placed where the system can, contents untouched."""

from __future__ import annotations

import ctypes
from pathlib import Path

import faiss
import numpy as np
import pytest

from indexer.stores import faiss_index, pages
from indexer.stores.faiss_index import FaissVectorIndex
from indexer.stores.sqlite_db import Database

MB = 1 << 20


def test_collapse_places_a_malloc_range_on_2mb_pages_keeping_its_bytes() -> None:
    """Memory from ``malloc`` (as FAISS's graph is) lies on 4 KB pages; collapsed, its
    whole 2 MB pages move, where the system can, and the bytes stay what they were."""
    size = 12 * MB
    buffer = ctypes.create_string_buffer(size)
    view = np.frombuffer(buffer, dtype=np.uint8)
    view[:] = np.random.default_rng(1).integers(0, 256, size, dtype=np.uint8)
    before = view.copy()
    address = ctypes.addressof(buffer)
    placed = pages.collapse(address, size)
    assert placed % pages.HUGE_PAGE == 0 and placed <= size
    if pages.available():
        assert placed >= 4 * MB  # 12 MB hold at least five whole 2 MB pages
        assert pages.huge_bytes(address, size) >= placed
    else:
        assert placed == 0
    np.testing.assert_array_equal(view, before)
    assert pages.collapse(address, 0) == 0
    assert pages.collapse(address, MB) == 0  # no whole 2 MB page inside


def test_a_graph_is_placed_on_2mb_pages_and_answers_alike(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An index that turns into a graph puts its codes on 2 MB pages (where the system
    can); one told not to answers every search the same."""
    dim = 384
    rng = np.random.default_rng(3)
    mat = rng.standard_normal((12_000, dim)).astype(np.float32)
    mat /= np.linalg.norm(mat, axis=1, keepdims=True)
    data = [(f"g{n:05d}", {f"g{n:05d}-k": mat[n]}) for n in range(mat.shape[0])]
    db = Database(tmp_path / "scout.db")
    placed = FaissVectorIndex(db, "content", dim, tmp_path / "vectors", hnsw_threshold=1_000)
    placed.upsert(data)
    assert placed.mode == "hnsw"
    storage = faiss.downcast_index(placed._hnsw.storage)
    address, size = int(storage.codes.data()), int(storage.codes.size())
    assert size == 12_000 * dim  # 4.6 MB: at least one whole 2 MB page
    if pages.available():
        assert pages.huge_bytes(address, size) >= pages.HUGE_PAGE
        assert placed._settle_pages() >= pages.HUGE_PAGE  # already there: counted, kept
    monkeypatch.setattr(faiss_index, "HUGE_PAGES", False)
    plain = FaissVectorIndex(db, "content", dim, tmp_path / "vectors", hnsw_threshold=1_000)
    assert plain.mode == "hnsw" and not plain.huge_pages and placed.huge_pages
    assert plain._settle_pages() == 0
    for query in mat[:20] + 0.1 * rng.standard_normal((20, dim)).astype(np.float32):
        assert placed.search(query, 10) == plain.search(query, 10)
    db.close()
