"""``scout bench all --size small`` runs every benchmark end to end and writes its outputs.

Benchmarks are measurements, not tests: nothing here looks at a timing. It checks
that each benchmark ran, printed its targets, and wrote well-formed JSON and PNG.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval.bench.cli import BENCHMARKS

pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n"


def test_bench_all_small_writes_every_result(tmp_path: Path, onnx_cache: Path) -> None:
    out, data = tmp_path / "results", tmp_path / "corpora"
    proc = subprocess.run(
        [sys.executable, "-m", "scout", "bench", "all", "--size", "small", "--out", str(out),
         "--data", str(data), "--quiet"],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "SCOUT_ONNX_CACHE": str(onnx_cache)})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "targets:" in proc.stdout
    for name in BENCHMARKS:
        body = json.loads((out / f"{name}.json").read_text())
        assert body["benchmark"] == name and body["size"] == "small"
        assert body["machine"]["cores"] and body["command"]
        assert body["targets"], name
        for target in body["targets"]:
            assert target["target"] and target["met"] in (True, False, None)
        png = (out / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 1000, name
    latency = json.loads((out / "latency.json").read_text())
    kinds = {(r["kind"], r["selectivity"]) for r in latency["rows"]}
    assert len(kinds) == 8  # match and search at 100%, 10%, 1%, 0.1%
    # the brief's embedding, measured per backend side by side (the test has ORT)
    assert list(latency["brief_embedding"]) == ["torch", "onnx", "onnx-int8"]
    assert all(e["latency_ms"]["n"] > 0 for e in latency["brief_embedding"].values())
    assert sum("brief embedding" in t["target"] for t in latency["targets"]) == 3
    embed = json.loads((out / "embed.json").read_text())
    assert len(embed["rows"]) == 5  # bare (2 batch sizes), torch, onnx, onnx-int8 (test has ORT)
    assert all(r["texts_per_s"] > 0 and r.get("cos_min", 1.0) > 0.9 for r in embed["rows"])
    scale = json.loads((out / "scale.json").read_text())
    assert {(r["k"], r["selectivity"]) for r in scale["rows"]} == {
        (k, s) for k in (10, scale["deep_k"]) for s in (1.0, 0.1, 0.01, 0.001)}
    assert scale["sizes"][0]["index"] == "hnsw" and scale["sizes"][0]["bytes_per_creator"] > 384
    recall = json.loads((out / "recall.json").read_text())
    assert all(0.0 <= r["recall"] <= 1.0 for r in recall["rows"])
    agreement = recall["ranking_agreement"]
    assert {(a["creators"], a["selectivity"]) for a in agreement} == {
        (n, s) for n in (300, 1_000) for s in (1.0, 0.1, 0.01, 0.001)}
    for a in agreement:
        # small corpora are under score_all_threshold: the served page is scoring everyone
        assert a["scored"] == "everyone" and a["agreement"] == a["min_agreement"] == 1.0, a
        assert 0.0 < a["candidates_min_agreement"] <= a["candidates_agreement"] <= 1.0, a
    http = json.loads((out / "http.json").read_text())
    assert [r["scenario"] for r in http["rows"]] == [
        "search (text)", "search (text) at 500 req/s", "search (filters only)", "match",
        "search (text, unique)", "search (text, unique), torch queries"]
    # the default (auto) embeds queries with ONNX here (the test extra installs it); the
    # side-by-side pass runs PyTorch
    assert [r.get("query_backend") for r in http["rows"][-2:]] == ["onnx", "torch"]
    paced = http["rows"][1]
    assert paced["offered_rps"] == 500.0 and paced["behind_ms"] >= 0.0, paced
    assert "offered_rps" not in http["rows"][0]
    assert all(r["completed"] > 0 and not sum(r["errors"].values()) for r in http["rows"]), (
        http["rows"])
    assert len(http["targets"]) == 2
