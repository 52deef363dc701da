"""Scale corpora for the benchmarks: real records, synthetic clustered vectors.

Embedding a million creators (about 8 million texts) on two CPU cores would
take days, so the scale corpora keep Scout's real records (from
:func:`indexer.sample_data.iter_generate`) and write them through Scout's real
stores, but replace each text embedding with a vector drawn from a clustered
distribution: a creator's profile and posts scatter around a creator centre,
which scatters around one of a few sub-topic centroids of its main category.
Queries are drawn the same way, so "relevant" creators exist for every query
and filters on category correlate with the vectors, as they do with real text.

A built corpus is cached in its directory (``corpus.json`` marks it complete),
so the 1M corpus is built once and reused by every benchmark.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.features import CreatorFeatures
from indexer.sample_data import CATEGORIES, iter_generate
from indexer.stores.base import Backend, IndexedCreator
from schemas import Creator

log = logging.getLogger(__name__)

DIM = 384
SUBTOPICS = 8
#: Shape of the distribution, fitted to MiniLM embeddings of 7,500 sample-corpus texts:
#: unit vectors whose mean has norm ~0.49 (random pairs have cosine ~0.25, p99 ~0.56)
#: and whose residual variance decays as a power law over principal axes (i^-1.0).
MEAN_SHARE = 0.24
SPECTRUM_POWER = 1.0
#: How the residual variance (1 - MEAN_SHARE) splits: topic (sub-topic centroid),
#: creator (its centre around the centroid), item (a post around the centre), and
#: query (a brief around a centroid).
TOPIC_VAR, CREATOR_VAR, ITEM_VAR, PROFILE_VAR, QUERY_VAR = 0.36, 0.2, 0.2, 0.12, 0.4
WRITE_CHUNK = 2_000
MARKER = "corpus.json"


@dataclass(frozen=True)
class CorpusInfo:
    """What a built corpus holds."""

    path: str
    creators: int
    profile_vectors: int
    content_vectors: int
    seed: int
    dim: int
    build_s: float
    vectors: str = "synthetic-clustered"


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class VectorModel:
    """The clustered distribution: one centroid per (category, sub-topic)."""

    def __init__(self, seed: int, dim: int = DIM) -> None:
        self.seed = seed
        self.dim = dim
        rng = np.random.default_rng([seed, 7])
        basis, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
        spectrum = np.arange(1, dim + 1, dtype=np.float64) ** -SPECTRUM_POWER
        # rows of ``self.axes`` scaled so that N(0, I) @ axes has total variance 1
        self.axes = (basis * np.sqrt(spectrum / spectrum.sum())).T.astype(np.float32)
        self.mean = _unit(rng.standard_normal((1, dim)))[0] * np.float32(np.sqrt(MEAN_SHARE))
        topics = self.noise(rng, len(CATEGORIES), TOPIC_VAR * 0.6)
        subs = np.repeat(topics, SUBTOPICS, axis=0) + self.noise(
            rng, len(CATEGORIES) * SUBTOPICS, TOPIC_VAR * 0.4)
        self.centroids = (self.mean + subs).astype(np.float32)
        self.category_index = {c: i for i, c in enumerate(CATEGORIES)}

    def cluster(self, categories: list[str], creator_id: str) -> int:
        top = self.category_index.get(categories[0], 0) if categories else 0
        sub = int.from_bytes(hashlib.blake2b(creator_id.encode(), digest_size=2).digest(),
                             "little") % SUBTOPICS
        return top * SUBTOPICS + sub

    def noise(self, rng: np.random.Generator, n: int, variance: float) -> np.ndarray:
        """``n`` draws of the anisotropic noise with total variance ``variance``."""
        z = rng.standard_normal((n, self.dim)).astype(np.float32)
        return (z @ self.axes) * np.float32(np.sqrt(variance))

    def creators(self, records: list[dict[str, Any]], chunk: int
                 ) -> list[tuple[np.ndarray, dict[str, np.ndarray]]]:
        """Profile vector and post vectors of each record (deterministic per chunk)."""
        rng = np.random.default_rng([self.seed, 11, chunk])
        clusters = [self.cluster(r.get("categories") or [], r["id"]) for r in records]
        centres = self.centroids[clusters] + self.noise(rng, len(records), CREATOR_VAR)
        profiles = _unit(centres + self.noise(rng, len(records), PROFILE_VAR))
        counts = [len(r.get("content") or []) for r in records]
        items = _unit(np.repeat(centres, counts, axis=0)
                      + self.noise(rng, sum(counts), ITEM_VAR))
        out: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []
        at = 0
        for n, record in enumerate(records):
            posts = record.get("content") or []
            out.append((profiles[n], {p["id"]: items[at + i] for i, p in enumerate(posts)}))
            at += len(posts)
        return out

    def queries(self, n: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng([self.seed, 13, seed])
        picks = rng.integers(0, len(self.centroids), n)
        return _unit(self.centroids[picks] + self.noise(rng, n, QUERY_VAR))


def _chunks(n: int, seed: int, size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record, _latent in iter_generate(n, seed):
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _produce(n: int, seed: int, size: int, queue: Any) -> None:
    for batch in _chunks(n, seed, size):
        queue.put(batch)
    queue.put(None)


def _pipelined(n: int, seed: int, size: int) -> Iterator[list[dict[str, Any]]]:
    """:func:`_chunks`, generated in a second process while this one writes (the
    generator is sequential: names are deduplicated across the whole corpus)."""
    if n <= 20 * size:
        yield from _chunks(n, seed, size)
        return
    ctx = mp.get_context("spawn")
    queue = ctx.Queue(maxsize=4)
    worker = ctx.Process(target=_produce, args=(n, seed, size, queue), daemon=True)
    worker.start()
    try:
        while (batch := queue.get()) is not None:
            yield batch
    finally:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()


def _deferred(index: Any) -> AbstractContextManager[None]:
    """The index's bulk-load mode where it has one (the embedded FAISS index)."""
    deferred = getattr(index, "deferred", None)
    return deferred() if deferred is not None else nullcontext()


