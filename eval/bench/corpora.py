"""Open (building on first use) the benchmark corpora of each size."""

from __future__ import annotations

import time
from pathlib import Path

from eval.bench.common import SEED, Settings, all_cores
from eval.bench.corpus import DIM, CorpusInfo, build_corpus, corpus_dir
from indexer.stores.embedded import EmbeddedBackend


def open_corpus(settings: Settings, n: int) -> tuple[EmbeddedBackend, CorpusInfo]:
    """The embedded backend over the ``n``-creator corpus (built and cached if missing)."""
    path = corpus_dir(settings.data, n, SEED)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0 or done == total:
            settings.say(f"  corpus {n:,}: {done:,}/{total:,} creators "
                         f"({time.perf_counter() - started:.0f}s)")

    with all_cores():
        info = build_corpus(path, n, SEED, _open, progress=progress)
    return _open(Path(info.path), DIM), info


def _open(path: Path, dim: int) -> EmbeddedBackend:
    return EmbeddedBackend(path, dim)
