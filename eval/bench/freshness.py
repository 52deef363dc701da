"""Freshness: time from an upsert returning to the creator being searchable (issue item 6).

Through the real API, on both backends: a write key posts a creator whose bio
carries a word no other creator has; the clock starts when the POST returns,
and a read key then searches for that word every 10 ms (through whichever of
the 2 workers answers) until the creator is in the results.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from eval.bench.common import Settings, percentiles, table, write_result
from eval.bench.server import create_key, serve
from indexer.sample_data import generate

TARGET_S = 1.0
POLL_S = 0.01


def _call(url: str, key: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as resp:
        return json.loads(resp.read() or b"null")


def _trials(url: str, write: str, read: str, n: int, seed: int) -> list[float]:
    out = []
    base = [r for r, _ in generate(n + 1, seed)][1:]
    for i, record in enumerate(base):
        word = f"zqfresh{uuid.uuid4().hex[:10]}"
        creator = {**record, "id": f"fresh_{word}", "bio": f"{word} {record.get('bio', '')}"}
        _call(url, write, "POST", "/v1/creators", {"creators": [creator]})
        returned = time.perf_counter()
        while True:
            hits = _call(url, read, "GET", f"/v1/search?q={word}&limit=5")["results"]
            if any(h["creator_id"] == creator["id"] for h in hits):
                out.append(time.perf_counter() - returned)
                break
            if time.perf_counter() - returned > 30:
                out.append(float("inf"))
                break
            time.sleep(POLL_S)
        if i == 0:
            out.pop()  # the first write also loads the model in the worker: a warm-up
    return out


def _seed_catalog(url: str, write: str, n: int) -> None:
    records = [r for r, _ in generate(n, 5)]
    for start in range(0, n, 20):
        _call(url, write, "POST", "/v1/creators", {"creators": records[start:start + 20]})


def run(settings: Settings) -> dict[str, Any]:
    trials = 4 if settings.size == "small" else 20
    catalog = 10 if settings.size == "small" else 60
    rows = []
    backends: list[tuple[str, dict[str, str]]] = [("embedded", {})]
    os_url = os.environ.get("SCOUT_OPENSEARCH_URL", "http://127.0.0.1:9200")
    if _reachable(os_url):
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        backends.append(("opensearch", {"SCOUT_BACKEND": "opensearch",
                                        "SCOUT_OPENSEARCH_URL": os_url,
                                        "SCOUT_OPENSEARCH_INDEX_PREFIX": prefix}))
    else:
        settings.say(f"freshness: no OpenSearch at {os_url}; measuring the embedded backend only")
    for name, env in backends:
        data_dir = Path(tempfile.mkdtemp(prefix=f"scout-fresh-{name}-"))
        settings.say(f"freshness: {name} backend, {trials} upserts")
        try:
            write = create_key(data_dir, "operator", "write", env)
            read = create_key(data_dir, "bench", "read", env)
            with serve(data_dir, workers=2, env=env) as (url, _proc):
                _seed_catalog(url, write, catalog)
                times = _trials(url, write, read, trials, 11)
            ms = [t * 1000.0 for t in times]
            rows.append({"backend": name, "catalog": catalog, **percentiles(ms),
                         "max": round(max(ms), 1)})
        finally:
            if name == "opensearch":
                _drop(os_url, env["SCOUT_OPENSEARCH_INDEX_PREFIX"])
            shutil.rmtree(data_dir, ignore_errors=True)
    targets = [{"target": f"upsert -> searchable <= {TARGET_S:g} s ({r['backend']})",
                "max_ms": r["max"], "p95_ms": r["p95"], "met": r["max"] <= TARGET_S * 1000}
               for r in rows]
    result = {"rows": rows, "targets": targets, "poll_ms": POLL_S * 1000}
    print(table([["backend", "trials", "p50 ms", "p95 ms", "max ms"]]
                + [[r["backend"], r["n"], r["p50"], r["p95"], r["max"]] for r in rows]))

    def plot(ax: Any) -> None:
        names = [r["backend"] for r in rows]
        ax.bar(names, [r["p50"] for r in rows], label="median", color="tab:blue")
        ax.scatter(names, [r["max"] for r in rows], color="k", marker="_", s=400, label="max")
        ax.axhline(TARGET_S * 1000, color="r", linestyle=":", label="target")
        ax.set_ylabel("ms from upsert returning to searchable")
        ax.set_title("Freshness through the API (2 workers)")
        ax.legend(fontsize=8)

    write_result(settings, "freshness", result, plot)
    return result


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def _drop(url: str, prefix: str) -> None:
    """Delete the benchmark's own indices (never another prefix's)."""
    try:
        req = urllib.request.Request(f"{url}/{prefix}-*", method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()
    except OSError:
        pass
