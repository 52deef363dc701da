"""Running ranker configs over a benchmark through Scout's own engine, and scoring them.

Every config goes through the machinery production uses: the benchmark's
creators are indexed by :class:`scout.engine.Engine` (once per benchmark and
model; later runs reuse the index and the embedding cache under
``DIR/index/``), blends are ``Ranker.match`` calls with the config's weights,
and the ``followers`` baseline reads the same hard filters from the document
store. Other work builds on :func:`evaluate`::

    from eval.runner import evaluate
    result = evaluate(engine, "data/bench", "scout-default", split="test")
    result.means["nDCG@10"]
"""

from __future__ import annotations

import fcntl
import json
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import numpy as np

from eval.benchmark import Benchmark, BenchmarkBrief, load_benchmark
from eval.configs import RunConfig, load_run_config
from eval.metrics import PerBrief, means, per_brief
from eval.properties import RankingProperties, ranking_properties
from eval.trec import Run
from indexer.embedder import Embedder
from ranker.filters import compile_filters
from ranker.ranker import Ranker
from ranker.table import SignalTable, signal_table
from schemas import Brief
from scout.config import DEFAULT_MODEL, Config
from scout.engine import Engine

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Results kept per brief (TREC runs are top 100).
DEPTH = 100
INDEX_DIR = "index"
MARKER = "eval-index.json"


@dataclass(frozen=True)
class Evaluation:
    """One config on one split: mean and per-brief metrics, properties, and the run."""

    config: str
    split: str
    means: dict[str, float]
    per_brief: PerBrief
    properties: RankingProperties
    run: Run


