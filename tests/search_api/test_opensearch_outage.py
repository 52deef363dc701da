"""OpenSearch goes away while Scout serves: 503 with ``Retry-After``, never a 500, one log
line per transition, and recovery without restarting Scout.

This test stops a real node, so it starts its own throwaway one on a free port
(``SCOUT_OPENSEARCH_PORT=<port> bash scripts/opensearch.sh up``, sharing the install
cache) and never touches the shared node other tests use. Without Java/Maven/the
node it is skipped, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import CORPUS, make_api
from conftest import missing_server, write_jsonl

pytestmark = [pytest.mark.opensearch, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
BRIEF = {"text": "protein bar taste test for gym-goers", "limit": 5}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Node:
    """A single-node OpenSearch of our own, driven by ``scripts/opensearch.sh``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "SCOUT_OPENSEARCH_PORT": str(port),
                    "SCOUT_OPENSEARCH_HEAP": os.environ.get("SCOUT_OPENSEARCH_HEAP", "512m")}
        cache = Path(os.environ.get("SCOUT_CACHE", Path.home() / ".cache" / "scout"))
        self.state = [cache / "opensearch" / f"node-{port}",
                      cache / "opensearch" / f"node-{port}.lock"]

    def _script(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(REPO / "scripts" / "opensearch.sh"), command],
                              env=self.env, capture_output=True, text=True, timeout=900,
                              check=False)

    def up(self) -> None:
        done = self._script("up")
        if done.returncode != 0:
            raise RuntimeError(f"opensearch.sh up on port {self.port} failed:\n"
                               f"{done.stderr[-3000:]}")

    def down(self) -> None:
        done = self._script("down")
        if done.returncode != 0:
            raise RuntimeError(f"opensearch.sh down on port {self.port} failed:\n"
                               f"{done.stderr[-3000:]}")

    def remove(self) -> None:
        for path in self.state:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


@pytest.fixture
def node() -> Iterator[Node]:
    """A throwaway node, stopped and deleted afterwards, whatever happened."""
    own = Node(_free_port())
    try:
        own.up()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        with contextlib.suppress(RuntimeError, OSError, subprocess.TimeoutExpired):
            own.down()  # a node that started too slowly
        own.remove()
        missing_server(f"cannot start a throwaway OpenSearch node: {exc}")
    try:
        yield own
    finally:
        own.down()
        own.remove()


def _calls(client: Any) -> dict[str, Any]:
    """One request to each read endpoint that needs the cluster."""
    return {
        "match": client.post("/v1/match", json=BRIEF),
        "search": client.get("/v1/search?q=protein"),
        "creator": client.get("/v1/creators/lifter"),
        "similar": client.get("/v1/creators/lifter/similar"),
        "healthz": client.get("/healthz"),
    }


def _outage_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "indexer.stores.opensearch" and r.levelno >= logging.WARNING]


def test_an_outage_is_503_and_scout_recovers_without_a_restart(
        node: Node, make_engine: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(backend="opensearch", vector_index="opensearch",
                         opensearch_url=node.url, opensearch_index_prefix="scout-outage",
                         opensearch_timeout_s=3.0)
    engine.index_paths([write_jsonl(tmp_path / "corpus.jsonl", CORPUS)])
    api = make_api(engine, tmp_path)
    client = api.client()
    try:
        healthy = _calls(client)
        assert {k: r.status_code for k, r in healthy.items()} == dict.fromkeys(healthy, 200)
        top = [r["creator_id"] for r in healthy["match"].get_json()["results"]]
        assert top[0] == "lifter"
        caplog.set_level(logging.WARNING, logger="indexer.stores.opensearch")

        node.down()
        for _ in range(3):  # every request of the outage gets the same clean answer
            for name, resp in _calls(client).items():
                assert resp.status_code == 503, (name, resp.get_data(as_text=True))
                error = resp.get_json()["error"]
                assert error["code"] == "backend_unavailable", name
                assert node.url in error["message"], name
                assert int(resp.headers["Retry-After"]) > 0, name
        logged = _outage_logs(caplog)
        assert len(logged) == 1 and "is unavailable" in logged[0], logged

        node.up()  # the same app, engine and client: no restart of Scout
        back = _calls(client)
        assert {k: r.status_code for k, r in back.items()} == dict.fromkeys(back, 200)
        assert [r["creator_id"] for r in back["match"].get_json()["results"]] == top
        assert back["healthz"].get_json()["creators"] == len(CORPUS)
        logged = _outage_logs(caplog)
        assert len(logged) == 2 and "answers again" in logged[1], logged
    finally:
        api.accounts.close()
