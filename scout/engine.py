"""The engine: one object wiring config, model, stores, indexer and ranker.

The CLI and the API each build one per process; nothing is a module global.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from indexer.embedder import Embedder
from indexer.pipeline import Indexer, IndexReport, OnError
from indexer.stores import open_backend
from indexer.stores.base import Backend
from ranker.outcomes import OutcomeLog, OutcomeSource
from ranker.ranker import Ranker, RankerSettings
from schemas import Brief, Creator, MatchResponse, SearchQuery, SearchResponse, SimilarResponse
from schemas.results import CreatorSummary
from schemas.sets import OverlapResponse
from scout.config import Config
from scout.errors import ConfigError, NotFound

log = logging.getLogger(__name__)
META_FILE = "index.json"


class Engine:
    """Scout on one data dir: index, match, search, similar, delete."""

    def __init__(self, config: Config, *, embedder: Embedder | None = None) -> None:
        self.config = config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self._owns_embedder = embedder is None
        self.embedder = embedder or Embedder(
            config.model, device=config.device, batch_size=config.embed_batch_size,
            cache_path=config.data_dir / "embedding-cache.db", backend=config.embedding_backend,
        )
        meta = self._read_meta()
        if meta and meta.get("model_key") != self.embedder.model_key:
            built = meta.get("embedding_backend", "torch")
            raise ConfigError(
                f"the index in {config.data_dir} was built with model {meta.get('model')!r} "
                f"(embedding backend {built!r}); this run uses {config.model!r} "
                f"({self.embedder.backend!r}). Re-index into a new --data-dir.", field="model")
        #: Embeds briefs and search texts: the indexing embedder, or one of a backend giving
        #: the same vectors faster for one text (``query_embedding_backend``).
        #: ``auto`` may fall back to the indexing embedder if ONNX cannot load the model.
        self.query_embedder = self.embedder.with_backend(config.query_backend)
        dim = int(meta["dim"]) if meta else self.embedder.dim
        self.backend: Backend = open_backend(config, dim)
        if not meta:
            self._write_meta(dim)
        outcomes = OutcomeLog.from_file(config.outcomes) if config.outcomes else None
        self.ranker = Ranker(self.backend, self.encode, RankerSettings(
            candidates_per_retriever=config.candidates_per_retriever,
            concurrent_retrieval=config.concurrent_retrieval,
            retrieval_floor=config.retrieval_floor,
            weights=dict(config.weights) or None, outcomes=outcomes))
        self.indexer = Indexer(self.backend, self.embedder, progress=config.show_progress)
        self._refreshed = 0.0
        self._lock = threading.Lock()

    # -- metadata ----------------------------------------------------------------
    def _meta_path(self) -> Path:
        return self.config.data_dir / META_FILE

    def _read_meta(self) -> dict[str, object] | None:
        path = self._meta_path()
        return json.loads(path.read_text()) if path.is_file() else None

    def _write_meta(self, dim: int) -> None:
        body = {"model": self.config.model, "model_key": self.embedder.model_key, "dim": dim,
                "embedding_backend": self.embedder.backend, "backend": self.config.backend}
        self._meta_path().write_text(json.dumps(body, indent=2) + "\n")

    # -- freshness ---------------------------------------------------------------
    def refresh(self, max_age_s: float = 0.2) -> None:
        """Pick up writes from other processes at most every ``max_age_s`` seconds."""
        now = time.monotonic()
        if now - self._refreshed < max_age_s:
            return
        with self._lock:
            self.backend.refresh()
            self._refreshed = now

    # -- writes --------------------------------------------------------------------
    def index_paths(self, paths: Sequence[str | Path], *, on_error: OnError = "fail",
                    reject_report: Path | None = None) -> IndexReport:
        report = self.indexer.index_paths(paths, on_error=on_error, reject_report=reject_report)
        self.backend.flush()
        return report

    def rebuild_paths(self, paths: Sequence[str | Path], *, on_error: OnError = "fail",
                      reject_report: Path | None = None) -> IndexReport:
        """Re-index from scratch into a new index swapped in at once (``scout index
        --rebuild``); see :meth:`indexer.pipeline.Indexer.rebuild_paths`."""
        report = self.indexer.rebuild_paths(paths, on_error=on_error,
                                            reject_report=reject_report)
        self.backend.flush()
        return report

    def upsert(self, creators: Sequence[Creator]) -> IndexReport:
        return self.indexer.upsert(creators)

    def delete(self, ids: Sequence[str]) -> list[str]:
        gone = self.indexer.delete(ids)
        return gone

    # -- reads ---------------------------------------------------------------------
    def match(self, brief: Brief, *, now: float | None = None,
              exclude: frozenset[str] = frozenset(),
              outcomes: OutcomeSource | None = None) -> MatchResponse:
        """Rank for ``brief``; ``exclude`` (a tenant's hold-backs) never appears;
        ``outcomes`` (a tenant's feedback) feeds ``past_performance`` instead of the
        configured outcomes file."""
        self.refresh()
        return self.ranker.match(brief, now=now, extra_exclude=exclude, outcomes=outcomes)

    def search(self, query: SearchQuery, *, exclude: frozenset[str] = frozenset()
               ) -> SearchResponse:
        self.refresh()
        return self.ranker.search(query, extra_exclude=exclude)

    def similar(self, creator_id: str, limit: int = 20, *,
                exclude: frozenset[str] = frozenset()) -> SimilarResponse:
        self.refresh()
        return self.ranker.similar(creator_id, limit, extra_exclude=exclude)

    def overlap(self, ids: Sequence[str]) -> OverlapResponse:
        """Pairwise audience overlap of 2 to 50 creators, explained (``ranker.overlap``)."""
        from ranker.overlap import compare

        self.refresh()
        return compare(self.backend.docs, ids)

    def get_creator(self, creator_id: str) -> tuple[Creator, CreatorSummary]:
        from ranker.present import summary

        found = self.backend.docs.get([creator_id])
        if creator_id not in found:
            raise NotFound(f"no creator with id {creator_id!r}", field="creator_id")
        return found[creator_id], summary(found[creator_id])

    def encode(self, text: str) -> np.ndarray:
        """A query text's vector (what the ranker embeds briefs and searches with)."""
        embedder = self.query_embedder
        if (embedder is self.embedder or embedder.loaded
                or not self.config.query_backend_is_automatic):
            return embedder.encode_one(text)
        try:  # the first query loads (and on first use exports) the ONNX model
            return embedder.encode_one(text)
        except Exception as exc:  # any failure to load means: embed as the index does
            log.warning("query_embedding_backend auto: %s could not load the model (%s: %s); "
                        "embedding queries with %s instead", embedder.backend,
                        type(exc).__name__, exc, self.embedder.backend, exc_info=True)
            self.query_embedder = self.embedder
            return self.embedder.encode_one(text)

    def health(self) -> dict[str, object]:
        return {"status": "ok", **self.backend.health(), "model": self.config.model}

    def close(self) -> None:
        self.backend.close()
        if self._owns_embedder:
            self.embedder.close()  # and the query embedder, if it is another