@contextmanager
def benchmark_engine(benchmark: Benchmark, *, model: str = DEFAULT_MODEL,
                     embedder: Embedder | None = None, device: str = "cpu",
                     progress: bool = True, embedding_backend: str = "torch"
                     ) -> Iterator[Engine]:
    """An engine over the benchmark's creators, indexed once per model and then reused.

    The index lives in ``DIR/index/<model key>/`` with a marker holding the
    SHA-256 of ``creators.jsonl``; a changed corpus is re-indexed from scratch.
    Embeddings are cached in ``DIR/index/embedding-cache.db`` across models and
    rebuilds. Processes sharing a benchmark directory take turns through
    ``DIR/index/<model key>.lock``: checking and (re)indexing is exclusive, using
    the index is shared, so one never deletes an index another is reading or
    half-writes one another then trusts.
    The key includes the embedding backend (``torch``, ``onnx``, ``onnx-int8``), so
    each backend gets its own index beside the others.
    """
    root = benchmark.path / INDEX_DIR
    root.mkdir(parents=True, exist_ok=True)
    own = embedder is None
    emb = embedder or Embedder(model, device=device, cache_path=root / "embedding-cache.db",
                               backend=embedding_backend)
    data_dir = root / emb.model_key
    marker = data_dir / MARKER
    fingerprint = benchmark.fingerprint()
    engine: Engine | None = None
    with open(root / f"{emb.model_key}.lock", "a+") as lock:
        try:
            _lock(lock, fcntl.LOCK_EX, data_dir)
            fresh = (marker.is_file()
                     and json.loads(marker.read_text()).get("creators") == fingerprint)
            if not fresh and data_dir.exists():
                shutil.rmtree(data_dir)
            engine = Engine(Config(data_dir=data_dir, model=emb.model_name, device=device,
                                   embedding_backend=emb.backend, show_progress=progress),
                            embedder=emb)
            if not fresh:
                log.info("indexing %s into %s", benchmark.creators_path, data_dir)
                engine.index_paths([benchmark.creators_path])
                marker.write_text(json.dumps({"creators": fingerprint, "model": emb.model_name,
                                              "model_key": emb.model_key,
                                              "embedding_backend": emb.backend},
                                             indent=2) + "\n")
            fcntl.flock(lock, fcntl.LOCK_SH)  # readers share; a rebuild waits for them
            yield engine
        finally:
            if engine is not None:
                engine.close()
            if own:
                emb.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lock(lock: IO[str], mode: int, data_dir: Path) -> None:
    """Take ``mode`` on ``lock``, saying so when another process holds it."""
    try:
        fcntl.flock(lock, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        log.warning("waiting for another process using %s", data_dir)
        fcntl.flock(lock, mode)


class Evaluator:
    """Runs configs over one benchmark with one engine; query vectors are computed once."""

    def __init__(self, engine: Engine, benchmark: Benchmark, *, depth: int = DEPTH,
                 progress: bool = False) -> None:
        self.engine = engine
        self.benchmark = benchmark
        self.depth = depth
        self.progress = progress
        self._vectors: dict[str, np.ndarray] = {}
        encode = engine.ranker.encode

        def cached(text: str) -> np.ndarray:
            if text not in self._vectors:
                self._vectors[text] = encode(text)
            return self._vectors[text]

        self.encode: Callable[[str], np.ndarray] = cached

    # -- runs ----------------------------------------------------------------------
    def run(self, config: RunConfig | str, split: str = "all") -> Run:
        """The top ``depth`` creators per brief of ``split`` for ``config``."""
        cfg = load_run_config(config) if isinstance(config, str) else config
        briefs = self.benchmark.select(split)
        if cfg.kind == "rrf":
            return fuse_rrf([self.run(name, split) for name in cfg.fuse], cfg.rrf_k, self.depth)
        out: Run = {}
        ranker = self.ranker(cfg)
        for item in _progress(briefs, f"{cfg.name} ({split})", self.progress):
            brief = cfg.apply(item.brief)
            if cfg.kind == "followers":
                out[item.id] = self._by_followers(brief)
            else:
                ranked = self._match(ranker, brief)
                out[item.id] = [(c, s) for c, s in ranked if s > 0] if cfg.drop_zero else ranked
        return out

    def ranker(self, config: RunConfig) -> Ranker:
        """Scout's ranker on the engine's stores with ``config``'s weights; the benchmark's
        outcomes (if any) feed ``past_performance`` where the config weights it."""
        outcomes = self.benchmark.outcomes or self.engine.ranker.settings.outcomes
        settings = replace(self.engine.ranker.settings, weights=config.ranker_weights(),
                           outcomes=outcomes)
        return Ranker(self.engine.backend, self.encode, settings)

    def tables(self, split: str = "all") -> dict[str, SignalTable]:
        """Every candidate's signals per brief (for weight tuning)."""
        ranker = self.ranker(load_run_config("scout-default"))
        return {item.id: signal_table(ranker, item.brief, now=self.benchmark.now)
                for item in _progress(self.benchmark.select(split), f"signals ({split})",
                                      self.progress)}

    def _match(self, ranker: Ranker, brief: Brief) -> list[tuple[str, float]]:
        asked = brief.model_copy(update={"limit": self.depth, "cursor": None})
        response = ranker.match(asked, now=self.benchmark.now)
        return [(r.creator_id, r.score) for r in response.results]

    def _by_followers(self, brief: Brief) -> list[tuple[str, float]]:
        docs = self.engine.backend.docs
        ids, _ = docs.browse(compile_filters(brief, now=self.benchmark.now), "followers", 0,
                            self.depth)
        rows = docs.features(ids)
        followers = dict(zip(rows.ids, rows.followers.tolist(), strict=True))
        return [(cid, float(np.nan_to_num(followers.get(cid, 0.0)))) for cid in ids]

    # -- scores --------------------------------------------------------------------
    def evaluate(self, config: RunConfig | str, split: str = "test",
                 run: Run | None = None) -> Evaluation:
        cfg = load_run_config(config) if isinstance(config, str) else config
        run = run if run is not None else self.run(cfg, split)
        return score_run(self.benchmark, run, cfg.name, split)


def score_run(benchmark: Benchmark, run: Run, name: str, split: str = "test") -> Evaluation:
    """Metrics and properties of ``run`` on the briefs of ``split``."""
    briefs = benchmark.select(split)
    values = per_brief(benchmark.qrels, run, [b.id for b in briefs])
    props = ranking_properties(run, benchmark.qrels, {b.id: b.brief for b in briefs},
                               benchmark.creators, benchmark.latent, now=benchmark.now)
    return Evaluation(name, split, means(values), values, props,
                      {b.id: run.get(b.id, []) for b in briefs})


def evaluate(target: Engine | Config | None, benchmark: Benchmark | str | Path,
             config: RunConfig | str, *, split: str = "test", embedder: Embedder | None = None,
             progress: bool = False) -> Evaluation:
    """Score ``config`` on ``benchmark``'s ``split``.

    ``target`` is an engine to evaluate as it is (e.g. with another embedding
    backend), or a :class:`scout.config.Config` / None to index the benchmark
    with that config's model (or the default) and reuse that index next time.
    """
    bench = benchmark if isinstance(benchmark, Benchmark) else load_benchmark(benchmark)
    if isinstance(target, Engine):
        return Evaluator(target, bench, progress=progress).evaluate(config, split)
    model = target.model if target is not None else DEFAULT_MODEL
    device = target.device if target is not None else "cpu"
    backend = target.embedding_backend if target is not None else "torch"
    with benchmark_engine(bench, model=model, embedder=embedder, device=device,
                          progress=progress, embedding_backend=backend) as engine:
        return Evaluator(engine, bench, progress=progress).evaluate(config, split)


def fuse_rrf(runs: list[Run], k: int = 60, depth: int = DEPTH) -> Run:
    """Reciprocal rank fusion: ``sum over runs of 1 / (k + rank)``, ties by creator id."""
    out: Run = {}
    for qid in sorted({q for run in runs for q in run}):
        scores: dict[str, float] = {}
        for run in runs:
            for rank, (cid, _) in enumerate(run.get(qid, []), start=1):
                scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:depth]
        out[qid] = [(cid, round(score, 6)) for cid, score in ranked]
    return out


def _progress(items: list[BenchmarkBrief], label: str, show: bool) -> Iterable[BenchmarkBrief]:
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="brief", leave=False)