def corpus_dir(root: Path, n: int, seed: int) -> Path:
    return root / f"corpus-{n}-s{seed}"


def load_info(path: Path) -> CorpusInfo | None:
    marker = path / MARKER
    if not marker.is_file():
        return None
    return CorpusInfo(**json.loads(marker.read_text()))


def build_corpus(
    path: Path,
    n: int,
    seed: int,
    open_backend: Callable[[Path, int], Backend],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> CorpusInfo:
    """Write ``n`` sample creators with synthetic vectors into a backend at ``path``.

    Reuses a complete earlier build; a half-built directory is wiped and rebuilt.
    """
    done = load_info(path)
    if done is not None and done.creators == n and done.seed == seed:
        return done
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    model = VectorModel(seed)
    started = time.perf_counter()
    backend = open_backend(path, model.dim)
    written = items = 0
    try:
        # Bulk load: vectors go to the SQLite log only; each index is built once at the end.
        with _deferred(backend.profiles), _deferred(backend.content):
            for number, records in enumerate(_pipelined(n, seed, WRITE_CHUNK)):
                vectors = model.creators(records, number)
                batch: list[IndexedCreator] = []
                for record, (profile, posts) in zip(records, vectors, strict=True):
                    creator = Creator.model_validate(record)
                    batch.append(IndexedCreator(creator, CreatorFeatures.of(creator), profile,
                                                posts))
                with backend.transaction():
                    backend.docs.upsert(batch)
                    backend.profiles.upsert([(b.creator.id, {b.creator.id: b.profile_vector})
                                             for b in batch])
                    backend.content.upsert([(b.creator.id, b.content_vectors) for b in batch])
                written += len(batch)
                items += sum(len(b.content_vectors) for b in batch)
                if progress is not None:
                    progress(written, n)
            log.info("records written; building the vector indexes")
        log.info("building the document mirror and writing snapshots")
        backend.flush()
    finally:
        backend.close()
    info = CorpusInfo(path=str(path), creators=written, profile_vectors=written,
                      content_vectors=items, seed=seed, dim=model.dim,
                      build_s=round(time.perf_counter() - started, 1))
    (path / MARKER).write_text(json.dumps(asdict(info), indent=2) + "\n")
    return info
