"""Serve the API with gunicorn (a production WSGI server), not Flask's dev server."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from scout.config import Config
from scout.errors import ConfigError

log = logging.getLogger(__name__)


class ScoutServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn app that builds one engine per worker (models are not fork-safe)."""

    def __init__(self, config: Config, options: dict[str, Any]) -> None:
        self.scout_config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from indexer.stores import kernels, lexical
        from scout.heap import settle_heap
        from search_api.app import create_app

        app = create_app(self.scout_config)
        app.extensions["scout"].encode("warm up")  # load the model before the first request
        kernels.warm_up()  # and the compiled loops: the vector index's and BM25's
        lexical.warm_up()
        # what is loaded stays: stop walking it; young passes run after responses are sent
        settle_heap(self.scout_config.gc_threshold,
                    between_requests=self.scout_config.gc_between_requests)
        return app


def _child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def serve(config: Config, host: str, port: int, workers: int, threads: int = 4,
          timeout: int | None = None) -> None:
    """Run gunicorn: JSON logs on stderr, metrics summed across workers.

    ``timeout`` (default ``config.request_timeout_s``) is the backstop for a stuck
    request: gunicorn restarts a worker silent for that long.
    """
    from search_api.observe import configure_logging

    configure_logging()
    logging.getLogger("opensearch").setLevel(logging.ERROR)  # Scout logs outages once
    metrics_dir = config.data_dir / ".prometheus"
    shutil.rmtree(metrics_dir, ignore_errors=True)  # counters restart with the server
    metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    # One request is a few small matrix products: BLAS/OpenMP thread pools inside a
    # worker only fight the other workers for the cores (and stall when one is
    # descheduled), so each worker computes single-threaded (docs/benchmarks.md).
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": timeout or config.request_timeout_s,
        "child_exit": _child_exit,
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "graceful_timeout": 10,
        "accesslog": None,
        "loglevel": "warning",
    }
    config = prepare_query_model(config)
    print(f"Scout API on http://{host}:{port}  (backend: {config.backend}, "
          f"data: {config.data_dir}, workers: {workers}, queries embedded with "
          f"{config.query_backend})", flush=True)
    ScoutServer(config, options).run()


def prepare_query_model(config: Config) -> Config:
    """Export the ONNX query model before the workers start, if it is not exported yet.

    A worker loads its model while gunicorn waits for it to boot: a first export there
    (10-20 s on 2 cores, more on a busy box) would eat into the boot timeout, with every
    worker exporting at once. So the export runs here, once, in a child process (the
    master must not load PyTorch before it forks). If it fails and
    ``query_embedding_backend`` is ``auto``, the workers embed queries as the index
    does; a backend asked for by name fails the start.
    """
    from indexer.embedder import onnx_export_needed

    backend = config.query_backend
    if not onnx_export_needed(config.model, backend):
        return config
    log.info("exporting %s to ONNX for query embeddings (once; 10-20 s)", config.model)
    proc = subprocess.run([sys.executable, "-m", "indexer.onnx_embed", config.model, backend],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        return config
    detail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    if not config.query_backend_is_automatic:
        raise ConfigError(f"could not export {config.model!r} for query_embedding_backend "
                          f"{backend!r}: {detail}", field="query_embedding_backend")
    log.warning("query_embedding_backend auto: the ONNX export failed (%s); embedding "
                "queries with %s", detail, config.embedding_backend)
    return config.replace(query_embedding_backend="")
