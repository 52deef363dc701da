"""Shared fixtures: the real embedding model (once per session), tiny corpora, engines."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from indexer.embedder import Embedder
from indexer.onnx_embed import onnx_cache_root
from scout.config import load_config
from scout.engine import Engine

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEFAULT_OPENSEARCH_URL = "http://127.0.0.1:9200"


def missing_server(why: str) -> NoReturn:
    """A server a test needs is missing: a failure under ``CI=true``, a skip elsewhere."""
    if IN_CI:
        pytest.fail(why, pytrace=False)
    pytest.skip(why)


def opensearch_problem(url: str) -> str | None:
    """Why the node at ``url`` cannot serve Scout's tests (unreachable, red, no k-NN
    plugin), or None when it can."""
    from indexer.stores.opensearch import make_client

    config = load_config(backend="opensearch", opensearch_url=url, opensearch_timeout_s=5.0)
    client = make_client(config)
    try:
        status = client.cluster.health()["status"]
        plugins = {p["component"] for p in client.cat.plugins(format="json")}
    except Exception as exc:
        return (f"OpenSearch is not reachable at {url} ({getattr(exc, 'info', None) or exc}); "
                "start it with `make opensearch-up` or set SCOUT_OPENSEARCH_URL")
    finally:
        client.close()
    if status == "red":
        return f"the OpenSearch cluster at {url} is red"
    if "opensearch-knn" not in plugins:
        return f"the OpenSearch node at {url} has no k-NN plugin (opensearch-knn)"
    return None


def creator_record(cid: str, **fields: Any) -> dict[str, Any]:
    """A v1 creator record with sensible defaults for tests."""
    base: dict[str, Any] = {
        "id": cid, "platform": "tiktok", "handle": f"@{cid}", "country": "DE",
        "languages": ["de", "en"], "categories": ["food"], "followers": 50_000,
        "avg_views": 20_000, "content": [],
    }
    base.update(fields)
    return base


def post(pid: str, caption: str, *, views: int = 10_000, likes: int = 500,
         hashtags: list[str] | None = None, posted_at: str = "2026-10-20T12:00:00Z"
         ) -> dict[str, Any]:
    return {"id": pid, "caption": caption, "hashtags": hashtags or [], "views": views,
            "likes": likes, "comments": 20, "shares": 10, "posted_at": posted_at}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedder]:
    """The real packaged MiniLM model, loaded once, with a session-wide cache; and the
    query embedder engines built on it use by default (``query_embedding_backend =
    auto``: ONNX, exported here on a fresh machine, 10-20 s)."""
    emb = Embedder(cache_path=tmp_path_factory.mktemp("embcache") / "cache.db")
    emb.encode(["warm up"])
    emb.with_backend(load_config().query_backend).encode_one("warm up")
    yield emb
    emb.close()


@pytest.fixture(scope="session")
def onnx_cache() -> Path:
    """The ONNX cache (``SCOUT_ONNX_CACHE`` or ``~/.cache/scout/onnx``) holding the packaged
    model exported to ONNX, fp32 and int8: exported once (10-20 s each) on a fresh
    machine, as Scout itself does, and shared by the tests and the servers they start."""
    for backend in ("onnx", "onnx-int8"):
        Embedder(backend=backend).onnx.encode(["warm up"])
    return onnx_cache_root()


@pytest.fixture(scope="session")
def opensearch_url() -> str:
    """The URL of a reachable OpenSearch node with k-NN (``SCOUT_OPENSEARCH_URL``, else the
    local node of ``make opensearch-up``). Without one the test is skipped, and under
    ``CI=true`` it fails: a missing server never passes silently there."""
    url = os.environ.get("SCOUT_OPENSEARCH_URL", DEFAULT_OPENSEARCH_URL)
    problem = opensearch_problem(url)
    if problem is not None:
        missing_server(problem)
    return url


def drop_opensearch_indices(url: str, prefix: str) -> None:
    """Delete every index (and so every alias) whose name starts with ``prefix-``."""
    from indexer.stores.opensearch import make_client

    client = make_client(load_config(backend="opensearch", opensearch_url=url))
    try:
        names = list(client.indices.get_alias(index=f"{prefix}-*"))
        if names:
            client.indices.delete(index=",".join(names))
    finally:
        client.close()


@pytest.fixture
def opensearch_prefix(opensearch_url: str) -> Iterator[str]:
    """A fresh ``opensearch_index_prefix`` on the test node; its indices go afterwards."""
    prefix = f"scout-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    drop_opensearch_indices(opensearch_url, prefix)


@pytest.fixture
def make_engine(tmp_path: Path, embedder: Embedder) -> Iterator[Any]:
    """Factory for engines on fresh data dirs sharing the session's model."""
    engines: list[Engine] = []

    def make(name: str = "index", **overrides: Any) -> Engine:
        config = load_config(data_dir=tmp_path / name, show_progress=False, **overrides)
        engine = Engine(config, embedder=embedder)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.close()


@pytest.fixture
def api(make_engine: Any, tmp_path: Path) -> Iterator[Any]:
    """The HTTP API over a real engine indexing ``api_support.CORPUS``, with a fresh
    tenancy database; ``api.client(tenant, scope)`` calls it with a key."""
    from api_support import CORPUS, make_api

    engine = make_engine()
    engine.index_paths([write_jsonl(tmp_path / "corpus.jsonl", CORPUS)])
    made = make_api(engine, tmp_path)
    yield made
    made.accounts.close()
