"""Storage backends behind the :mod:`indexer.stores.base` protocols, picked by config."""

from __future__ import annotations

from indexer.stores.base import Backend
from scout.config import Config


def open_backend(config: Config, dim: int) -> Backend:
    """The backend ``config`` asks for: embedded (SQLite + FAISS) or OpenSearch-based."""
    if config.document_store == "sqlite" and config.vector_index == "faiss":
        from indexer.stores.embedded import EmbeddedBackend
        from indexer.stores.faiss_index import AnnSettings

        ann = AnnSettings(hnsw_threshold=config.hnsw_threshold, hnsw_m=config.hnsw_m,
                          ef_construction=config.hnsw_ef_construction,
                          ef_search=config.hnsw_ef_search)
        return EmbeddedBackend(config.data_dir, dim, exact_threshold=config.exact_threshold,
                               ann=ann)
    from indexer.stores.opensearch import OpenSearchBackend  # needs opensearch-py

    return OpenSearchBackend(config, dim)
