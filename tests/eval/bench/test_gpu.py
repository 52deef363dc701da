"""The GPU benchmark's two steps work end to end on a CPU-only machine.

The figures in docs/bench/gpu.json come from a machine with a GPU; here the
bundle is prepared and measured on the CPU alone, which proves the files, the
reference agreement and the output format (nothing looks at a timing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import eval.bench.gpu as gpu
from eval.bench.common import Settings

pytestmark = pytest.mark.slow


def test_prepare_then_measure_on_cpu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle"
    meta = gpu.prepare(bundle, creators=3, weights_fp16=True)
    texts = json.loads((bundle / "texts.json").read_text())
    assert meta["texts"] == len(texts) > 3 and meta["weights_fp16"]
    reference = np.load(bundle / "reference.npy")
    assert reference.shape == (min(len(texts), gpu.REFERENCE_TEXTS), 384)
    assert np.allclose(np.linalg.norm(reference, axis=1), 1.0, atol=1e-4)

    monkeypatch.setattr(gpu, "SEARCH_SIZES", (2_000,))
    monkeypatch.setattr(gpu, "BATCHES_CPU", (16,))
    monkeypatch.setattr(gpu, "LATENCY_TEXTS", 3)
    out = tmp_path / "out"
    result = gpu.measure(bundle, Settings(size="small", out=out, quiet=True), reps=1, queries=4)
    cpu = next(a for a in result["agreement"] if a["path"] == "CPU fp32")
    # fp16-stored weights cast back to fp32 still give the fp32 model's vectors
    assert cpu["min_cosine"] > 0.999
    assert result["search"][0]["path"].startswith("CPU")
    assert result["search"][0]["recall@10"] == 1.0 and result["search"][0]["n"] == 4
    assert all(r["texts_per_s"] > 0 for r in result["encode"])
    body = json.loads((out / "gpu.json").read_text())
    assert body["benchmark"] == "gpu" and body["single_text_latency"][0]["n"] == 3
    assert (out / "gpu.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "gpu-search.png").read_bytes().startswith(b"\x89PNG")


def test_bench_gpu_without_cuda_says_so(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scout", "bench", "gpu", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "CUDA_VISIBLE_DEVICES": "", "PYTHONWARNINGS": "ignore"})
    assert proc.returncode != 0
    assert "no CUDA device" in proc.stderr
    assert not (tmp_path / "gpu.json").exists()
